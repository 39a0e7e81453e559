package org.imgloss.metrics.gradient;

import org.imgloss.image.Image;
import org.imgloss.metrics.ChannelLoss;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairMetric;
import org.imgloss.metrics.kernel.ZeroPadded;
import org.imgloss.metrics.PairCache;
import org.imgloss.metrics.PairInputs;

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
 * {@code sar_reconstruction}'s edge term through the pair's {@link PairCache}. Not thread-safe: the scratch buffer is
 * reused.
 */
public final class GradientL1 implements PairMetric {

    private final ZeroPadded scratch = new ZeroPadded();

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
        double[] d = scratch.fill(y, x, h, w, 1);
        int s = scratch.stride();
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < h; i++) {
            // Row partial sums keep the rounding of the long sum at the ~1e-15 level on large images.
            double rx = 0;
            double ry = 0;
            int up = i * s + 1;
            int mid = up + s;
            int down = mid + s;
            for (int j = 0; j < w; j++) {
                double a = d[up + j - 1];
                double b = d[up + j];
                double cc = d[up + j + 1];
                double l = d[mid + j - 1];
                double r = d[mid + j + 1];
                double g = d[down + j - 1];
                double k = d[down + j];
                double m = d[down + j + 1];
                rx += Math.abs((cc - a) + 2 * (r - l) + (m - g));
                ry += Math.abs((g - a) + 2 * (k - b) + (m - cc));
            }
            sx += rx;
            sy += ry;
        }
        double n = (double) h * w;
        return sx / n + sy / n;
    }

    @Override
    public void releaseScratch() {
        scratch.release();
    }
}
