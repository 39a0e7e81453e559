package org.imgloss.metrics.gradient;

import org.imgloss.image.Image;
import org.imgloss.metrics.ChannelLoss;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairMetric;
import org.imgloss.metrics.kernel.ZeroPadded;

/**
 * Laplacian loss of the project's loss notes (seed 003, metrics-spec §4), metric
 * {@code laplacian_l1}: with the kernel {@code [[0,1,0],[1,−4,1],[0,1,0]]} applied with <b>zero
 * padding 1</b>, per channel {@code mean|Δy − Δx|}; colour images average the per-channel values.
 * The kernel filters {@code y − x} once (linearity; equal up to ~1e-16 relative rounding).
 *
 * <p>Reference and tolerance: see {@link GradientLosses} (catalogue entry {@code laplacian_l1}). Test
 * vector: metrics-spec §4's 61×83 pair gives 0.118828254193244 on [0, 1] data. Defined for every
 * size, 1×1 included. Not thread-safe: the scratch buffer is reused.
 */
public final class LaplacianL1 implements PairMetric {

    private final ZeroPadded scratch = new ZeroPadded();

    @Override
    public MetricResult compute(Image reconstruction, Image original) {
        return ChannelLoss.meanOverChannels(reconstruction, original, this::channel);
    }

    /** The loss of one channel pair of {@code h × w} planes. */
    double channel(double[] y, double[] x, int h, int w) {
        double[] d = scratch.fill(y, x, h, w, 1);
        int s = scratch.stride();
        double sum = 0;
        for (int i = 0; i < h; i++) {
            int mid = (i + 1) * s + 1;
            double row = 0;
            for (int j = 0; j < w; j++) {
                int p = mid + j;
                row += Math.abs(d[p - s] + d[p - 1] - 4 * d[p] + d[p + 1] + d[p + s]);
            }
            sum += row;
        }
        return sum / ((double) h * w);
    }

    @Override
    public void releaseScratch() {
        scratch.release();
    }
}
