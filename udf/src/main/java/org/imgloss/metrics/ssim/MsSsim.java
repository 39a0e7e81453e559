package org.imgloss.metrics.ssim;

import java.util.Arrays;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.Image;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairMetric;
import org.imgloss.metrics.ParameterException;
import org.imgloss.metrics.kernel.BorderMode;
import org.imgloss.metrics.kernel.Downsample;
import org.imgloss.metrics.kernel.GaussianWindow;
import org.imgloss.metrics.pixel.PixelLosses;

/**
 * Multi-scale SSIM (Wang, Simoncelli, Bovik, Asilomar 2003), spec §2.
 *
 * <pre>
 *   MS-SSIM = Π_{j&lt;M} relu(cs̄_j)^{β_j} · relu(ssim̄_M)^{β_M}
 * </pre>
 * with M = 5 scales and β = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333) by default (they sum to 1.0001
 * and, as everywhere, are not renormalised). cs̄_j is the mean contrast-structure term at scale j,
 * ssim̄_M the mean full SSIM at the last scale; between scales the images are halved by 2×2
 * averaging. Each value is clamped at 0 (relu) so that a negative cs never yields NaN. L
 * ({@code data_range}) = 1.0, K1 = 0.01, K2 = 0.03 by default.
 *
 * <p>The {@code downsample} parameter ({@link MsSsimDownsample}) selects whose rules are followed:
 * {@code pytorch_msssim} (default; its float32 window weights, per channel, then the mean),
 * {@code piq}, {@code matlab} or {@code torchmetrics}. Reference and tolerance of each: see
 * {@link StructuralLosses} (catalogue entry {@code ms_ssim}); the spec's §2.7 values are the test
 * vectors of {@code matlab} and {@code torchmetrics}.
 *
 * <p>Fewer scales: pass fewer {@code weights}. An image below the rule's minimum size (e.g. 161 px
 * on the shorter side for pytorch_msssim and piq with 5 scales, 176 for matlab and torchmetrics)
 * gives {@link ErrorCode#TOO_SMALL} with the minimum in the message.
 *
 * <p>Scratch buffers grow to the largest image seen and are reused; one instance per thread.
 */
public final class MsSsim implements PairMetric {

    /** Wang et al. 2003 scale weights. */
    public static final double[] DEFAULT_WEIGHTS = {0.0448, 0.2856, 0.3001, 0.2363, 0.1333};
    /** Most scales accepted (a 16-scale pyramid already needs sides of 11·2^15). */
    public static final int MAX_SCALES = 16;

    private final MsSsimDownsample downsample;
    private final double[] weights;
    private final double dataRange;
    private final double k1;
    private final double k2;
    private final SsimMaps maps;
    private final int minSide;
    private double[] values = new double[0];
    private double[] ax = new double[0];
    private double[] ay = new double[0];
    private double[] bx = new double[0];
    private double[] by = new double[0];

    /**
     * @param downsample whose multi-scale rules to follow
     * @param weights    β per scale (1 … {@value #MAX_SCALES} of them, finite, ≥ 0)
     * @param dataRange  L
     * @param k1         K1
     * @param k2         K2
     */
    public MsSsim(MsSsimDownsample downsample, double[] weights, double dataRange, double k1, double k2) {
        this(downsample, weights, dataRange, k1, k2, null, null);
    }

    /**
     * MS-SSIM with a non-default window (the usual workaround for images too small for 5 scales).
     *
     * @param windowSize    Gaussian taps, odd ≥ 3, or {@code null} for 11: {@code piq} and {@code matlab}
     *                      only (their size rules scale with it); {@code torchmetrics} derives the size from
     *                      σ, {@code pytorch_msssim} has only its float32 11/1.5 window
     * @param gaussianSigma σ (&gt; 0) or {@code null} for 1.5: {@code piq}, {@code matlab}, {@code torchmetrics}
     * @throws ParameterException naming the parameter when the rule set does not support it
     */
    public MsSsim(MsSsimDownsample downsample, double[] weights, double dataRange, double k1, double k2,
                  Integer windowSize, Double gaussianSigma) {
        if (weights.length < 1 || weights.length > MAX_SCALES) {
            throw new IllegalArgumentException("weights: must have 1 to " + MAX_SCALES + " entries, got " + weights.length);
        }
        for (double b : weights) {
            if (!(b >= 0) || Double.isInfinite(b)) {
                throw new IllegalArgumentException("weights: must be finite numbers >= 0, got " + Arrays.toString(weights));
            }
        }
        this.downsample = downsample;
        this.weights = effectiveWeights(downsample, weights);
        this.dataRange = dataRange;
        this.k1 = k1;
        this.k2 = k2;
        SsimWindows.checkWindowSize(windowSize);
        SsimWindows.checkSigma(gaussianSigma);
        switch (downsample) {
            case PYTORCH_MSSSIM:
                maps = new SsimMaps(SsimWindows.pytorchMsssim(windowSize, gaussianSigma, "downsample=pytorch_msssim"),
                        null, 1.0, false);
                break;
            case TORCHMETRICS:
                if (windowSize != null) {
                    throw new ParameterException("window_size", "downsample=torchmetrics derives the window from "
                            + "gaussian_sigma (2*int(3.5*sigma+0.5)+1 taps) and keeps kernel_size 11 for its size "
                            + "check, as torchmetrics does; set gaussian_sigma instead, got " + windowSize);
                }
                maps = new SsimMaps(SsimWindows.torchmetrics(gaussianSigma), BorderMode.WHOLE_SYMMETRIC, 1.0, true);
                break;
            default:
                maps = new SsimMaps(SsimWindows.gaussian(windowSize, gaussianSigma), null, 1.0, false);
        }
        this.minSide = computeMinSide();
    }

    /** MS-SSIM with the default weights, L = 1, K1 = 0.01, K2 = 0.03. */
    public MsSsim(MsSsimDownsample downsample) {
        this(downsample, DEFAULT_WEIGHTS, 1.0, 0.01, 0.03);
    }

    private static double[] effectiveWeights(MsSsimDownsample d, double[] given) {
        double[] w = given.clone();
        if (d == MsSsimDownsample.PIQ && !Arrays.equals(w, DEFAULT_WEIGHTS)) {
            double sum = 0;
            for (double b : w) {
                sum += b;
            }
            if (!(sum > 0)) {
                throw new IllegalArgumentException("weights: piq renormalises custom weights, so they must not all be 0");
            }
            for (int i = 0; i < w.length; i++) {
                w[i] /= sum;
            }
        } else if (d == MsSsimDownsample.TORCHMETRICS) {
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) w[i]; // torchmetrics holds betas as float32
            }
        }
        return w;
    }

    /** Number of scales M. */
    public int scales() {
        return weights.length;
    }

    /** The smallest height and width this configuration accepts. */
    public int minimumSide() {
        return minSide;
    }

    /**
     * The smallest side {@link #accepts} (monotone in the side), by bisection; {@link Integer#MAX_VALUE}
     * when no image of up to 2^30 pixels per side fits.
     */
    private int computeMinSide() {
        int hi = 1 << 30;
        if (!accepts(hi)) {
            return Integer.MAX_VALUE;
        }
        int lo = 0; // accepts(lo) is false: no image has side 0
        while (hi - lo > 1) {
            int mid = lo + (hi - lo) / 2;
            if (accepts(mid)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /** The reference's own size rule plus: every scale but the last holds the window (cs on valid positions). */
    private boolean accepts(int s) {
        int k = ruleWindow();
        int m = weights.length;
        boolean rule;
        switch (downsample) {
            case PYTORCH_MSSSIM:
                rule = s > (k - 1) * 16;
                break;
            case PIQ:
                rule = s >= (long) (k - 1) * (1L << (m - 1)) + 1;
                break;
            case MATLAB:
                rule = s >= k && s / Math.pow(2, m - 1) >= k;
                break;
            case TORCHMETRICS: {
                int d = Math.max(1, m - 1) * Math.max(1, m - 1);
                rule = s >= (1L << m) && s / d > k - 1;
                break;
            }
            default:
                throw new IllegalStateException();
        }
        if (!rule) {
            return false;
        }
        int window = maps.windowSize();
        int side = s;
        for (int j = 0; j < m; j++) {
            boolean last = j == m - 1;
            int needed = last && downsample == MsSsimDownsample.TORCHMETRICS ? window / 2 + 1 : window;
            if (side < needed) {
                return false;
            }
            side = downsample.next(side);
        }
        return true;
    }

    /**
     * The window size in the reference's size rule: the real window, except that pytorch_msssim's rule
     * is fixed to its 11 taps and torchmetrics checks its {@code kernel_size} (11) whatever σ makes
     * of the Gaussian.
     */
    private int ruleWindow() {
        return downsample == MsSsimDownsample.TORCHMETRICS || downsample == MsSsimDownsample.PYTORCH_MSSSIM
                ? GaussianWindow.WANG_SIZE : maps.windowSize();
    }

    private String ruleText() {
        int k = ruleWindow();
        int m = weights.length;
        switch (downsample) {
            case PYTORCH_MSSSIM:
                return "pytorch_msssim requires min(H,W) > (" + k + "-1)*2^4 = " + (k - 1) * 16
                        + " whatever the number of weights";
            case PIQ:
                return "piq requires H, W >= (" + k + "-1)*2^(M-1)+1";
            case MATLAB:
                return "msssim.m requires min(H,W)/2^(M-1) >= " + k;
            case TORCHMETRICS:
                return "torchmetrics requires H, W >= 2^M and floor(side/(M-1)^2) > " + (k - 1);
            default:
                throw new IllegalStateException();
        }
    }

    @Override
    public MetricResult compute(Image reconstruction, Image original) {
        if (!reconstruction.sameShape(original)) {
            return MetricResult.shapeMismatch(reconstruction, original);
        }
        int h = original.height();
        int w = original.width();
        int m = weights.length;
        if (Math.min(h, w) < minSide) {
            return MetricResult.notApplicable(ErrorCode.TOO_SMALL, "image " + h + "x" + w
                    + " is too small for ms_ssim (downsample=" + downsample.configName() + ", " + m
                    + " scales): height and width must be at least " + minSide + " (" + ruleText()
                    + ", and every scale must hold the " + maps.windowSize() + "x" + maps.windowSize() + " window)");
        }
        int channels = original.channels();
        int half = ((h + 1) / 2) * ((w + 1) / 2);
        if (ax.length < half) {
            ax = new double[half];
            ay = new double[half];
            bx = new double[half];
            by = new double[half];
        }
        if (values.length < channels * m) {
            values = new double[channels * m];
        }
        double c1 = (k1 * dataRange) * (k1 * dataRange);
        double c2 = (k2 * dataRange) * (k2 * dataRange);
        int csCrop = downsample == MsSsimDownsample.TORCHMETRICS ? maps.windowSize() / 2 : 0;
        for (int c = 0; c < channels; c++) {
            double[] x = original.plane(c);
            double[] y = reconstruction.plane(c);
            int sh = h;
            int sw = w;
            for (int j = 0; j < m; j++) {
                boolean last = j == m - 1;
                // the finer scales need only cs, the coarsest only SSIM
                values[c * m + j] = last ? maps.meanSsim(x, y, sh, sw, c1, c2) : maps.meanCs(x, y, sh, sw, c2, csCrop);
                if (last) {
                    break;
                }
                double[] nx = (j % 2 == 0) ? ax : bx;
                double[] ny = (j % 2 == 0) ? ay : by;
                halve(x, sh, sw, nx);
                halve(y, sh, sw, ny);
                x = nx;
                y = ny;
                sh = downsample.next(sh);
                sw = downsample.next(sw);
            }
        }
        double result;
        if (downsample == MsSsimDownsample.TORCHMETRICS) {
            // torchmetrics averages the channels of each scale first, then exponentiates
            result = 1.0;
            for (int j = 0; j < m; j++) {
                double mean = 0;
                for (int c = 0; c < channels; c++) {
                    mean += values[c * m + j];
                }
                result *= Math.pow(relu(mean / channels), weights[j]);
            }
        } else {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                double product = 1.0;
                for (int j = 0; j < m; j++) {
                    product *= Math.pow(relu(values[c * m + j]), weights[j]);
                }
                sum += product;
            }
            result = sum / channels;
        }
        return MetricResult.of(result);
    }

    private static double relu(double v) {
        return v > 0 ? v : (Double.isNaN(v) ? v : 0.0);
    }

    private void halve(double[] src, int h, int w, double[] dst) {
        switch (downsample) {
            case PYTORCH_MSSSIM:
                Downsample.avgPool2ZeroPadded(src, h, w, dst);
                break;
            case PIQ:
                Downsample.avgPool2ReplicateTopLeft(src, h, w, dst);
                break;
            case MATLAB:
                Downsample.boxHalfSymmetric(src, h, w, 2, dst);
                break;
            case TORCHMETRICS:
                Downsample.avgPoolFloor(src, h, w, 2, dst);
                break;
            default:
                throw new IllegalStateException();
        }
    }

    @Override
    public void releaseScratch() {
        ax = new double[0];
        ay = new double[0];
        bx = new double[0];
        by = new double[0];
    }
}
