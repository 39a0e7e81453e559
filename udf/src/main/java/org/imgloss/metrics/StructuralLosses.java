package org.imgloss.metrics;

import java.util.List;

/** Catalogue section: ssim, ssim_loss, ms_ssim. */
final class StructuralLosses {

    private static final String SSIM_REFERENCE =
            "variant=wang: scikit-image 0.19 (gaussian_weights, sigma 1.5, population covariance) and piq "
                    + "downsample=False to 1e-9 relative, pytorch_msssim to 1e-5; skimage: scikit-image defaults; "
                    + "pytorch_msssim: pytorch_msssim 1.0.0 ssim; piq: piq 0.8.0 ssim defaults; zero_pad: the seed "
                    + "SSIMLoss; torchmetrics: torchmetrics >= 1.4.2; matlab: MATLAB ssim.m (port) -- each to 1e-9 "
                    + "relative on golden/ and the spec's integer vectors";

    private StructuralLosses() {
    }

    static List<MetricDefinition> definitions() {
        return List.of(
                new MetricDefinition("ssim",
                        "structural similarity (Wang et al. 2004), mean over the variant's window positions, "
                                + "per channel then mean",
                        SSIM_REFERENCE,
                        ssimParameters(),
                        p -> ssim(p, false)),
                new MetricDefinition("ssim_loss",
                        "1 - ssim",
                        "as ssim: " + SSIM_REFERENCE,
                        ssimParameters(),
                        p -> ssim(p, true)),
                new MetricDefinition("ms_ssim",
                        "multi-scale SSIM (Wang et al. 2003): product of relu(cs)^w over scales 1..M-1 and "
                                + "relu(ssim)^w at scale M",
                        "downsample=pytorch_msssim: pytorch_msssim 1.0.0 ms_ssim (float32 window) to 1e-9 "
                                + "relative on golden/; piq: piq 0.8.0 multi_scale_ssim to 1e-9; matlab: msssim.m "
                                + "(port) and torchmetrics: torchmetrics >= 1.4.2, to 1e-9 on the spec's vectors",
                        List.of(Parameter.ofChoice("downsample", "pytorch_msssim", MsSsimDownsample.configNames(),
                                        "whose scale rules to follow: pytorch_msssim, piq, matlab or torchmetrics"),
                                Parameter.ofDoubleList("weights", MsSsim.DEFAULT_WEIGHTS,
                                                "scale weights (fewer for fewer scales; piq renormalises custom ones)")
                                        .checked(StructuralLosses::validWeights,
                                                "must be 1 to " + MsSsim.MAX_SCALES + " finite numbers >= 0"),
                                PixelLosses.dataRange(),
                                k("k1", 0.01),
                                k("k2", 0.03),
                                windowSize("11; piq and matlab only"),
                                gaussianSigma("piq, matlab and torchmetrics")),
                        p -> new MsSsim(MsSsimDownsample.fromConfigName(p.getString("downsample")),
                                p.getDoubleList("weights"), p.getDouble("data_range"), p.getDouble("k1"),
                                p.getDouble("k2"), optionalInt(p, "window_size"), optionalDouble(p, "gaussian_sigma"))));
    }

    private static List<Parameter> ssimParameters() {
        return List.of(
                Parameter.ofChoice("variant", "wang", SsimVariant.configNames(),
                        "wang (default), skimage, torchmetrics, matlab, zero_pad, pytorch_msssim or piq"),
                PixelLosses.dataRange(),
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
}
