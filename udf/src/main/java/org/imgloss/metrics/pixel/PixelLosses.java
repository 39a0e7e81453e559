package org.imgloss.metrics.pixel;

import java.util.List;
import org.imgloss.image.Image;
import org.imgloss.metrics.MetricDefinition;
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
                        "PyTorch F.mse_loss(recon, orig) / scikit-image mean_squared_error, float64; "
                                + "golden/ to 1e-9 relative",
                        List.of(),
                        p -> new Mse()),
                new MetricDefinition("mae",
                        "mean absolute error: mean(|y - x|) over all samples of all channels",
                        "PyTorch F.l1_loss(recon, orig), float64; golden/ to 1e-9 relative",
                        List.of(),
                        p -> new Mae()),
                new MetricDefinition("huber",
                        "Huber / SmoothL1 loss: mean of 0.5*d^2/beta if |d| < beta else |d| - 0.5*beta",
                        "PyTorch F.smooth_l1_loss(recon, orig, beta) semantics (beta=0 is L1; on [0,1] data "
                                + "beta=1 gives MSE/2), float64; golden/ smooth_l1_beta1 and smooth_l1_beta0.1 "
                                + "to 1e-9 relative",
                        List.of(Parameter.ofDouble("beta", 1.0,
                                "threshold between the quadratic and linear parts (>= 0; 0 = L1)").nonNegative()),
                        p -> new Huber(p.getDouble("beta"))),
                new MetricDefinition("psnr",
                        "peak signal-to-noise ratio 10*log10(L^2/MSE) dB; +Infinity for identical images",
                        "scikit-image peak_signal_noise_ratio(orig, recon, data_range=L) on the whole array "
                                + "(per_channel_mean=true: mean of per-channel PSNRs); golden/ psnr and "
                                + "psnr_channel_mean to 1e-9 relative",
                        List.of(Parameter.dataRange(),
                                Parameter.ofBoolean("per_channel_mean", false,
                                        "mean of per-channel PSNRs instead of one PSNR of the pooled MSE")),
                        p -> new Psnr(p.getDouble("data_range"), p.getBoolean("per_channel_mean"))));
    }
}
