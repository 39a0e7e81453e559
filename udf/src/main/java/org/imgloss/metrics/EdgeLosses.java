package org.imgloss.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Catalogue section: gradient, Laplacian, total variation, combined and SAR losses. */
final class EdgeLosses {

    /** The SSIM variant the seed's combined losses use. */
    static final String DEFAULT_SSIM_VARIANT = "zero_pad";

    private EdgeLosses() {
    }

    static List<MetricDefinition> definitions() {
        return List.of(
                new MetricDefinition("gradient_l1",
                        "Sobel gradient loss: mean|Gx*y - Gx*x| + mean|Gy*y - Gy*x|, 3x3 Sobel, zero padding 1, per channel then mean",
                        "the project's loss notes (gradient_loss) in float64 PyTorch: golden gradient_loss_sobel_l1 to 1e-12 relative",
                        List.of(), p -> new GradientL1()),
                new MetricDefinition("laplacian_l1",
                        "Laplacian loss: mean|Lap*y - Lap*x|, kernel [[0,1,0],[1,-4,1],[0,1,0]], zero padding 1, per channel then mean",
                        "the project's loss notes (laplacian_loss): golden laplacian_loss_l1 to 1e-12 relative",
                        List.of(), p -> new LaplacianL1()),
                new MetricDefinition("total_variation",
                        "total variation of the reconstruction: mean |horizontal differences| + mean |vertical differences|, per channel then mean",
                        "the project's loss notes (total_variation_loss): golden tv_loss_recon to 1e-12 relative; an empty "
                                + "difference set (1-row or 1-column image) contributes 0",
                        List.of(), p -> new TotalVariation(TotalVariation.Mode.RECONSTRUCTION)),
                new MetricDefinition("total_variation_diff",
                        "TV(reconstruction) - TV(original): negative when the reconstruction is smoother, positive when noisier",
                        "golden tv_loss_recon - tv_loss_orig to 1e-12 relative",
                        List.of(), p -> new TotalVariation(TotalVariation.Mode.DIFFERENCE)),
                new MetricDefinition("mse_ssim",
                        "mse_weight*MSE + ssim_weight*(1 - SSIM), SSIM of variant ssim_variant (default the seed's zero-padded one)",
                        "the project's loss notes (CombinedLoss): golden combined_mse0.5_ssim0.5, combined_mse0.16_ssim0.84 "
                                + "(the seed's recipe) and combined_mse1_ssim1 to 1e-12 relative",
                        List.of(
                                Parameter.ofDouble("mse_weight", 0.5, "weight of MSE").nonNegative(),
                                Parameter.ofDouble("ssim_weight", 0.5, "weight of 1 - SSIM (the seed recommends 0.16 / 0.84)")
                                        .nonNegative(),
                                ssimVariant(),
                                dataRange()),
                        p -> new MseSsim(p.getDouble("mse_weight"), p.getDouble("ssim_weight"), ssimKernel(p))),
                new MetricDefinition("sar_reconstruction",
                        "mse_weight*MSE + ssim_weight*(1 - SSIM) + edge_weight*gradient_l1 (the seed's SARReconstructionLoss)",
                        "the project's loss notes (SARReconstructionLoss): golden sar_loss_mse0.5_ssim0.5_edge0.1 to 1e-12 relative",
                        List.of(
                                Parameter.ofDouble("mse_weight", 0.5, "weight of MSE").nonNegative(),
                                Parameter.ofDouble("ssim_weight", 0.5, "weight of 1 - SSIM").nonNegative(),
                                Parameter.ofDouble("edge_weight", 0.1, "weight of the Sobel gradient loss (gradient_l1)")
                                        .nonNegative(),
                                ssimVariant(),
                                dataRange()),
                        p -> new SarReconstruction(p.getDouble("mse_weight"), p.getDouble("ssim_weight"),
                                p.getDouble("edge_weight"), ssimKernel(p))),
                new MetricDefinition("enl",
                        "equivalent number of looks mean^2/variance over the homogeneous regions (4-connected parts of the mask), "
                                + "pixel-weighted mean over regions; of the reconstruction by default",
                        "no single public reference: the standard SAR figure over mask regions, checked against a naive flood fill",
                        List.of(maskSource(), maskWindow(), maskThreshold(),
                                Parameter.ofChoice("image", "reconstruction", List.of("reconstruction", "original"),
                                        "which image's ENL is reported"),
                                Parameter.ofInt("min_region_pixels", Enl.DEFAULT_MIN_REGION_PIXELS,
                                        "regions of the mask smaller than this are ignored").positive()),
                        p -> new Enl(mask(p), "original".equals(p.getString("image")), p.getInt("min_region_pixels"))),
                new MetricDefinition("enl_loss",
                        "the seed's ENL-aware loss: both images times the mask, 15x15 box means (zero padding counted), "
                                + "ENL = mu^2/(var + 1e-8), mean (ENL_y - ENL_x)^2",
                        "the project's loss notes (enl_loss): golden enl_loss_mask (mask: <column> with mask.png) to 1e-10 relative, "
                                + "enl_loss_mask_ones (mask: ones; ill-conditioned) to 1e-5 relative",
                        List.of(maskSource(), maskWindow(), maskThreshold(),
                                Parameter.ofInt("window", EnlLoss.DEFAULT_WINDOW, "box window of the local ENL (the seed's 15)")
                                        .checked(v -> (int) v >= 1 && (int) v % 2 == 1, "must be odd and >= 1")),
                        p -> new EnlLoss(mask(p), p.getInt("window"))),
                new MetricDefinition("ratio_mean",
                        "mean of the ratio image (reconstruction / original by default), pixels with a zero denominator excluded",
                        "SAR despeckling practice (ratio image mean ~ 1 for an unbiased filter); no reference implementation",
                        List.of(ratioOrder()),
                        p -> new RatioImageStats(RatioImageStats.Statistic.MEAN, originalOverReconstruction(p))),
                new MetricDefinition("ratio_variance",
                        "population variance of the ratio image, pixels with a zero denominator excluded",
                        "SAR despeckling practice (original / reconstruction has variance ~ 1/L on L-look speckle); no reference implementation",
                        List.of(ratioOrder()),
                        p -> new RatioImageStats(RatioImageStats.Statistic.VARIANCE, originalOverReconstruction(p))));
    }

    private static Parameter ssimVariant() {
        return Parameter.ofChoice("ssim_variant", DEFAULT_SSIM_VARIANT, SsimVariant.configNames(),
                "variant of the ssim metric used for the SSIM term (default zero_pad: the seed's zero-padded 11x11 Gaussian)");
    }

    private static Parameter dataRange() {
        return new Parameter("data_range", Parameter.Kind.DOUBLE, null, null,
                v -> ((Double) v) > 0 && !((Double) v).isInfinite(), "must be a finite number > 0",
                "L of the SSIM term (default: the ssim metric's, 1.0)");
    }

    /** The catalogue's ssim kernel with the combined loss's variant (and data range, when given). */
    static PairMetric ssimKernel(MetricParameters p) {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("variant", p.getString("ssim_variant"));
        if (p.has("data_range")) {
            raw.put("data_range", p.getDouble("data_range"));
        }
        return MetricCatalog.get("ssim").create(raw);
    }

    private static Parameter maskSource() {
        return Parameter.ofString("mask", HomogeneityMask.AUTO,
                "homogeneous mask: auto (from the original's local coefficient of variation), ones, or the name of "
                        + "a pair column holding a mask image (255 = homogeneous)")
                .checked(v -> !((String) v).isBlank(), "must be auto, ones or a column name");
    }

    private static Parameter maskWindow() {
        return Parameter.ofInt("mask_window", 15, "window of the automatic mask's local statistics")
                .checked(v -> (int) v >= 1 && (int) v % 2 == 1, "must be odd and >= 1");
    }

    private static Parameter maskThreshold() {
        return new Parameter("mask_threshold", Parameter.Kind.DOUBLE, null, null, null, null,
                "automatic mask: homogeneous where local std/mean <= this (default: 1.1 x the median local std/mean)")
                .positive();
    }

    private static HomogeneityMask mask(MetricParameters p) {
        return new HomogeneityMask(p.getString("mask"), p.getInt("mask_window"),
                p.has("mask_threshold") ? p.getDouble("mask_threshold") : null);
    }

    private static Parameter ratioOrder() {
        return Parameter.ofChoice("ratio", "reconstruction_over_original",
                List.of("reconstruction_over_original", "original_over_reconstruction"),
                "which ratio: reconstruction / original (default) or original / reconstruction (the speckle estimate)");
    }

    private static boolean originalOverReconstruction(MetricParameters p) {
        return "original_over_reconstruction".equals(p.getString("ratio"));
    }
}
