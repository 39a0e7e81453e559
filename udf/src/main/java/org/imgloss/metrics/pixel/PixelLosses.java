package org.imgloss.metrics.pixel;

import java.util.List;
import org.imgloss.image.Image;
import org.imgloss.metrics.MetricDefinition;
import org.imgloss.metrics.MetricDefinition.Better;
import org.imgloss.metrics.MetricFamily;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.Parameter;

/** Catalogue section: mse, mae, huber, psnr. */
public final class PixelLosses implements MetricFamily {

    /** Made by {@link java.util.ServiceLoader}; see {@link MetricFamily}. */
    public PixelLosses() {
    }

    @Override
    public int position() {
        return 10;
    }

    @Override
    public List<MetricDefinition> definitions() {
        return List.of(
                new MetricDefinition("mse",
                        "mean squared error: mean((y - x)^2) over all samples of all channels",
                        Better.LOWER,
                        "PyTorch F.mse_loss(recon, orig) and scikit-image mean_squared_error, float64 (golden mse)",
                        "1e-9 relative",
                        List.of(),
                        p -> new Mse()).withRange("≥ 0, 0 for identical images (at most 1 on images in [0, 1])"),
                new MetricDefinition("mae",
                        "mean absolute error: mean(|y - x|) over all samples of all channels",
                        Better.LOWER,
                        "PyTorch F.l1_loss(recon, orig), reduction 'mean', float64 (golden mae)",
                        "1e-9 relative",
                        List.of(),
                        p -> new Mae()).withRange("≥ 0, 0 for identical images (at most 1 on images in [0, 1])"),
                new MetricDefinition("huber",
                        "Huber / SmoothL1 loss: mean of 0.5*d^2/beta if |d| < beta else |d| - 0.5*beta",
                        Better.LOWER,
                        "PyTorch F.smooth_l1_loss(recon, orig, beta), float64 (golden smooth_l1_beta1 and "
                                + "smooth_l1_beta0.1); beta=0 is L1, PyTorch's huber_loss(delta) is delta times this "
                                + "with beta=delta, and on [0,1] data beta=1 gives MSE/2",
                        "1e-9 relative",
                        List.of(Parameter.ofDouble("beta", 1.0,
                                "threshold between the quadratic and linear parts (>= 0; 0 = L1)").nonNegative()),
                        p -> new Huber(p.getDouble("beta"))).withRange("≥ 0, 0 for identical images"),
                new MetricDefinition("psnr",
                        "peak signal-to-noise ratio 10*log10(L^2/MSE) dB; +Infinity for identical images",
                        Better.HIGHER,
                        "scikit-image 0.19 peak_signal_noise_ratio(orig, recon, data_range=L) on the whole array "
                                + "(golden psnr); per_channel_mean=true: the mean of per-channel PSNRs (golden "
                                + "psnr_channel_mean); without piq's 1e-8 epsilon (its 80 dB cap)",
                        "1e-9 relative",
                        List.of(Parameter.dataRange(),
                                Parameter.ofBoolean("per_channel_mean", false,
                                        "mean of per-channel PSNRs instead of one PSNR of the pooled MSE")),
                        p -> new Psnr(p.getDouble("data_range"), p.getBoolean("per_channel_mean"))).withRange("dB, +∞ for identical images; ≥ 0 while values stay in [0, data_range]"));
    }
}
