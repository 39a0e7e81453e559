package org.imgloss.metrics.metamer;

import org.imgloss.image.Image;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.InputPairMetric;
import org.imgloss.metrics.PairInputs;
import org.imgloss.metrics.PairMetric;
import org.imgloss.metrics.ParameterException;

/**
 * odak's {@code MetamericLoss} (Walton et al. 2021, "Beyond Blur: Real-time Ventral Metamers for
 * Foveated Rendering", ACM TOG 40(4)): the distance between the foveated texture statistics of two
 * images, plus a weighted pixel MSE near the gaze. Spec: {@code shared/design/reference/metamer-spec.md}.
 *
 * <p><b>Computation</b> (for image A = reconstruction, target B = original; the loss is symmetric):
 * reflect-pad both to multiples of {@code 2^L} ({@link PyramidPadding}); convert RGB to YCrCb
 * ({@link YCrCb}, unless {@code image_colorspace} says the input already is); build a steerable
 * pyramid of every channel ({@link SteerablePyramid}, cropped 5×5 filters); for the highpass and each
 * oriented band, pool μ and σ with the foveated MIP blur ({@link FoveatedStatistics}); then
 * <pre>
 *   stats = (Σ_m MSE(S_m(A), S_m(B))) / |S|     over the 2·(1 + (L−1)·n) μ/σ maps and the residual R
 *   loss  = stats + fovea_weight · MSE(F·A, F·B)     (use_l2_foveal_loss; F = (1 − λ0/max λ0)^10)
 * </pre>
 * With {@code use_l2_foveal_loss} every statistics map is multiplied by the periphery mask
 * {@code 1 − F}, area-halved per level; {@code use_radial_weight} multiplies each map by
 * {@code 1.1 − ρ⁴} before its MSE; {@code use_fullres_l0} zeroes the statistics where λ ≤ 1e−6 and
 * replaces R by the foveated blur of the full-resolution image.
 *
 * <p><b>Defaults</b> (odak's): alpha 0.2, real_image_width 0.2, real_viewing_distance 0.7,
 * n_pyramid_levels 5, mode quadratic, n_orientations 2, use_l2_foveal_loss true, fovea_weight 20,
 * use_radial_weight false, use_fullres_l0 false, equi false, gaze (0.5, 0.5).
 *
 * <p><b>Agreement</b> with odak 0.2.7 on {@code golden/metamer}, the odak-comparable shapes and
 * settings, and the known differences: see {@link MetamerLosses} (catalogue entry
 * {@code metameric}). This class computes in double precision; the looser linear-mode tolerance
 * comes from odak's float32 LOD map near the gaze (spec §14). Other shapes get imgloss's documented
 * padding and MIP chain (odak crashes). {@code use_radial_weight} and {@code use_fullres_l0} are
 * implemented as odak's public source does them line by line ({@code metameric_loss.py},
 * {@code foveation.make_radial_map}, {@code radially_varying_blur.py}), and agree with odak 0.2.7's
 * values on the golden pair at the gaze those checks used.
 *
 * <p>Reuses LOD maps and pooling plans across pairs of the same size and gaze; <b>not thread-safe</b>.
 */
public final class MetamericLoss implements InputPairMetric {

    /**
     * Validated settings, named after odak's constructor arguments.
     *
     * @param alpha               foveation strength (> 0; radians per radian, or per radian² in quadratic mode)
     * @param realImageWidth      displayed width (> 0)
     * @param realViewingDistance viewing distance (> 0)
     * @param nPyramidLevels      pyramid levels L (2 … 12)
     * @param quadratic           mode quadratic (true) or linear
     * @param nOrientations       1, 2, 4 or 6
     * @param useL2FovealLoss     add the foveal pixel MSE and mask the statistics there
     * @param foveaWeight         weight of the foveal MSE (≥ 0)
     * @param useRadialWeight     radial weighting of the statistics maps
     * @param useFullresL0        full-resolution lowpass statistics (needs useL2FovealLoss false)
     * @param equi                equirectangular 360° geometry (gaze = yaw, pitch in radians)
     * @param convertRgb          convert 3-channel input from RGB to YCrCb (odak's image_colorspace "RGB")
     */
    public record Settings(double alpha, double realImageWidth, double realViewingDistance, int nPyramidLevels,
                           boolean quadratic, int nOrientations, boolean useL2FovealLoss, double foveaWeight,
                           boolean useRadialWeight, boolean useFullresL0, boolean equi, boolean convertRgb) {

        public Settings {
            positive("alpha", alpha);
            positive("real_image_width", realImageWidth);
            positive("real_viewing_distance", realViewingDistance);
            if (nPyramidLevels < 2 || nPyramidLevels > 12) {
                throw new ParameterException("n_pyramid_levels", "must be between 2 and 12, got " + nPyramidLevels);
            }
            if (!SteerableFilters.ORIENTATIONS.contains(nOrientations)) {
                throw new ParameterException("n_orientations", "must be 1, 2, 4 or 6, got " + nOrientations);
            }
            if (!(foveaWeight >= 0) || Double.isInfinite(foveaWeight)) {
                throw new ParameterException("fovea_weight", "must be a finite number >= 0, got " + foveaWeight);
            }
            if (useFullresL0 && useL2FovealLoss) {
                throw new ParameterException("use_fullres_l0", "needs use_l2_foveal_loss=false (odak raises the same:"
                        + " the two options cannot be used together)");
            }
        }

        /** odak's defaults. */
        public static Settings odakDefaults() {
            return new Settings(0.2, 0.2, 0.7, 5, true, 2, true, 20.0, false, false, false, true);
        }

        public FoveationGeometry geometry() {
            return new FoveationGeometry(alpha, realImageWidth, realViewingDistance, quadratic, equi);
        }

        private static void positive(String name, double v) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new ParameterException(name, "must be a finite number > 0, got " + v);
            }
        }
    }

    /** The loss and its two parts: {@code loss = stats + fovea_weight · foveal}. */
    public record Parts(double loss, double stats, double foveal) {
    }

    private final Settings settings;
    private final GazeSource gaze;
    private final SteerablePyramid pyramid;
    private final FoveatedStatistics statistics;
    /** μ/σ buffers of the largest map seen, reused across bands and pairs. */
    private double[][] scratch;

    public MetamericLoss(Settings settings, GazeSource gaze) {
        this(settings, gaze, SteerableFilters.cropped(settings.nOrientations()));
    }

    /** With an explicit filter set (tests perturb taps through this). */
    MetamericLoss(Settings settings, GazeSource gaze, SteerableFilters filters) {
        this.settings = settings;
        this.gaze = gaze;
        this.pyramid = new SteerablePyramid(filters, settings.nPyramidLevels());
        this.statistics = new FoveatedStatistics(settings.geometry());
    }

    public Settings settings() {
        return settings;
    }

    /** The settings whose values are imgloss's, not odak 0.2.7's (README, "Odak-comparable settings"). */
    @Override
    public java.util.List<String> notes() {
        java.util.List<String> notes = new java.util.ArrayList<>();
        if (settings.useFullresL0() && settings.equi()) {
            notes.add("equi=true with use_fullres_l0=true blurs the full-resolution image with the equirectangular"
                    + " map (odak uses the flat-screen map there): not odak-comparable");
        }
        return notes;
    }


    @Override
    public MetricResult compute(Image reconstruction, Image original, PairInputs inputs) {
        return gaze.evaluate(inputs, (gx, gy) -> evaluate(reconstruction, original, gx, gy));
    }

    /** The loss at an explicit gaze, as a value or a reason why there is none. */
    public MetricResult evaluate(Image image, Image target, double gx, double gy) {
        String problem = problem(image, target);
        if (problem != null) {
            return SteerablePyramid.unscorable(problem);
        }
        return MetricResult.of(parts(image, target, gx, gy).loss());
    }

    /** Why the pair cannot be scored, or {@code null}. */
    String problem(Image image, Image target) {
        if (!image.sameShape(target)) {
            return "image is " + image.shape() + " but target is " + target.shape();
        }
        if (image.channels() != 1 && image.channels() != 3) {
            return "metameric needs 1 or 3 channels, got " + image.channels();
        }
        PyramidPadding pad = PyramidPadding.of(image.height(), image.width(), settings.nPyramidLevels());
        return pyramid.sizeProblem(pad.height(), pad.width());
    }

    /**
     * The loss and its parts at an explicit gaze.
     *
     * @throws IllegalArgumentException when {@link #evaluate} would report no value
     */
    public Parts parts(Image image, Image target, double gx, double gy) {
        String problem = problem(image, target);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        int c = image.channels();
        PyramidPadding pad = PyramidPadding.of(image.height(), image.width(), settings.nPyramidLevels());
        int ph = pad.height();
        int pw = pad.width();
        double[][] a = prepare(image, pad);
        double[][] b = prepare(target, pad);

        int levels = settings.nPyramidLevels();
        int n = pyramid.filters().orientations();
        int[] hs = new int[levels];
        int[] ws = new int[levels];
        hs[0] = ph;
        ws[0] = pw;
        for (int l = 1; l < levels; l++) {
            hs[l] = (Correlation.outRows(hs[l - 1], pyramid.filters().l()) + 1) / 2;
            ws[l] = (Correlation.outCols(ws[l - 1], pyramid.filters().l()) + 1) / 2;
        }
        FoveatedStatistics.Pooled full = statistics.pooled(ph, pw, gx, gy);
        double[] fovea = settings.useL2FovealLoss() ? FoveatedStatistics.foveaMask(full.lod()) : null;

        // per-level factor applied to every statistics map of that level (null = 1)
        double[][] factor = new double[levels][];
        double[] periphery = null;
        if (fovea != null) {
            periphery = new double[fovea.length];
            for (int i = 0; i < fovea.length; i++) {
                periphery[i] = 1.0 - fovea[i];
            }
        }
        for (int l = 0; l < levels; l++) {
            double[] f = periphery;
            if (settings.useFullresL0() && l < levels - 1) {
                double[] lod = statistics.pooled(hs[l], ws[l], gx, gy).lod();
                f = new double[hs[l] * ws[l]];
                for (int i = 0; i < f.length; i++) {
                    f[i] = lod[i] > 1e-6 ? 1.0 : 0.0;
                }
            }
            if (settings.useRadialWeight()) {
                f = times(f, FoveatedStatistics.radialWeight(hs[l], ws[l], gx, gy));
            }
            factor[l] = f;
            if (periphery != null && l < levels - 1) {
                periphery = MipPooling.areaHalf(periphery, hs[l], ws[l]);
            }
        }
        boolean fullresResidual = !settings.useL2FovealLoss() && settings.useFullresL0();
        double[] residualFactor = fullresResidual
                ? (settings.useRadialWeight() ? FoveatedStatistics.radialWeight(ph, pw, gx, gy) : null)
                : factor[levels - 1];

        // squared differences per map, summed over channels; one channel's pyramids at a time
        int bandMaps = 1 + (levels - 1) * n;
        double[] sq = new double[2 * bandMaps + 1];
        if (scratch == null || scratch[0].length < ph * pw) {
            scratch = new double[4][ph * pw];
        }
        double[] ma = scratch[0];
        double[] sa = scratch[1];
        double[] mb = scratch[2];
        double[] sb = scratch[3];
        for (int ch = 0; ch < c; ch++) {
            SteerablePyramid.Decomposition da = pyramid.build(a[ch], ph, pw);
            SteerablePyramid.Decomposition db = pyramid.build(b[ch], ph, pw);
            bandTerms(full.pooling(), factor[0], da.highpass(), db.highpass(), ma, sa, mb, sb, sq, 0);
            int m = 2;
            for (int l = 0; l < levels - 1; l++) {
                MipPooling pooling = statistics.pooled(hs[l], ws[l], gx, gy).pooling();
                for (int k = 0; k < n; k++) {
                    bandTerms(pooling, factor[l], da.band(l, k), db.band(l, k), ma, sa, mb, sb, sq, m);
                    m += 2;
                }
            }
            if (fullresResidual) {
                sq[m] += squaredDiff(full.pooling().blur(a[ch]), full.pooling().blur(b[ch]), residualFactor);
            } else {
                sq[m] += squaredDiff(da.residual(), db.residual(), residualFactor);
            }
        }
        double sum = 0;
        sq[0] /= (double) c * hs[0] * ws[0];
        sq[1] /= (double) c * hs[0] * ws[0];
        int m = 2;
        for (int l = 0; l < levels - 1; l++) {
            for (int k = 0; k < 2 * n; k++) {
                sq[m++] /= (double) c * hs[l] * ws[l];
            }
        }
        sq[m] /= fullresResidual ? (double) c * ph * pw : (double) c * hs[levels - 1] * ws[levels - 1];
        for (double v : sq) {
            sum += v;
        }
        double stats = sum / sq.length;

        double foveal = 0;
        if (fovea != null) {
            double s = 0;
            for (int ch = 0; ch < c; ch++) {
                s += squaredDiff(a[ch], b[ch], fovea);
            }
            foveal = s / ((double) c * ph * pw);
        }
        double loss = fovea != null ? stats + settings.foveaWeight() * foveal : stats;
        return new Parts(loss, stats, foveal);
    }

    /** Adds the squared differences of μ and σ of one band (one channel) to {@code sq[m]} and {@code sq[m+1]}. */
    private static void bandTerms(MipPooling pooling, double[] f, double[] bandA, double[] bandB, double[] ma,
                                  double[] sa, double[] mb, double[] sb, double[] sq, int m) {
        double meanSum = 0;
        double stdSum = 0;
        int size = pooling.height() * pooling.width();
        pooling.meanAndStd(bandA, ma, sa);
        pooling.meanAndStd(bandB, mb, sb);
        for (int i = 0; i < size; i++) {
            double dm = ma[i] - mb[i];
            double ds = sa[i] - sb[i];
            if (f != null) {
                dm *= f[i];
                ds *= f[i];
            }
            meanSum += dm * dm;
            stdSum += ds * ds;
        }
        sq[m] += meanSum;
        sq[m + 1] += stdSum;
    }

    private static double squaredDiff(double[] a, double[] b, double[] f) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            if (f != null) {
                d *= f[i];
            }
            s += d * d;
        }
        return s;
    }

    private static double[] times(double[] a, double[] b) {
        if (a == null) {
            return b;
        }
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * b[i];
        }
        return out;
    }

    /** Padded planes, converted to YCrCb when the settings say so. */
    private double[][] prepare(Image img, PyramidPadding pad) {
        int c = img.channels();
        double[][] planes = new double[c][];
        for (int ch = 0; ch < c; ch++) {
            planes[ch] = pad.apply(img.plane(ch), img.height(), img.width());
        }
        if (c == 3 && settings.convertRgb()) {
            planes = YCrCb.fromRgb(planes[0], planes[1], planes[2]);
        }
        return planes;
    }
}
