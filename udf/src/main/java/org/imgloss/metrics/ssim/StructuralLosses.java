package org.imgloss.metrics.ssim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricDefinition;
import org.imgloss.metrics.MetricDefinition.Better;
import org.imgloss.metrics.MetricFamily;
import org.imgloss.metrics.MetricParameters;
import org.imgloss.metrics.PairMetric;
import org.imgloss.metrics.Parameter;

/** Catalogue section: ssim, ssim_loss, ms_ssim and the combined mse_ssim. */
public final class StructuralLosses implements MetricFamily {

    private static final String SSIM_REFERENCE =
            "variant=wang: scikit-image 0.19 structural_similarity(gaussian_weights=True, sigma=1.5, "
                    + "use_sample_covariance=False), piq 0.8.0 ssim(downsample=False), torchmetrics <= 1.4.1 and "
                    + "MATLAB ssim_index.m; skimage: scikit-image structural_similarity defaults; pytorch_msssim: "
                    + "pytorch_msssim 1.0.0 ssim (its float32 window weights); piq: piq 0.8.0 ssim defaults; "
                    + "matlab: a port of MATLAB ssim.m (2009); torchmetrics: torchmetrics >= 1.4.2; zero_pad: the "
                    + "seed training code's SSIMLoss with a float64 window. Checked on golden/ (matlab and "
                    + "torchmetrics on integer test vectors whose values were derived from those implementations)";
    private static final String SSIM_TOLERANCE =
            "1e-9 relative for every variant (observed: wang ~1e-14, pytorch_msssim ~1e-15); wang against "
                    + "pytorch_msssim's float32 window: 1e-5 absolute";

    /** Made by {@link java.util.ServiceLoader}; see {@link MetricFamily}. */
    public StructuralLosses() {
    }

    @Override
    public int position() {
        return 20;
    }

    @Override
    public List<MetricDefinition> definitions() {
        return List.of(
                new MetricDefinition("ssim",
                        "structural similarity (Wang et al. 2004), mean over the variant's window positions, "
                                + "per channel then mean",
                        Better.HIGHER, SSIM_REFERENCE, SSIM_TOLERANCE,
                        ssimParameters(),
                        p -> ssim(p, false)).withRange("[−1, 1], 1 for identical images"),
                new MetricDefinition("ssim_loss",
                        "1 - ssim",
                        Better.LOWER, "as ssim: " + SSIM_REFERENCE, SSIM_TOLERANCE,
                        ssimParameters(),
                        p -> ssim(p, true)).withRange("[0, 2], 0 for identical images"),
                new MetricDefinition("ms_ssim",
                        "multi-scale SSIM (Wang et al. 2003): product of relu(cs)^w over scales 1..M-1 and "
                                + "relu(ssim)^w at scale M",
                        Better.HIGHER,
                        "downsample=pytorch_msssim: pytorch_msssim 1.0.0 ms_ssim (its float32 window weights); piq: "
                                + "piq 0.8.0 multi_scale_ssim; matlab: a port of MATLAB msssim.m (relu added); "
                                + "torchmetrics: torchmetrics >= 1.4.2 with an explicit data range. pytorch_msssim and "
                                + "piq checked on golden/, matlab and torchmetrics on integer test vectors whose values "
                                + "were derived from those implementations",
                        "1e-9 relative for every downsample rule",
                        List.of(Parameter.ofChoice("downsample", "pytorch_msssim", MsSsimDownsample.configNames(),
                                        "whose scale rules to follow: pytorch_msssim, piq, matlab or torchmetrics"),
                                Parameter.ofDoubleList("weights", MsSsim.DEFAULT_WEIGHTS,
                                                "scale weights (fewer for fewer scales; piq renormalises custom ones)")
                                        .checked(StructuralLosses::validWeights,
                                                "must be 1 to " + MsSsim.MAX_SCALES + " finite numbers >= 0"),
                                Parameter.dataRange(),
                                k("k1", 0.01),
                                k("k2", 0.03),
                                windowSize("11; piq and matlab only"),
                                gaussianSigma("piq, matlab and torchmetrics")),
                        p -> new MsSsim(MsSsimDownsample.fromConfigName(p.getString("downsample")),
                                p.getDoubleList("weights"), p.getDouble("data_range"), p.getDouble("k1"),
                                p.getDouble("k2"), optionalInt(p, "window_size"), optionalDouble(p, "gaussian_sigma"))).withRange("[−1, 1] (in practice [0, 1]), 1 for identical images"),
                new MetricDefinition("mse_ssim",
                        "mse_weight*MSE + ssim_weight*(1 - SSIM), SSIM of variant ssim_variant (default the seed's zero-padded one)",
                        Better.LOWER,
                        "the seed training code's CombinedLoss with a float64 SSIM window: golden "
                                + "combined_mse0.5_ssim0.5, combined_mse0.16_ssim0.84 (the seed's recipe) and "
                                + "combined_mse1_ssim1 (ssim_variant=zero_pad). The seed code builds its window in "
                                + "float32, which moves its values by about 4e-6 relative (0.16/0.84 on a 61x83 test "
                                + "pair: 0.0515531312417949 with the float32 window, 0.0515533333 with exact weights)",
                        "1e-12 relative",
                        List.of(
                                Parameter.ofDouble("mse_weight", 0.5, "weight of MSE").nonNegative(),
                                Parameter.ofDouble("ssim_weight", 0.5, "weight of 1 - SSIM (the seed recommends 0.16 / 0.84)")
                                        .nonNegative(),
                                ssimVariant(),
                                ssimTermDataRange()),
                        p -> new MseSsim(p.getDouble("mse_weight"), p.getDouble("ssim_weight"), ssimKernel(p))).withRange("≥ 0, 0 for identical images"));
    }

    private static List<Parameter> ssimParameters() {
        return List.of(
                Parameter.ofChoice("variant", "wang", SsimVariant.configNames(),
                        "wang (default), skimage, torchmetrics, matlab, zero_pad, pytorch_msssim or piq"),
                Parameter.dataRange(),
                k("k1", 0.01),
                k("k2", 0.03),
                windowSize("11, skimage 7; not torchmetrics or pytorch_msssim"),
                gaussianSigma("Gaussian variants; not skimage or pytorch_msssim"));
    }

    private static Ssim ssim(MetricParameters p, boolean loss) {
        return new Ssim(SsimVariant.fromConfigName(p.getString("variant")), p.getDouble("data_range"),
                p.getDouble("k1"), p.getDouble("k2"), loss, optionalInt(p, "window_size"),
                optionalDouble(p, "gaussian_sigma"));
    }

    private static Parameter windowSize(String defaults) {
        return new Parameter("window_size", Parameter.Kind.INT, null, null, SsimWindows::validWindowSize,
                "must be odd", "window taps, odd >= 3 (default: the variant's, " + defaults + ")");
    }

    private static Parameter gaussianSigma(String where) {
        return new Parameter("gaussian_sigma", Parameter.Kind.DOUBLE, null, null,
                v -> ((Double) v) > 0 && !((Double) v).isInfinite(), "must be a finite number > 0",
                "sigma of the Gaussian window (default 1.5; " + where + ")");
    }

    private static Integer optionalInt(MetricParameters p, String name) {
        return p.has(name) ? p.getInt(name) : null;
    }

    private static Double optionalDouble(MetricParameters p, String name) {
        return p.has(name) ? p.getDouble(name) : null;
    }

    private static Parameter k(String name, double value) {
        return Parameter.ofDouble(name, value, "stabilising constant: C = (" + name + "*L)^2")
                .checked(v -> ((Double) v) >= 0 && !((Double) v).isInfinite(), "must be a finite number >= 0");
    }

    private static boolean validWeights(Object value) {
        double[] w = (double[]) value;
        if (w.length < 1 || w.length > MsSsim.MAX_SCALES) {
            return false;
        }
        for (double b : w) {
            if (!(b >= 0) || Double.isInfinite(b)) {
                return false;
            }
        }
        return true;
    }

    /** The SSIM variant the seed's combined losses use. */
    static final String DEFAULT_SSIM_VARIANT = "zero_pad";

    /** The {@code ssim_variant} parameter of the combined losses (mse_ssim, sar_reconstruction). */
    public static Parameter ssimVariant() {
        return Parameter.ofChoice("ssim_variant", DEFAULT_SSIM_VARIANT, SsimVariant.configNames(),
                "variant of the ssim metric used for the SSIM term (default zero_pad: the seed's zero-padded 11x11 Gaussian)");
    }

    /** The optional {@code data_range} of a combined loss's SSIM term (default: the ssim metric's). */
    public static Parameter ssimTermDataRange() {
        return new Parameter("data_range", Parameter.Kind.DOUBLE, null, null,
                v -> ((Double) v) > 0 && !((Double) v).isInfinite(), "must be a finite number > 0",
                "L of the SSIM term (default: the ssim metric's, 1.0)");
    }

    /** The catalogue's ssim kernel with the combined loss's variant (and data range, when given). */
    public static PairMetric ssimKernel(MetricParameters p) {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("variant", p.getString("ssim_variant"));
        if (p.has("data_range")) {
            raw.put("data_range", p.getDouble("data_range"));
        }
        return MetricCatalog.get("ssim").create(raw);
    }
}
