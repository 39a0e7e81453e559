package org.imgloss.metrics.gradient;

import java.util.List;
import org.imgloss.metrics.MetricDefinition;
import org.imgloss.metrics.MetricDefinition.Better;
import org.imgloss.metrics.MetricFamily;

/** Catalogue section: gradient_l1, laplacian_l1, total_variation, total_variation_diff. */
public final class GradientLosses implements MetricFamily {

    /** Made by {@link java.util.ServiceLoader}; see {@link MetricFamily}. */
    public GradientLosses() {
    }

    @Override
    public int position() {
        return 30;
    }

    @Override
    public List<MetricDefinition> definitions() {
        return List.of(
                new MetricDefinition("gradient_l1",
                        "Sobel gradient loss: mean|Gx*y - Gx*x| + mean|Gy*y - Gy*x|, 3x3 Sobel, zero padding 1, per channel then mean",
                        Better.LOWER,
                        "the seed training code's gradient_loss in float64 PyTorch (golden gradient_loss_sobel_l1)",
                        "1e-12 relative",
                        List.of(), p -> new GradientL1()).withRange("≥ 0, 0 for identical images"),
                new MetricDefinition("laplacian_l1",
                        "Laplacian loss: mean|Lap*y - Lap*x|, kernel [[0,1,0],[1,-4,1],[0,1,0]], zero padding 1, per channel then mean",
                        Better.LOWER,
                        "the seed training code's laplacian_loss (golden laplacian_loss_l1)",
                        "1e-12 relative",
                        List.of(), p -> new LaplacianL1()).withRange("≥ 0, 0 for identical images"),
                new MetricDefinition("total_variation",
                        "total variation of the reconstruction: mean |horizontal differences| + mean |vertical differences|, per channel then mean",
                        Better.NEITHER,
                        "the seed training code's total_variation_loss (golden tv_loss_recon), except that an empty "
                                + "difference set (1-row or 1-column image) contributes 0 where the seed's mean of an "
                                + "empty tensor is NaN; not torchmetrics' total variation (a sum) nor piq's (l2 norm of "
                                + "sums by default)",
                        "1e-12 relative",
                        List.of(), p -> new TotalVariation(TotalVariation.Mode.RECONSTRUCTION)).withRange("≥ 0, of the reconstruction alone (0 for a constant image)"),
                new MetricDefinition("total_variation_diff",
                        "TV(reconstruction) - TV(original): negative when the reconstruction is smoother, positive when noisier",
                        Better.NEITHER,
                        "the seed training code's total_variation_loss (golden tv_loss_recon - tv_loss_orig)",
                        "1e-12 relative",
                        List.of(), p -> new TotalVariation(TotalVariation.Mode.DIFFERENCE)).withRange("any real number: < 0 smoother than the original, > 0 noisier, 0 as smooth"));
    }
}
