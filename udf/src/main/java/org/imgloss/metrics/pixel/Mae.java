package org.imgloss.metrics.pixel;

import org.imgloss.image.Image;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairMetric;

/**
 * Mean absolute error: {@code mean(|y − x|)} over every sample of every channel. Double
 * accumulation. No parameters, no size limit. Reference and tolerance: see {@link PixelLosses}
 * (catalogue entry {@code mae}).
 */
public final class Mae implements PairMetric {

    @Override
    public MetricResult compute(Image reconstruction, Image original) {
        if (!reconstruction.sameShape(original)) {
            return MetricResult.shapeMismatch(reconstruction, original);
        }
        double sum = 0;
        for (int c = 0; c < original.channels(); c++) {
            double[] x = original.plane(c);
            double[] y = reconstruction.plane(c);
            for (int i = 0; i < x.length; i++) {
                sum += Math.abs(y[i] - x[i]);
            }
        }
        return MetricResult.of(sum / ((double) original.pixels() * original.channels()));
    }
}
