package org.imgloss.metrics;

import org.imgloss.image.Image;

/**
 * A metric that generates an image from the pair's original on the way to its value, an image the
 * job can write next to the scores for people to look at ({@code metamer_mse}'s metamer).
 */
public interface GeneratingMetric extends PairMetric {

    /**
     * The image this metric makes from {@code original} for this pair, as it makes it while scoring
     * (kernels may serve it from the work of the pair just scored).
     *
     * @throws IllegalArgumentException when the pair cannot get one (the metric's value says why)
     */
    Image generatedImage(Image original, PairInputs inputs);
}
