package org.imgloss.metrics.metamer;

import org.imgloss.image.Image;
import org.imgloss.metrics.ParameterException;

/**
 * odak's {@code MetamerMSELoss.gen_metamer} (spec §10): one pass that gives seeded noise the
 * foveated texture statistics of a target image. No iteration, no clamping.
 *
 * <ol>
 *   <li>RGB → YCrCb ({@link YCrCb}); reflect-pad to multiples of {@code 2^L} ({@link PyramidPadding}).</li>
 *   <li>Target statistics μ, σ of every band map (highpass, then level-by-level bands), pooled with
 *       the geometry of {@link Settings#geometry()}: odak always uses width 0.3, distance 0.6 and
 *       quadratic mode here, whatever the loss was configured with.</li>
 *   <li>Noise: MT19937 seeded with 0, one float32 draw {@code (u & 0xFFFFFF)/2^24} per element in
 *       channel, row, column order ({@link Mt19937}) — exactly torch's {@code manual_seed(0);
 *       rand_like(Y)} on CPU, so the metamer is odak's.</li>
 *   <li>For each band map Z of the noise pyramid: {@code Z −= mean(Z)}; {@code s = max(rms(Z), 1e−6)}
 *       (one scalar each over all channels and pixels); {@code Z = Z / s · σ + μ}.</li>
 *   <li>The noise's lowpass residual is replaced by the target's; reconstruct; YCrCb → RGB.</li>
 * </ol>
 *
 * <p>Agreement with odak 0.2.7's metamers ({@code golden/metamer/metamers/*.npy}, float32): see
 * {@link MetamerLosses} (catalogue entry {@code metamer_mse}); the spec's float64 NumPy port differs
 * from odak by the same amounts. <b>Differences by design</b>, not odak-comparable: {@code n_orientations = 6} uses the
 * uncropped 9×9 down/up lowpass (odak's 2×2 crop cannot reconstruct and crashes, spec §10.4);
 * {@code n_orientations = 1} is rejected (odak's non-zero-sum band filter blows the reconstruction up
 * to ≈7e4, spec §10.5); single-channel targets are processed without colour conversion with
 * {@code H·W} draws (odak fails with an index error); the image-sized metamer of
 * {@link #generate(Image, double, double)} is cut from where the original pixels are in the padded
 * result (odak keeps the top-left corner, which is misplaced when rows were padded on top).
 *
 * <p>Deterministic: every metamer starts from the same seeded noise. The noise's normalised band maps
 * depend only on the padded size, so an instance builds them once per size (the last two sizes are
 * kept). Not thread-safe (that cache and the pooling scratch).
 */
public final class MetamerGenerator {

    /**
     * Validated settings, named after odak's.
     *
     * @param alpha               foveation strength (> 0)
     * @param realImageWidth      displayed width (> 0); used only when {@code odakGeometry} is false
     * @param realViewingDistance viewing distance (> 0); used only when {@code odakGeometry} is false
     * @param quadratic           mode; used only when {@code odakGeometry} is false
     * @param nPyramidLevels      pyramid levels (2 … 12)
     * @param nOrientations       2, 4 or 6
     * @param equi                equirectangular geometry
     * @param odakGeometry        true (odak): pool with width 0.3, distance 0.6, quadratic
     */
    public record Settings(double alpha, double realImageWidth, double realViewingDistance, boolean quadratic,
                           int nPyramidLevels, int nOrientations, boolean equi, boolean odakGeometry) {

        public Settings {
            if (!(alpha > 0) || Double.isInfinite(alpha)) {
                throw new ParameterException("alpha", "must be a finite number > 0, got " + alpha);
            }
            if (!(realImageWidth > 0) || Double.isInfinite(realImageWidth)) {
                throw new ParameterException("real_image_width", "must be a finite number > 0, got " + realImageWidth);
            }
            if (!(realViewingDistance > 0) || Double.isInfinite(realViewingDistance)) {
                throw new ParameterException("real_viewing_distance", "must be a finite number > 0, got "
                        + realViewingDistance);
            }
            if (nPyramidLevels < 2 || nPyramidLevels > 12) {
                throw new ParameterException("n_pyramid_levels", "must be between 2 and 12, got " + nPyramidLevels);
            }
            if (nOrientations == 1) {
                throw new ParameterException("n_orientations", "1 is not supported by metamer_mse: odak's cropped"
                        + " single band filter is far from zero-sum, so the metamer's reconstruction blows up (losses"
                        + " around 7e4); use 2, 4 or 6");
            }
            if (nOrientations != 2 && nOrientations != 4 && nOrientations != 6) {
                throw new ParameterException("n_orientations", "must be 2, 4 or 6, got " + nOrientations);
            }
        }

        /** odak's defaults: alpha 0.2, 5 levels, 2 orientations (width 0.2, distance 0.7, quadratic: ignored). */
        public static Settings odakDefaults() {
            return new Settings(0.2, 0.2, 0.7, true, 5, 2, false, true);
        }

        /** The geometry the statistics are pooled with. */
        public FoveationGeometry geometry() {
            return odakGeometry ? FoveationGeometry.odakMetamer(alpha, equi)
                    : new FoveationGeometry(alpha, realImageWidth, realViewingDistance, quadratic, equi);
        }

        /** The filter set: odak's cropped filters, with the uncropped 9×9 lowpass for 6 orientations. */
        public SteerableFilters filters() {
            SteerableFilters f = SteerableFilters.cropped(nOrientations);
            return nOrientations == 6 ? f.withLowpass(SteerableFilters.full(6).l()) : f;
        }
    }

    private final Settings settings;
    private final SteerablePyramid pyramid;
    private final FoveatedStatistics statistics;
    private static final int NOISE_CACHE = 2;

    /** μ/σ buffers of the largest band seen, reused across bands and targets. */
    private double[][] scratch;
    /** The normalised noise bands of the last {@value #NOISE_CACHE} padded sizes, most recent first. */
    private final java.util.ArrayList<Noise> noiseCache = new java.util.ArrayList<>(NOISE_CACHE + 1);

    public MetamerGenerator(Settings settings) {
        this(settings, settings.filters());
    }

    /** With an explicit filter set (tests perturb taps through this). */
    MetamerGenerator(Settings settings, SteerableFilters filters) {
        this.settings = settings;
        this.pyramid = new SteerablePyramid(filters, settings.nPyramidLevels());
        this.statistics = new FoveatedStatistics(settings.geometry());
    }

    public Settings settings() {
        return settings;
    }

    /** Why a {@code h × w} image with {@code channels} channels cannot get a metamer, or {@code null}. */
    public String problem(int h, int w, int channels) {
        if (channels != 1 && channels != 3) {
            return "metamers need 1 or 3 channels, got " + channels;
        }
        PyramidPadding pad = PyramidPadding.of(h, w, settings.nPyramidLevels());
        return pyramid.sizeProblem(pad.height(), pad.width());
    }

    /**
     * The metamer of {@code target}, the size of the target (cut from the padded result where the
     * target's pixels are), RGB (or the single channel), not clamped.
     *
     * @throws IllegalArgumentException when {@link #problem} reports one
     */
    public Image generate(Image target, double gx, double gy) {
        PyramidPadding pad = PyramidPadding.of(target.height(), target.width(), settings.nPyramidLevels());
        double[][] padded = generatePadded(target, gx, gy);
        double[][] planes = new double[padded.length][];
        for (int c = 0; c < padded.length; c++) {
            planes[c] = pad.crop(padded[c], target.height(), target.width());
        }
        return Image.ofPlanes(target.width(), target.height(), planes);
    }

    /**
     * The metamer of the padded target, at the padded size ({@link PyramidPadding}); this is what
     * odak's {@code MetamerMSELoss} compares the padded image against.
     */
    public double[][] generatePadded(Image target, double gx, double gy) {
        String problem = problem(target.height(), target.width(), target.channels());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        int c = target.channels();
        PyramidPadding pad = PyramidPadding.of(target.height(), target.width(), settings.nPyramidLevels());
        int ph = pad.height();
        int pw = pad.width();
        double[][] y = new double[c][];
        for (int ch = 0; ch < c; ch++) {
            y[ch] = pad.apply(target.plane(ch), target.height(), target.width());
        }
        if (c == 3) {
            y = YCrCb.fromRgb(y[0], y[1], y[2]);
        }
        Noise noise = noise(c, ph, pw);
        SteerablePyramid.Decomposition[] dy = new SteerablePyramid.Decomposition[c];
        for (int ch = 0; ch < c; ch++) {
            dy[ch] = pyramid.build(y[ch], ph, pw);
        }
        double[][] ys = new double[c][];
        for (int ch = 0; ch < c; ch++) {
            ys[ch] = dy[ch].highpass();
        }
        impose(noise.highpass, ys, statistics.pooled(ph, pw, gx, gy).pooling(), noise.highpassOut);
        int levels = settings.nPyramidLevels();
        int n = pyramid.filters().orientations();
        for (int l = 0; l < levels - 1; l++) {
            MipPooling pooling = statistics.pooled(dy[0].height(l), dy[0].width(l), gx, gy).pooling();
            for (int k = 0; k < n; k++) {
                for (int ch = 0; ch < c; ch++) {
                    ys[ch] = dy[ch].band(l, k);
                }
                impose(noise.bands[l][k], ys, pooling, noise.bandsOut[l][k]);
            }
        }
        double[][] out = new double[c][];
        for (int ch = 0; ch < c; ch++) {
            SteerablePyramid.Decomposition dz = noise.decomposition(ch, dy[ch]);
            out[ch] = pyramid.reconstruct(dz);
        }
        return c == 3 ? YCrCb.toRgb(out[0], out[1], out[2]) : out;
    }

    /**
     * The seeded noise's band maps, normalised: for each band (over all channels), {@code (z − mean) /
     * max(rms, 1e−6)}. They depend only on the padded size and the channel count, so they are built
     * once per size (the last {@value #NOISE_CACHE} sizes are kept), with the buffers the metamer's
     * bands are written into.
     */
    private static final class Noise {
        final int channels;
        final int height;
        final int width;
        /** [channel][sample] */
        final double[][] highpass;
        /** [level][orientation][channel][sample] */
        final double[][][][] bands;
        final double[][] highpassOut;
        final double[][][][] bandsOut;
        final SteerablePyramid.Decomposition[] shape;

        Noise(int channels, int height, int width, SteerablePyramid.Decomposition[] dz) {
            this.channels = channels;
            this.height = height;
            this.width = width;
            this.shape = dz;
            int levels = dz[0].bandLevels();
            int n = dz[0].orientations();
            highpass = new double[channels][];
            for (int ch = 0; ch < channels; ch++) {
                highpass[ch] = dz[ch].highpass();
            }
            normalise(highpass);
            bands = new double[levels][n][channels][];
            for (int l = 0; l < levels; l++) {
                for (int k = 0; k < n; k++) {
                    for (int ch = 0; ch < channels; ch++) {
                        bands[l][k][ch] = dz[ch].band(l, k);
                    }
                    normalise(bands[l][k]);
                }
            }
            highpassOut = new double[channels][height * width];
            bandsOut = new double[levels][n][channels][];
            for (int l = 0; l < levels; l++) {
                for (int k = 0; k < n; k++) {
                    for (int ch = 0; ch < channels; ch++) {
                        bandsOut[l][k][ch] = new double[dz[ch].height(l) * dz[ch].width(l)];
                    }
                }
            }
        }

        /** Channel {@code ch} of the metamer's decomposition: the imposed bands and the target's residual. */
        SteerablePyramid.Decomposition decomposition(int ch, SteerablePyramid.Decomposition target) {
            SteerablePyramid.Decomposition d = shape[ch];
            for (int l = 0; l < bandsOut.length; l++) {
                for (int k = 0; k < bandsOut[l].length; k++) {
                    d.setBand(l, k, bandsOut[l][k][ch]);
                }
            }
            d.setHighpass(highpassOut[ch]);
            d.setResidual(target.residual());
            return d;
        }

        /**
         * In place: {@code z := (z − mean) / max(rms, 1e−6)}, mean and rms single scalars over all
         * channels (the order of odak's two steps: {@code (z − mean) / s}, then {@code · σ + μ}).
         */
        private static void normalise(double[][] z) {
            double sum = 0;
            long count = 0;
            for (double[] plane : z) {
                for (double v : plane) {
                    sum += v;
                }
                count += plane.length;
            }
            double mean = sum / count;
            double sq = 0;
            for (double[] plane : z) {
                for (int i = 0; i < plane.length; i++) {
                    double v = plane[i] - mean;
                    plane[i] = v;
                    sq += v * v;
                }
            }
            double s = Math.max(Math.sqrt(sq / count), 1e-6);
            for (double[] plane : z) {
                for (int i = 0; i < plane.length; i++) {
                    plane[i] = plane[i] / s;
                }
            }
        }
    }

    private Noise noise(int c, int ph, int pw) {
        for (int i = 0; i < noiseCache.size(); i++) {
            Noise z = noiseCache.get(i);
            if (z.channels == c && z.height == ph && z.width == pw) {
                if (i > 0) {
                    noiseCache.remove(i);
                    noiseCache.add(0, z);
                }
                return z;
            }
        }
        Mt19937 rng = new Mt19937(0);
        SteerablePyramid.Decomposition[] dz = new SteerablePyramid.Decomposition[c];
        double[] plane = new double[ph * pw];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < plane.length; i++) {
                plane[i] = rng.nextFloat24();
            }
            dz[ch] = pyramid.build(plane, ph, pw);
        }
        Noise z = new Noise(c, ph, pw, dz);
        noiseCache.add(0, z);
        if (noiseCache.size() > NOISE_CACHE) {
            noiseCache.remove(NOISE_CACHE);
        }
        return z;
    }

    /**
     * {@code out := z · σ + μ} per channel, where {@code z} is a normalised noise band ({@link Noise})
     * and μ, σ are the pooled statistics of the target band {@code y}.
     */
    private void impose(double[][] z, double[][] y, MipPooling pooling, double[][] out) {
        int size = z[0].length;
        if (scratch == null || scratch[0].length < size) {
            scratch = new double[2][size];
        }
        double[] mu = scratch[0];
        double[] sigma = scratch[1];
        for (int ch = 0; ch < z.length; ch++) {
            pooling.meanAndStd(y[ch], mu, sigma);
            double[] zn = z[ch];
            double[] o = out[ch];
            for (int i = 0; i < size; i++) {
                o[i] = zn[i] * sigma[i] + mu[i];
            }
        }
    }
}
