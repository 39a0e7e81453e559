package org.imgloss.metrics.kernel;

import java.util.Arrays;

/**
 * One-dimensional filter windows for SSIM and friends. Every window here is normalised to sum 1 and
 * symmetric; the 2-D window is the outer product with itself, so filtering is separable (rows, then
 * columns).
 *
 * <p>Gaussian taps follow the metric spec §1.2: {@code g_k = exp(−k²/(2σ²)) / Σ_j exp(−j²/(2σ²))}
 * for {@code k = −r … r}. For σ = 1.5 and 11 taps this is the window of Wang et al. 2004, scikit-image
 * ({@code truncate=3.5}), torchmetrics, piq and MATLAB {@code fspecial('gaussian', 11, 1.5)}.
 */
public final class GaussianWindow {

    /** Window size of Wang's SSIM: 11 taps. */
    public static final int WANG_SIZE = 11;
    /** Standard deviation of Wang's SSIM window: 1.5. */
    public static final double WANG_SIGMA = 1.5;

    /**
     * pytorch_msssim 1.0.0 builds its window in float32; these are its taps for k = −5 … 0, bit-exact
     * (spec §1.2). Used as weights in double arithmetic they reproduce pytorch_msssim to ~1e-15.
     */
    private static final float[] PYTORCH_MSSSIM_HALF = {
        0x1.0d957p-10f, 0x1.f1fe02p-8f, 0x1.26eb18p-5f, 0x1.bff0fep-4f, 0x1.b43c3ep-3f, 0x1.10656p-2f,
    };

    private static final double[] WANG = gaussian(WANG_SIZE, WANG_SIGMA);
    private static final double[] PYTORCH_MSSSIM = pytorchMsssimTaps();

    private GaussianWindow() {
    }

    /**
     * Normalised Gaussian taps, {@code size} of them centred on the middle one.
     *
     * @param size  odd, ≥ 1
     * @param sigma &gt; 0
     */
    public static double[] gaussian(int size, double sigma) {
        if (size < 1 || size % 2 == 0) {
            throw new IllegalArgumentException("window size must be odd and >= 1, got " + size);
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be a finite number > 0, got " + sigma);
        }
        int r = size / 2;
        double[] g = new double[size];
        double sum = 0;
        for (int k = -r; k <= r; k++) {
            g[k + r] = Math.exp(-(double) k * k / (2 * sigma * sigma));
            sum += g[k + r];
        }
        for (int i = 0; i < size; i++) {
            g[i] /= sum;
        }
        return g;
    }

    /** {@code size} equal taps of {@code 1/size}: the uniform window of scikit-image's default SSIM. */
    public static double[] uniform(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("window size must be >= 1, got " + size);
        }
        double[] u = new double[size];
        Arrays.fill(u, 1.0 / size);
        return u;
    }

    /** Wang's 11-tap σ = 1.5 window in double precision (a copy). */
    public static double[] wang() {
        return WANG.clone();
    }

    /** pytorch_msssim's float32-built 11-tap σ = 1.5 window, widened to double (a copy). */
    public static double[] pytorchMsssim() {
        return PYTORCH_MSSSIM.clone();
    }

    private static double[] pytorchMsssimTaps() {
        int r = PYTORCH_MSSSIM_HALF.length - 1;
        double[] g = new double[2 * r + 1];
        for (int i = 0; i <= r; i++) {
            g[i] = PYTORCH_MSSSIM_HALF[i];
            g[2 * r - i] = PYTORCH_MSSSIM_HALF[i];
        }
        return g;
    }
}
