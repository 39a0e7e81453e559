package org.imgloss.metrics.sar;

import java.util.Arrays;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.Image;
import org.imgloss.metrics.InputPairMetric;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairInputs;

/**
 * Equivalent number of looks over homogeneous regions, metric {@code enl}: the standard SAR
 * despeckling figure {@code ENL = μ² / σ²} of a region that should be constant (higher = smoother;
 * for L-look intensity speckle it is L).
 *
 * <p>Definition, per channel:
 * <ol>
 *   <li>homogeneous pixels are those whose mask weight is at least 0.5 ({@link HomogeneityMask},
 *       parameter {@code mask}: {@code auto} from the original's local coefficient of variation,
 *       {@code ones}, or a mask image column);</li>
 *   <li>the homogeneous pixels are split into regions: 4-connected components;
 *       components smaller than {@code min_region_pixels} (default 50) are ignored;</li>
 *   <li>for each region, over the chosen image's values (parameter {@code image}:
 *       {@code reconstruction}, the default, or {@code original}): μ = mean, σ² = population variance
 *       (two-pass), {@code ENL_region = μ² / σ²} ({@code +Infinity} for a region whose samples are all
 *       equal: a perfectly flat reconstruction has unlimited looks);</li>
 *   <li>{@code ENL = Σ n_region·ENL_region / Σ n_region}, the pixel-weighted mean over regions.</li>
 * </ol>
 * Colour images: the mean of the per-channel values. No region of the required size → no value
 * (NOT_APPLICABLE). ENL is scale-invariant, and meant for the linear (intensity) domain.
 *
 * <p>Reference and tolerance (there is no single public reference implementation): see
 * {@link SarLosses} (catalogue entry {@code enl}). Not thread-safe: buffers are reused.
 */
public final class Enl implements InputPairMetric {

    public static final int DEFAULT_MIN_REGION_PIXELS = 50;

    private final HomogeneityMask mask;
    private final boolean ofOriginal;
    private final int minRegion;
    private int[] label = new int[0];
    private int[] stack = new int[0];

    Enl(HomogeneityMask mask, boolean ofOriginal, int minRegion) {
        this.mask = mask;
        this.ofOriginal = ofOriginal;
        this.minRegion = minRegion;
    }


    @Override
    public MetricResult compute(Image reconstruction, Image original, PairInputs inputs) {
        MetricResult unusable = mask.unusable(original, inputs);
        if (unusable != null) {
            return unusable;
        }
        Image target = ofOriginal ? original : reconstruction;
        double sum = 0;
        for (int c = 0; c < original.channels(); c++) {
            double[] m = mask.weights(original, c, inputs);
            double e = channel(target.plane(c), m, original.height(), original.width());
            if (Double.isNaN(e)) {
                return MetricResult.notApplicable(ErrorCode.NOT_APPLICABLE, "no homogeneous region of at least "
                        + minRegion + " pixels (mask '" + mask.source() + "'"
                        + (original.channels() > 1 ? ", channel " + c : "") + ")");
            }
            sum += e;
        }
        return MetricResult.of(sum / original.channels());
    }

    /** Pixel-weighted mean ENL over the mask's regions, or NaN when there is no region. */
    double channel(double[] v, double[] m, int h, int w) {
        int n = h * w;
        if (label.length != n) {
            label = new int[n];
            stack = new int[n];
        }
        Arrays.fill(label, 0);
        double weighted = 0;
        long pixels = 0;
        int next = 0;
        for (int seed = 0; seed < n; seed++) {
            if (label[seed] != 0 || !(m[seed] >= 0.5)) {
                continue;
            }
            next++;
            // Breadth-first flood fill: the region's pixels end up in stack[0 .. size).
            int top = 0;
            label[seed] = next;
            stack[top++] = seed;
            int read = 0;
            while (read < top) {
                int p = stack[read++];
                int i = p / w;
                int j = p - i * w;
                if (j > 0) {
                    top = visit(p - 1, m, next, top);
                }
                if (j + 1 < w) {
                    top = visit(p + 1, m, next, top);
                }
                if (i > 0) {
                    top = visit(p - w, m, next, top);
                }
                if (i + 1 < h) {
                    top = visit(p + w, m, next, top);
                }
            }
            int size = top;
            if (size < minRegion) {
                continue;
            }
            double mean = 0;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < size; k++) {
                double s = v[stack[k]];
                mean += s;
                lo = Math.min(lo, s);
                hi = Math.max(hi, s);
            }
            mean /= size;
            double var = 0;
            for (int k = 0; k < size; k++) {
                double d = v[stack[k]] - mean;
                var += d * d;
            }
            var /= size;
            // A constant region (every sample equal, tested exactly so that the rounding of the mean
            // cannot leave a 1e-33 "variance") has unlimited looks.
            double enl = lo == hi ? Double.POSITIVE_INFINITY : mean * mean / var;
            weighted += size * enl;
            pixels += size;
        }
        return pixels == 0 ? Double.NaN : weighted / pixels;
    }

    private int visit(int q, double[] m, int id, int top) {
        if (label[q] == 0 && m[q] >= 0.5) {
            label[q] = id;
            stack[top++] = q;
        }
        return top;
    }
}
