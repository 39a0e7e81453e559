package org.imgloss.metrics.sar;

import java.util.List;
import org.imgloss.metrics.MetricDefinition;
import org.imgloss.metrics.MetricDefinition.Better;
import org.imgloss.metrics.MetricFamily;
import org.imgloss.metrics.MetricParameters;
import org.imgloss.metrics.Parameter;
import org.imgloss.metrics.ssim.StructuralLosses;

/** Catalogue section: the SAR losses (the seed's combined SAR loss, ENL, ENL loss, ratio-image statistics). */
public final class SarLosses implements MetricFamily {

    /** Made by {@link java.util.ServiceLoader}; see {@link MetricFamily}. */
    public SarLosses() {
    }

    @Override
    public int position() {
        return 40;
    }

    @Override
    public List<MetricDefinition> definitions() {
        return List.of(
                new MetricDefinition("sar_reconstruction",
                        "mse_weight*MSE + ssim_weight*(1 - SSIM) + edge_weight*gradient_l1 (the seed's SARReconstructionLoss)",
                        Better.LOWER,
                        "the seed training code's SARReconstructionLoss (golden sar_loss_mse0.5_ssim0.5_edge0.1, "
                                + "ssim_variant=zero_pad)",
                        "1e-12 relative",
                        List.of(
                                Parameter.ofDouble("mse_weight", 0.5, "weight of MSE").nonNegative(),
                                Parameter.ofDouble("ssim_weight", 0.5, "weight of 1 - SSIM").nonNegative(),
                                Parameter.ofDouble("edge_weight", 0.1, "weight of the Sobel gradient loss (gradient_l1)")
                                        .nonNegative(),
                                StructuralLosses.ssimVariant(),
                                StructuralLosses.ssimTermDataRange()),
                        p -> new SarReconstruction(p.getDouble("mse_weight"), p.getDouble("ssim_weight"),
                                p.getDouble("edge_weight"), StructuralLosses.ssimKernel(p))).withRange("≥ 0, 0 for identical images"),
                new MetricDefinition("enl",
                        "equivalent number of looks mean^2/variance over the homogeneous regions (4-connected parts of the mask), "
                                + "pixel-weighted mean over regions; of the reconstruction by default",
                        Better.HIGHER,
                        "no single public reference: the standard SAR despeckling figure mu^2/sigma^2, which papers "
                                + "compute over hand-picked homogeneous areas (for a mask of separate constant-reflectivity "
                                + "blocks, as in the golden SAR cases, exactly that figure per block, averaged); checked "
                                + "against a naive flood fill",
                        "exact formula (naive oracle to 1e-12 relative)",
                        List.of(maskSource(), maskWindow(), maskThreshold(),
                                Parameter.ofChoice("image", "reconstruction", List.of("reconstruction", "original"),
                                        "which image's ENL is reported"),
                                Parameter.ofInt("min_region_pixels", Enl.DEFAULT_MIN_REGION_PIXELS,
                                        "regions of the mask smaller than this are ignored").positive()),
                        p -> new Enl(mask(p), "original".equals(p.getString("image")), p.getInt("min_region_pixels"))).withRange("> 0 (looks), +∞ for a region of equal samples"),
                new MetricDefinition("enl_loss",
                        "the seed's ENL-aware loss: both images times the mask, 15x15 box means (zero padding counted), "
                                + "ENL = mu^2/(var + 1e-8), mean (ENL_y - ENL_x)^2",
                        Better.LOWER,
                        "the seed training code's enl_loss: golden enl_loss_mask (SAR cases, mask: <column> with "
                                + "mask.png) and enl_loss_mask_ones (natural images, mask: ones). The latter is "
                                + "ill-conditioned: nearly flat windows give var ~ 0 and ENL ~ mu^2/1e-8, so only float64 "
                                + "implementations agree, and only to about 1e-5",
                        "1e-10 relative; 1e-5 relative with mask: ones on natural images",
                        List.of(maskSource(), maskWindow(), maskThreshold(),
                                Parameter.ofInt("window", EnlLoss.DEFAULT_WINDOW, "box window of the local ENL (the seed's 15)")
                                        .checked(v -> (int) v >= 1 && (int) v % 2 == 1, "must be odd and >= 1")),
                        p -> new EnlLoss(mask(p), p.getInt("window"))).withRange("≥ 0, 0 when the local ENL maps agree"),
                new MetricDefinition("ratio_mean",
                        "mean of the ratio image (reconstruction / original by default), pixels with a zero denominator excluded",
                        Better.NEITHER,
                        "SAR despeckling practice (ratio image mean ~ 1 for an unbiased filter); no reference implementation",
                        "exact formula (direct computation to 1e-15)",
                        List.of(ratioOrder()),
                        p -> new RatioImageStats(RatioImageStats.Statistic.MEAN, originalOverReconstruction(p))).withRange("> 0, 1 for an unbiased reconstruction"),
                new MetricDefinition("ratio_variance",
                        "population variance of the ratio image, pixels with a zero denominator excluded",
                        Better.NEITHER,
                        "SAR despeckling practice (original / reconstruction has variance ~ 1/L on L-look speckle); no reference implementation",
                        "exact formula (direct computation to 1e-15)",
                        List.of(ratioOrder()),
                        p -> new RatioImageStats(RatioImageStats.Statistic.VARIANCE, originalOverReconstruction(p))).withRange("≥ 0, 0 for a ratio image that is constant"));
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
