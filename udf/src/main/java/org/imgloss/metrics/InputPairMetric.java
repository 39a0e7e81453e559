package org.imgloss.metrics;

import org.imgloss.image.Image;

/**
 * A {@link PairMetric} that reads the pair's extra inputs (a mask image, gaze columns, or the
 * per-pair cache it shares with other metrics). It implements only the three-argument form; a call
 * without inputs scores with {@link PairInputs#NONE}.
 */
public interface InputPairMetric extends PairMetric {

    @Override
    default MetricResult compute(Image reconstruction, Image original) {
        return compute(reconstruction, original, PairInputs.NONE);
    }

    @Override
    MetricResult compute(Image reconstruction, Image original, PairInputs inputs);
}
