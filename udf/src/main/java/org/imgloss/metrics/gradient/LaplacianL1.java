package org.imgloss.metrics.gradient;

import org.imgloss.image.Image;
import org.imgloss.metrics.ChannelLoss;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairMetric;
import org.imgloss.metrics.kernel.InterleavedSum;

/**
 * Laplacian loss of the project's loss notes (seed 003, metrics-spec §4), metric
 * {@code laplacian_l1}: with the kernel {@code [[0,1,0],[1,−4,1],[0,1,0]]} applied with <b>zero
 * padding 1</b>, per channel {@code mean|Δy − Δx|}; colour images average the per-channel values.
 * The kernel filters {@code y − x} once (linearity; equal up to ~1e-16 relative rounding).
 *
 * <p>Reference and tolerance: see {@link GradientLosses} (catalogue entry {@code laplacian_l1}). Test
 * vector: metrics-spec §4's 61×83 pair gives 0.118828254193244 on [0, 1] data. Defined for every
 * size, 1×1 included.
 *
 * <p>Speed: rows of {@code d} in a ring of three, the horizontal part {@code left + right − 4·mid}
 * of each row once, and the absolute responses added into per-column sums: loops reading each array
 * at one index, which the JIT vectorises. Not thread-safe: the row buffers are reused.
 */
public final class LaplacianL1 implements PairMetric {

    private final DifferenceRows rows = new DifferenceRows();
    // ring of three rows (row i mod 3) of d, and the horizontal part of the current row
    private double[][] ring = new double[3][0];
    private double[] horizontal = new double[0];
    private double[] previous = new double[0];
    private double[] zero = new double[0];
    // per-column sums of |Δd|
    private double[] sums = new double[0];

    @Override
    public MetricResult compute(Image reconstruction, Image original) {
        return ChannelLoss.meanOverChannels(reconstruction, original, this::channel);
    }

    /** The loss of one channel pair of {@code h × w} planes. */
    double channel(double[] y, double[] x, int h, int w) {
        ensure(w);
        java.util.Arrays.fill(sums, 0, w, 0.0);
        for (int i = 0; i < h; i++) {
            rows.load(y, x, i, w);
            double[] l = rows.left;
            double[] m = rows.mid;
            double[] r = rows.right;
            double[] hz = horizontal;
            for (int j = 0; j < w; j++) {
                hz[j] = (l[j] - 4 * m[j]) + r[j];
            }
            System.arraycopy(m, 0, ring[i % 3], 0, w);
            if (i > 0) {
                // the row above is complete now: add its response
                addAbs(i > 1 ? ring[(i - 2) % 3] : zero, previous, m, sums, w);
            }
            double[] swap = previous;
            previous = hz;
            horizontal = swap;
        }
        addAbs(h > 1 ? ring[(h - 2) % 3] : zero, previous, zero, sums, w);
        return InterleavedSum.of(sums, 0, w) / ((double) h * w);
    }

    /** {@code sums += |up + horizontal + down|}. */
    private static void addAbs(double[] up, double[] horizontal, double[] down, double[] sums, int w) {
        for (int j = 0; j < w; j++) {
            sums[j] += Math.abs(up[j] + horizontal[j] + down[j]);
        }
    }

    private void ensure(int w) {
        rows.ensure(w);
        if (zero.length < w) {
            ring = new double[3][w];
            horizontal = new double[w];
            previous = new double[w];
            zero = new double[w];
            sums = new double[w];
        }
    }

    @Override
    public void releaseScratch() {
        rows.release();
        ring = new double[3][0];
        horizontal = new double[0];
        previous = new double[0];
        zero = new double[0];
        sums = new double[0];
    }
}
