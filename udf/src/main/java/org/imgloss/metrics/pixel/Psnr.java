package org.imgloss.metrics.pixel;

import org.imgloss.image.Image;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairMetric;

/**
 * Peak signal-to-noise ratio: {@code 10·log10(L² / MSE)} dB, L = {@code data_range} (default 1.0).
 *
 * <ul>
 *   <li>{@code per_channel_mean=false} (default): one MSE over every sample of every channel, as
 *       scikit-image {@code peak_signal_noise_ratio(orig, recon, data_range=L)} on the whole array.</li>
 *   <li>{@code per_channel_mean=true}: the mean of the per-channel PSNRs (differs from the above for
 *       colour images; golden {@code psnr_channel_mean}).</li>
 * </ul>
 * Identical images (MSE = 0) give {@code +Infinity} (in the per-channel mean: as soon as one
 * channel is identical), as scikit-image and torchmetrics do; piq's 1e-8 epsilon (80 dB cap) is not
 * applied. Reference and tolerance: see {@link PixelLosses} (catalogue entry {@code psnr}).
 */
public final class Psnr implements PairMetric {

    private final double dataRange;
    private final boolean perChannelMean;

    /**
     * @param dataRange      L, &gt; 0
     * @param perChannelMean average per-channel PSNRs instead of using one pooled MSE
     */
    public Psnr(double dataRange, boolean perChannelMean) {
        if (!(dataRange > 0) || Double.isInfinite(dataRange)) {
            throw new IllegalArgumentException("data_range: must be a finite number > 0, got " + dataRange);
        }
        this.dataRange = dataRange;
        this.perChannelMean = perChannelMean;
    }

    @Override
    public MetricResult compute(Image reconstruction, Image original) {
        if (!reconstruction.sameShape(original)) {
            return MetricResult.shapeMismatch(reconstruction, original);
        }
        int channels = original.channels();
        double n = original.pixels();
        if (perChannelMean) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += psnr(Mse.channelSquaredError(reconstruction.plane(c), original.plane(c)) / n);
            }
            return MetricResult.of(sum / channels);
        }
        double total = 0;
        for (int c = 0; c < channels; c++) {
            total += Mse.channelSquaredError(reconstruction.plane(c), original.plane(c));
        }
        return MetricResult.of(psnr(total / (n * channels)));
    }

    private double psnr(double mse) {
        if (mse == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return 10 * Math.log10(dataRange * dataRange / mse);
    }
}
