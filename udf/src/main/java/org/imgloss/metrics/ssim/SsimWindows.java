package org.imgloss.metrics.ssim;

import org.imgloss.metrics.ParameterException;
import org.imgloss.metrics.kernel.GaussianWindow;

/**
 * The {@code window_size} / {@code gaussian_sigma} parameters of {@code ssim}, {@code ssim_loss} and
 * {@code ms_ssim}: their checks and the windows they select. {@code null} means the default (11 taps,
 * σ 1.5).
 */
final class SsimWindows {

    /** Largest window accepted (a sanity bound: the references use 7 or 11). */
    static final int MAX_WINDOW = 1001;

    private SsimWindows() {
    }

    /** Checks a window size: odd and ≥ 3. */
    static void checkWindowSize(Integer windowSize) {
        if (windowSize == null) {
            return;
        }
        if (windowSize % 2 == 0) {
            throw new ParameterException("window_size", "must be odd, got " + windowSize);
        }
        if (windowSize < 3) {
            throw new ParameterException("window_size", "must be >= 3, got " + windowSize);
        }
        if (windowSize > MAX_WINDOW) {
            throw new ParameterException("window_size", "must be <= " + MAX_WINDOW + ", got " + windowSize);
        }
    }

    /** Checks a Gaussian σ: finite and &gt; 0. */
    static void checkSigma(Double sigma) {
        if (sigma != null && (!(sigma > 0) || sigma.isInfinite())) {
            throw new ParameterException("gaussian_sigma", "must be a finite number > 0, got " + sigma);
        }
    }

    /** The parameter check of {@code window_size}: false for even sizes ("must be odd"), throws for &lt; 3. */
    static boolean validWindowSize(Object value) {
        int v = (Integer) value;
        if (v % 2 == 0) {
            return false;
        }
        checkWindowSize(v);
        return true;
    }

    /** Gaussian taps in double: {@code size} (11) taps of σ (1.5). */
    static double[] gaussian(Integer size, Double sigma) {
        if (size == null && sigma == null) {
            return GaussianWindow.wang();
        }
        return GaussianWindow.gaussian(size == null ? GaussianWindow.WANG_SIZE : size,
                sigma == null ? GaussianWindow.WANG_SIGMA : sigma);
        // (a huge sigma with a fixed size is harmless: the window tends to uniform)
    }

    /** torchmetrics' Gaussian: the size follows σ, 2·int(3.5σ + 0.5) + 1 taps (11 for σ 1.5). */
    static double[] torchmetrics(Double sigma) {
        double s = sigma == null ? GaussianWindow.WANG_SIGMA : sigma;
        long size = 2 * (long) (3.5 * s + 0.5) + 1;
        if (size > MAX_WINDOW) {
            throw new ParameterException("gaussian_sigma", "gives a torchmetrics window of " + size + " taps, more than "
                    + MAX_WINDOW + ", got " + sigma);
        }
        return GaussianWindow.gaussian((int) size, s);
    }

    /** pytorch_msssim's float32 window, which exists only for 11 taps and σ 1.5. */
    static double[] pytorchMsssim(Integer size, Double sigma, String who) {
        if (size != null && size != GaussianWindow.WANG_SIZE) {
            throw new ParameterException("window_size", who + " has only pytorch_msssim's float32 11-tap window; "
                    + "use variant=wang (ms_ssim: downsample=piq or matlab) for other sizes, got " + size);
        }
        if (sigma != null && sigma != GaussianWindow.WANG_SIGMA) {
            throw new ParameterException("gaussian_sigma", who + " has only pytorch_msssim's float32 sigma 1.5 "
                    + "window; use variant=wang (ms_ssim: downsample=piq or matlab) for other sigmas, got " + sigma);
        }
        return GaussianWindow.pytorchMsssim();
    }
}
