package org.imgloss.metrics;

import org.imgloss.image.Image;

/**
 * A metric whose value is the mean of a map over positions, and which can give that map for people
 * to look at (SSIM's map: where the reconstruction lost structure).
 */
public interface MapMetric extends PairMetric {

    /**
     * The metric's map of the pair: one value per position the metric averages (for SSIM, each
     * window position, at the downsampled resolution when the variant downsamples), averaged over
     * the channels, as a one-channel image. Its mean is the value {@link #compute} returns, up to
     * the order of summation; the values are the ones the metric computes, not an approximation.
     *
     * @throws IllegalArgumentException when the pair has no map (the metric's value says why)
     */
    Image valueMap(Image reconstruction, Image original);
}
