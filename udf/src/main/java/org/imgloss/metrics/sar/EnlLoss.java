package org.imgloss.metrics.sar;

import org.imgloss.image.Image;
import org.imgloss.metrics.InputPairMetric;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairInputs;
import org.imgloss.metrics.kernel.BoxSum;

/**
 * ENL-aware loss of the project's loss notes (seed 003 {@code enl_loss}, metrics-spec §4), metric
 * {@code enl_loss}.
 *
 * <p>Per channel, with the homogeneity weights {@code m} ({@link HomogeneityMask}: parameter
 * {@code mask}, default {@code auto}):
 * <ol>
 *   <li>{@code a = y·m}, {@code b = x·m} (masked-out pixels become zeros that still count);</li>
 *   <li>local means over {@code window × window} windows (default 15, the seed's), stride 1, zero
 *       padding {@code window/2} <b>counted</b>: every window sum is divided by {@code window²}
 *       (PyTorch {@code avg_pool2d} with {@code count_include_pad=True}), for {@code v} and {@code v²};</li>
 *   <li>{@code var = E[v²] − E[v]²}, {@code ENL = E[v]² / (var + 1e-8)};</li>
 *   <li>{@code loss = mean over all pixels (and channels) of (ENL_a − ENL_b)²}.</li>
 * </ol>
 *
 * <p>Reference and tolerance (and why {@code mask: ones} is ill-conditioned): see {@link SarLosses}
 * (catalogue entry {@code enl_loss}). Test vector: metrics-spec §4's 61×83 pair with mask ≡ 1 gives
 * 0.0476140657401766. The loss depends on the scale of the data (ENL is scale-free, but the 1e-8
 * is not).
 *
 * <p>Not thread-safe: buffers are reused while the size stays the same.
 */
public final class EnlLoss implements InputPairMetric {

    /** The seed's window. */
    public static final int DEFAULT_WINDOW = 15;
    /** The seed's variance floor. */
    public static final double VARIANCE_EPS = 1e-8;

    private final HomogeneityMask mask;
    private final int window;
    private final BoxSum box = new BoxSum();
    private double[] masked = new double[0];
    private double[] squared = new double[0];
    private double[] sum1 = new double[0];
    private double[] sum2 = new double[0];
    private double[] enl = new double[0];

    EnlLoss(HomogeneityMask mask, int window) {
        this.mask = mask;
        this.window = window;
    }


    @Override
    public MetricResult compute(Image reconstruction, Image original, PairInputs inputs) {
        MetricResult unusable = mask.unusable(original, inputs);
        if (unusable != null) {
            return unusable;
        }
        int h = original.height();
        int w = original.width();
        int n = h * w;
        if (masked.length != n) {
            masked = new double[n];
            squared = new double[n];
            sum1 = new double[n];
            sum2 = new double[n];
            enl = new double[n];
        }
        double total = 0;
        for (int c = 0; c < original.channels(); c++) {
            double[] m = mask.weights(original, c, inputs);
            localEnl(reconstruction.plane(c), m, h, w);
            System.arraycopy(sum1, 0, enl, 0, n);
            localEnl(original.plane(c), m, h, w);
            for (int p = 0; p < n; p++) {
                double d = enl[p] - sum1[p];
                total += d * d;
            }
        }
        return MetricResult.of(total / ((double) n * original.channels()));
    }

    /** Leaves the local ENL map of {@code v·m} in {@code sum1}. */
    private void localEnl(double[] v, double[] m, int h, int w) {
        int n = h * w;
        for (int p = 0; p < n; p++) {
            double a = v[p] * m[p];
            masked[p] = a;
            squared[p] = a * a;
        }
        int r = window / 2;
        box.sum(masked, h, w, r, sum1);
        box.sum(squared, h, w, r, sum2);
        double k2 = (double) window * window;
        for (int p = 0; p < n; p++) {
            double mean = sum1[p] / k2;
            double var = sum2[p] / k2 - mean * mean;
            sum1[p] = mean * mean / (var + VARIANCE_EPS);
        }
    }
}
