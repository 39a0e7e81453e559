package org.imgloss.metrics.gradient;

import org.imgloss.image.Image;
import org.imgloss.metrics.ChannelLoss;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairMetric;
import org.imgloss.metrics.PairCache;
import org.imgloss.metrics.PairInputs;
import org.imgloss.metrics.kernel.InterleavedSum;

/**
 * Sobel gradient loss of the project's loss notes (seed 003, metrics-spec §4), metric
 * {@code gradient_l1}.
 *
 * <p>With {@code Gx = [[−1,0,1],[−2,0,2],[−1,0,1]]} and {@code Gy = Gxᵀ} applied as
 * cross-correlation with <b>zero padding 1</b> (same size), per channel
 * <pre>  loss = mean|Gx∗y − Gx∗x| + mean|Gy∗y − Gy∗x|</pre>
 * (two separate L1 means, summed; no gradient magnitude), where {@code y} is the reconstruction and
 * {@code x} the original. Colour images: the mean of the per-channel values (the seed's depthwise
 * convolution gives the same). Because the filters are linear the kernel filters the difference
 * {@code y − x} once, which is the same value up to rounding (~1e-16 relative).
 *
 * <p>Reference and tolerance: see {@link GradientLosses} (catalogue entry {@code gradient_l1}). Test
 * vector: metrics-spec §4's 61×83 pair gives 0.185803193487547 on [0, 1] data. Defined for every size, 1×1 included (the zero border makes
 * every pixel's stencil complete). The value of a pair is computed once per thread and shared with
 * {@code sar_reconstruction}'s edge term through the pair's {@link PairCache}.
 *
 * <p>Speed: the Sobel kernels are separable, {@code Gx = [1,2,1]ᵀ ⊗ [−1,0,1]} and
 * {@code Gy = [−1,0,1]ᵀ ⊗ [1,2,1]}, so each row of {@code d} is reduced once to its horizontal
 * difference {@code right − left} and its smoothing {@code left + 2·mid + right} (a ring of three rows
 * each), and the absolute responses are added into per-column sums; every loop reads its arrays at one
 * index, which the JIT vectorises. Not thread-safe: the row buffers are reused.
 */
public final class GradientL1 implements PairMetric {

    private final DifferenceRows rows = new DifferenceRows();
    // ring of three rows (row i mod 3) of the horizontal difference and of the horizontal smoothing
    private double[][] diff = new double[3][0];
    private double[][] smooth = new double[3][0];
    private double[] zero = new double[0];
    // per-column sums of |Gx∗d| and |Gy∗d|
    private double[] sumX = new double[0];
    private double[] sumY = new double[0];

    @Override
    public MetricResult compute(Image reconstruction, Image original) {
        return evaluate(reconstruction, original);
    }

    /** Shared with sar_reconstruction's edge term when both score the same pair (the pair's cache). */
    @Override
    public MetricResult compute(Image reconstruction, Image original, PairInputs inputs) {
        return inputs.cache().get("gradient_l1", () -> evaluate(reconstruction, original));
    }

    private MetricResult evaluate(Image reconstruction, Image original) {
        return ChannelLoss.meanOverChannels(reconstruction, original, this::channel);
    }

    /** The loss of one channel pair of {@code h × w} planes. */
    double channel(double[] y, double[] x, int h, int w) {
        ensure(w);
        java.util.Arrays.fill(sumX, 0, w, 0.0);
        java.util.Arrays.fill(sumY, 0, w, 0.0);
        reduceRow(y, x, 0, w);
        for (int i = 0; i < h; i++) {
            if (i + 1 < h) {
                reduceRow(y, x, i + 1, w);
            }
            double[] dUp = i > 0 ? diff[(i - 1) % 3] : zero;
            double[] dMid = diff[i % 3];
            double[] dDown = i + 1 < h ? diff[(i + 1) % 3] : zero;
            double[] sUp = i > 0 ? smooth[(i - 1) % 3] : zero;
            double[] sDown = i + 1 < h ? smooth[(i + 1) % 3] : zero;
            addAbsGx(dUp, dMid, dDown, sumX, w);
            addAbsGy(sUp, sDown, sumY, w);
        }
        double n = (double) h * w;
        return InterleavedSum.of(sumX, 0, w) / n + InterleavedSum.of(sumY, 0, w) / n;
    }

    /** Row {@code i} of {@code y − x} into the ring: its horizontal difference and smoothing. */
    private void reduceRow(double[] y, double[] x, int i, int w) {
        rows.load(y, x, i, w);
        double[] l = rows.left;
        double[] m = rows.mid;
        double[] r = rows.right;
        double[] d = diff[i % 3];
        double[] s = smooth[i % 3];
        for (int j = 0; j < w; j++) {
            double a = l[j];
            double c = r[j];
            d[j] = c - a;
            s[j] = (a + 2 * m[j]) + c;
        }
    }

    private static void addAbsGx(double[] up, double[] mid, double[] down, double[] sum, int w) {
        for (int j = 0; j < w; j++) {
            sum[j] += Math.abs(up[j] + 2 * mid[j] + down[j]);
        }
    }

    private static void addAbsGy(double[] up, double[] down, double[] sum, int w) {
        for (int j = 0; j < w; j++) {
            sum[j] += Math.abs(down[j] - up[j]);
        }
    }

    private void ensure(int w) {
        rows.ensure(w);
        if (zero.length < w) {
            diff = new double[3][w];
            smooth = new double[3][w];
            zero = new double[w];
            sumX = new double[w];
            sumY = new double[w];
        }
    }

    @Override
    public void releaseScratch() {
        rows.release();
        diff = new double[3][0];
        smooth = new double[3][0];
        zero = new double[0];
        sumX = new double[0];
        sumY = new double[0];
    }
}
