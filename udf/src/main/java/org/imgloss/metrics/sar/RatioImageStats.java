package org.imgloss.metrics.sar;

import org.imgloss.errors.ErrorCode;
import org.imgloss.image.Image;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairMetric;
import org.imgloss.metrics.Parameter;

/**
 * Mean or variance of the ratio image, metrics {@code ratio_mean} and {@code ratio_variance}: the
 * no-reference figures SAR despeckling papers report beside ENL. For a good despeckler on L-look
 * intensity data the ratio of the noisy original to the filtered image is pure speckle, with mean 1
 * and variance 1/L; structure left in the ratio (mean ≠ 1) signals bias or lost detail.
 *
 * <p>Parameter {@code ratio}: {@code reconstruction_over_original} (default, {@code y / x}) or
 * {@code original_over_reconstruction} ({@code x / y}, the speckle estimate of the despeckling
 * literature). Per channel, over the pixels whose denominator is non-zero: mean, or population
 * variance (two-pass). Pixels whose denominator is exactly 0 are <b>excluded</b> (the ratio is
 * undefined there); when a channel has no pixel left the metric has no value (NOT_APPLICABLE,
 * naming how many pixels were zero). Colour images: the mean of the per-channel values. Meant for
 * linear intensities (not the dB domain, where the ratio's counterpart is a difference). Stateless.
 * Reference and tolerance: see {@link SarLosses} (catalogue entries {@code ratio_mean} and
 * {@code ratio_variance}).
 */
public final class RatioImageStats implements PairMetric {

    /** Which statistic is reported. */
    public enum Statistic { MEAN, VARIANCE }

    private final Statistic statistic;
    private final boolean originalOverReconstruction;

    public RatioImageStats(Statistic statistic, boolean originalOverReconstruction) {
        this.statistic = statistic;
        this.originalOverReconstruction = originalOverReconstruction;
    }

    @Override
    public MetricResult compute(Image reconstruction, Image original) {
        Image num = originalOverReconstruction ? original : reconstruction;
        Image den = originalOverReconstruction ? reconstruction : original;
        double sum = 0;
        for (int c = 0; c < original.channels(); c++) {
            double[] a = num.plane(c);
            double[] b = den.plane(c);
            long count = 0;
            double mean = 0;
            for (int i = 0; i < a.length; i++) {
                if (b[i] != 0) {
                    mean += a[i] / b[i];
                    count++;
                }
            }
            if (count == 0) {
                return MetricResult.notApplicable(ErrorCode.NOT_APPLICABLE, "every pixel of the "
                        + (originalOverReconstruction ? "reconstruction" : "original")
                        + (original.channels() > 1 ? " (channel " + c + ")" : "")
                        + " is 0, so the ratio image is empty (" + a.length + " pixels)");
            }
            mean /= count;
            if (statistic == Statistic.MEAN) {
                sum += mean;
                continue;
            }
            double var = 0;
            for (int i = 0; i < a.length; i++) {
                if (b[i] != 0) {
                    double d = a[i] / b[i] - mean;
                    var += d * d;
                }
            }
            sum += var / count;
        }
        return MetricResult.of(sum / original.channels());
    }
}
