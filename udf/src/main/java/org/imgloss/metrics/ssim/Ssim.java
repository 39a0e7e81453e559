package org.imgloss.metrics.ssim;

import org.imgloss.errors.ErrorCode;
import org.imgloss.image.Image;
import org.imgloss.metrics.MapMetric;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairCache;
import org.imgloss.metrics.PairInputs;
import org.imgloss.metrics.ParameterException;
import org.imgloss.metrics.kernel.BorderMode;
import org.imgloss.metrics.kernel.Downsample;
import org.imgloss.metrics.kernel.GaussianWindow;
import org.imgloss.metrics.kernel.WindowedMoments;

/**
 * Structural similarity (Wang, Bovik, Sheikh, Simoncelli, IEEE TIP 2004) and its named variants.
 *
 * <p>Per window position (spec §1.1), with C1 = (K1·L)², C2 = (K2·L)²:
 * <pre>
 *   SSIM(p) = (2μxμy + C1)(2σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2))
 * </pre>
 * The score is the mean of SSIM(p) over the variant's positions, per channel, then the mean over
 * channels. {@code ssim_loss} is {@code 1 − ssim}. Defaults: {@code variant=wang}, L
 * ({@code data_range}) = 1.0, K1 = 0.01, K2 = 0.03, the variant's window ({@code window_size} and
 * {@code gaussian_sigma}: see {@link #Ssim(SsimVariant, double, double, double, boolean, Integer, Double)};
 * non-default windows are checked against a naive oracle only). Everything is computed in double
 * with a separable filter of the five moment maps ({@link WindowedMoments}).
 *
 * <p>Reference and tolerance of each variant: see {@link StructuralLosses} (catalogue entries
 * {@code ssim} and {@code ssim_loss}); the spec's integer vectors (§1.4) are the test vectors of
 * {@code torchmetrics} and {@code matlab}.
 *
 * <p>Too small: when the (downsampled) image is smaller than the window, the result is
 * {@link ErrorCode#TOO_SMALL} with the sizes in the message ({@code torchmetrics}: each side must
 * exceed the radius 5; {@code zero_pad} works for any size). Constant images with K1 = K2 = 0 give
 * 0/0, reported as {@link ErrorCode#NOT_A_NUMBER}.
 *
 * <p>Scratch buffers grow to the largest image seen and are reused; one instance per thread.
 */
public final class Ssim implements MapMetric {

    private final SsimVariant variant;
    private final double dataRange;
    private final double k1;
    private final double k2;
    private final boolean loss;
    private final SsimMaps maps;
    private final String memoKey;
    private double[] downX = new double[0];
    private double[] downY = new double[0];

    /**
     * @param variant   which SSIM
     * @param dataRange L, the span of the value encoding (1.0 for images scaled to [0, 1])
     * @param k1        K1 (0.01)
     * @param k2        K2 (0.03)
     * @param loss      return {@code 1 − ssim} ({@code ssim_loss}) instead of SSIM
     */
    public Ssim(SsimVariant variant, double dataRange, double k1, double k2, boolean loss) {
        this(variant, dataRange, k1, k2, loss, null, null);
    }

    /**
     * SSIM with a non-default window.
     *
     * @param windowSize    taps of the window, odd ≥ 3, or {@code null} for the variant's (11; skimage 7).
     *                      Gaussian variants use {@code windowSize} taps of σ {@code gaussianSigma};
     *                      {@code skimage} a uniform window with sample covariance NP/(NP−1), NP =
     *                      windowSize² (its {@code win_size}); {@code torchmetrics} derives the size from
     *                      σ (2·int(3.5σ+0.5)+1) and rejects it; {@code pytorch_msssim} has only its
     *                      float32 11/1.5 window
     * @param gaussianSigma σ of the Gaussian window (&gt; 0), or {@code null} for 1.5; not for {@code skimage}
     * @throws ParameterException naming {@code window_size} or {@code gaussian_sigma} when the variant
     *                            does not support the value
     */
    public Ssim(SsimVariant variant, double dataRange, double k1, double k2, boolean loss, Integer windowSize,
                Double gaussianSigma) {
        this.variant = variant;
        this.dataRange = dataRange;
        this.k1 = k1;
        this.k2 = k2;
        this.loss = loss;
        this.maps = mapsFor(variant, windowSize, gaussianSigma);
        this.memoKey = "ssim(variant=" + variant.configName() + ", data_range=" + dataRange + ", k1=" + k1
                + ", k2=" + k2 + ", window_size=" + windowSize + ", gaussian_sigma=" + gaussianSigma + ")";
    }

    /** SSIM with defaults: {@code variant=wang}, L = 1, K1 = 0.01, K2 = 0.03. */
    public Ssim(SsimVariant variant) {
        this(variant, 1.0, 0.01, 0.03, false);
    }

    private static SsimMaps mapsFor(SsimVariant v, Integer windowSize, Double sigma) {
        SsimWindows.checkWindowSize(windowSize);
        SsimWindows.checkSigma(sigma);
        switch (v) {
            case SKIMAGE: {
                if (sigma != null) {
                    throw new ParameterException("gaussian_sigma", "variant skimage uses a uniform window (scikit-image "
                            + "defaults); set window_size, or use variant=wang for a Gaussian window, got " + sigma);
                }
                int n = windowSize == null ? 7 : windowSize;
                double np = (double) n * n;
                return new SsimMaps(GaussianWindow.uniform(n), null, np / (np - 1), false);
            }
            case TORCHMETRICS:
                if (windowSize != null) {
                    throw new ParameterException("window_size", "variant torchmetrics derives the window from "
                            + "gaussian_sigma (2*int(3.5*sigma+0.5)+1 taps) and ignores a size, as torchmetrics does; "
                            + "set gaussian_sigma instead, got " + windowSize);
                }
                return new SsimMaps(SsimWindows.torchmetrics(sigma), BorderMode.WHOLE_SYMMETRIC, 1.0, true);
            case ZERO_PAD:
                return new SsimMaps(SsimWindows.gaussian(windowSize, sigma), BorderMode.ZERO, 1.0, false);
            case PYTORCH_MSSSIM:
                return new SsimMaps(SsimWindows.pytorchMsssim(windowSize, sigma, "variant pytorch_msssim"), null, 1.0, false);
            case WANG:
            case MATLAB:
            case PIQ:
                return new SsimMaps(SsimWindows.gaussian(windowSize, sigma), null, 1.0, false);
            default:
                throw new IllegalStateException("unknown variant " + v);
        }
    }

    public SsimVariant variant() {
        return variant;
    }

    /**
     * The automatic downsampling factor of the variant for an {@code h × w} image: MATLAB
     * {@code max(1, round(min/256))} with halves away from zero, piq the same with halves to even,
     * 1 for every other variant.
     */
    public int downsampleFactor(int h, int w) {
        double q = Math.min(h, w) / 256.0;
        switch (variant) {
            case MATLAB:
                return Math.max(1, (int) Math.floor(q + 0.5));
            case PIQ:
                return Math.max(1, (int) Math.rint(q));
            default:
                return 1;
        }
    }

    /**
     * SSIM ({@code 1 − SSIM} for {@code ssim_loss}) of the pair. The similarity is computed once per
     * pair and configuration when the pair's {@link PairCache} is shared, so {@code ssim}, {@code ssim_loss},
     * {@code mse_ssim} and {@code sar_reconstruction} with the same settings share it.
     */
    @Override
    public MetricResult compute(Image reconstruction, Image original) {
        return compute(reconstruction, original, PairInputs.NONE);
    }

    /** As {@link #compute(Image, Image)}, sharing the similarity through the pair's {@link PairCache}. */
    @Override
    public MetricResult compute(Image reconstruction, Image original, PairInputs inputs) {
        MetricResult s = inputs.cache().get(memoKey, () -> similarity(reconstruction, original));
        return loss && s.hasValue() ? MetricResult.of(1.0 - s.value()) : s;
    }

    /** The key under which this configuration's similarity is shared within a pair (every parameter). */
    String memoKey() {
        return memoKey;
    }

    private MetricResult similarity(Image reconstruction, Image original) {
        if (!reconstruction.sameShape(original)) {
            return MetricResult.shapeMismatch(reconstruction, original);
        }
        int[] size = downsampledSize(original.height(), original.width());
        String tooSmall = tooSmall(original.height(), original.width(), size);
        if (tooSmall != null) {
            return MetricResult.notApplicable(ErrorCode.TOO_SMALL, tooSmall);
        }
        double c1 = (k1 * dataRange) * (k1 * dataRange);
        double c2 = (k2 * dataRange) * (k2 * dataRange);
        double sum = 0;
        for (int c = 0; c < original.channels(); c++) {
            double[][] xy = channel(reconstruction, original, c, size);
            sum += maps.meanSsim(xy[0], xy[1], size[0], size[1], c1, c2);
        }
        return MetricResult.of(sum / original.channels());
    }

    /**
     * The SSIM map ({@code 1 − SSIM} for {@code ssim_loss}) averaged over the channels: the values
     * whose mean {@link #compute} returns.
     */
    @Override
    public Image valueMap(Image reconstruction, Image original) {
        if (!reconstruction.sameShape(original)) {
            throw new IllegalArgumentException(MetricResult.shapeMismatch(reconstruction, original).message());
        }
        int[] size = downsampledSize(original.height(), original.width());
        String tooSmall = tooSmall(original.height(), original.width(), size);
        if (tooSmall != null) {
            throw new IllegalArgumentException(tooSmall);
        }
        double c1 = (k1 * dataRange) * (k1 * dataRange);
        double c2 = (k2 * dataRange) * (k2 * dataRange);
        int[] mapSize = new int[2];
        double[] mean = null;
        for (int c = 0; c < original.channels(); c++) {
            double[][] xy = channel(reconstruction, original, c, size);
            double[] m = maps.map(xy[0], xy[1], size[0], size[1], c1, c2, mapSize);
            if (mean == null) {
                mean = m;
            } else {
                for (int p = 0; p < m.length; p++) {
                    mean[p] += m[p];
                }
            }
        }
        for (int p = 0; p < mean.length; p++) {
            mean[p] /= original.channels();
            if (loss) {
                mean[p] = 1.0 - mean[p];
            }
        }
        return Image.ofPlanes(mapSize[1], mapSize[0], mean);
    }

    /** {@code {height, width}} of the image the windows run over: downsampled by the variant's factor. */
    private int[] downsampledSize(int h, int w) {
        int f = downsampleFactor(h, w);
        if (variant == SsimVariant.MATLAB && f > 1) {
            return new int[] {(h + f - 1) / f, (w + f - 1) / f, f};
        } else if (variant == SsimVariant.PIQ && f > 1) {
            return new int[] {h / f, w / f, f};
        }
        return new int[] {h, w, f};
    }

    /** Channel {@code c} of the original and the reconstruction, downsampled to {@code size}. */
    private double[][] channel(Image reconstruction, Image original, int c, int[] size) {
        double[] x = original.plane(c);
        double[] y = reconstruction.plane(c);
        int f = size[2];
        if (f == 1) {
            return new double[][] {x, y};
        }
        int h = original.height();
        int w = original.width();
        if (downX.length < size[0] * size[1]) {
            downX = new double[size[0] * size[1]];
            downY = new double[size[0] * size[1]];
        }
        if (variant == SsimVariant.MATLAB) {
            Downsample.boxHalfSymmetric(x, h, w, f, downX);
            Downsample.boxHalfSymmetric(y, h, w, f, downY);
        } else {
            Downsample.avgPoolFloor(x, h, w, f, downX);
            Downsample.avgPoolFloor(y, h, w, f, downY);
        }
        return new double[][] {downX, downY};
    }

    private String tooSmall(int h, int w, int[] size) {
        int f = size[2];
        int hd = size[0];
        int wd = size[1];
        int k = maps.windowSize();
        if (variant == SsimVariant.ZERO_PAD) {
            return null;
        }
        if (variant == SsimVariant.TORCHMETRICS) {
            int r = k / 2;
            if (h <= r || w <= r) {
                return "image " + h + "x" + w + " is too small for SSIM variant torchmetrics: reflect padding by "
                        + r + " needs height and width > " + r;
            }
            return null;
        }
        if (hd < k || wd < k) {
            String what = f > 1 ? "image " + h + "x" + w + " downsampled by " + f + " to " + hd + "x" + wd
                    : "image " + h + "x" + w;
            return what + " is smaller than the " + k + "x" + k + " SSIM window (variant " + variant.configName() + ")";
        }
        return null;
    }
}
