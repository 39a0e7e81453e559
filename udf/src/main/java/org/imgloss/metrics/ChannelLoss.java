package org.imgloss.metrics;

import org.imgloss.image.Image;

/**
 * A loss defined on one channel pair of {@code h × w} planes (row-major, reconstruction first). The
 * catalogue's per-channel losses report a colour image as the plain mean of its channels' values,
 * which {@link #meanOverChannels} computes (for one channel, the channel's value itself).
 */
@FunctionalInterface
public interface ChannelLoss {

    double channel(double[] reconstruction, double[] original, int h, int w);

    /** The mean over channels of {@code loss}, summed in channel order then divided by the count. */
    static MetricResult meanOverChannels(Image reconstruction, Image original, ChannelLoss loss) {
        int h = original.height();
        int w = original.width();
        double sum = 0;
        for (int c = 0; c < original.channels(); c++) {
            sum += loss.channel(reconstruction.plane(c), original.plane(c), h, w);
        }
        return MetricResult.of(sum / original.channels());
    }
}
