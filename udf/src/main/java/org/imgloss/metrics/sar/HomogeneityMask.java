package org.imgloss.metrics.sar;

import java.util.Arrays;
import java.util.Locale;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.Image;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairInputs;
import org.imgloss.metrics.Parameter;
import org.imgloss.metrics.kernel.BoxSum;

/**
 * Where a pair's homogeneous (speckle-only) regions are, for the SAR metrics {@code enl} and
 * {@code enl_loss}. Parameter {@code mask}:
 * <ul>
 *   <li>{@code auto} (default): computed from the <b>original</b>, per channel. The local mean μ and
 *       population standard deviation σ are taken over the {@code mask_window × mask_window} window
 *       (default 15) clipped to the image; a pixel is homogeneous (weight 1) when μ &gt; 0 and the
 *       local coefficient of variation σ/μ is at most the threshold, else weight 0. The threshold is
 *       {@code mask_threshold} when given; by default it is 1.1 × the median local coefficient of
 *       variation of the image (pixels with μ &gt; 0). The adaptive default follows the speckle:
 *       fully developed L-look intensity speckle has σ/μ = 1/√L in homogeneous areas (1.0 for L = 1,
 *       0.5 for L = 4), so no absolute threshold suits every look count, while edges and texture
 *       raise σ/μ above the median. On the golden L = 1 and L = 4 cases it marks 72–74 % of the
 *       pixels and covers 96–99 % of the reference mask (the rest is smooth ramp and disk).</li>
 *   <li>{@code ones}: every pixel, weight 1.</li>
 *   <li>any other value: the name of a pair column holding the mask image (the job decodes it into
 *       {@link PairInputs#images()} under that name). Its first channel, as decoded (8-bit 255 →
 *       1.0), is the weight, as in the golden data ({@code mask.png / 255}). A pair without that
 *       image, or with a mask of another height or width, has no value (NOT_APPLICABLE).</li>
 * </ul>
 * Not thread-safe: scratch buffers are reused.
 */
final class HomogeneityMask {

    static final String AUTO = "auto";
    static final String ONES = "ones";
    static final double ADAPTIVE_FACTOR = 1.1;

    private final String source;
    private final int window;
    private final Double threshold;
    private final BoxSum box = new BoxSum();
    private double[] weights = new double[0];
    private double[] s1 = new double[0];
    private double[] s2 = new double[0];
    private double[] sq = new double[0];
    private double[] cvs = new double[0];

    /**
     * @param source    {@code auto}, {@code ones} or a column name
     * @param window    odd window size of the automatic mask
     * @param threshold absolute coefficient-of-variation threshold, or {@code null} for the adaptive one
     */
    HomogeneityMask(String source, int window, Double threshold) {
        String lower = source.trim().toLowerCase(Locale.ROOT);
        this.source = lower.equals(AUTO) || lower.equals(ONES) ? lower : source.trim();
        this.window = window;
        this.threshold = threshold;
    }

    /** The mask source as configured. */
    String source() {
        return source;
    }

    /**
     * The {@link ErrorCode#NOT_APPLICABLE} result for a pair that has no usable mask, or
     * {@code null} when {@link #weights} will succeed.
     */
    MetricResult unusable(Image original, PairInputs inputs) {
        String problem = problem(original, inputs);
        return problem == null ? null : MetricResult.notApplicable(ErrorCode.NOT_APPLICABLE, problem);
    }

    /** Why no mask can be had for this pair, or {@code null} when {@link #weights} will succeed. */
    String problem(Image original, PairInputs inputs) {
        if (source.equals(AUTO) || source.equals(ONES)) {
            return null;
        }
        Image m = inputs.image(source);
        if (m == null) {
            return "mask column '" + source + "' has no image for this pair";
        }
        if (m.width() != original.width() || m.height() != original.height()) {
            return "mask '" + source + "' is " + m.height() + "x" + m.width() + " (HxW), the pair is "
                    + original.height() + "x" + original.width();
        }
        return null;
    }

    /**
     * The weights of channel {@code c} (length H·W). Call {@link #problem} first. The array is a
     * scratch buffer or the mask image's plane: read it, do not keep or modify it.
     */
    double[] weights(Image original, int c, PairInputs inputs) {
        int n = original.pixels();
        if (source.equals(ONES)) {
            if (weights.length != n) {
                weights = new double[n];
            }
            Arrays.fill(weights, 1.0);
            return weights;
        }
        if (!source.equals(AUTO)) {
            return inputs.image(source).plane(0);
        }
        return auto(original.plane(c), original.height(), original.width());
    }

    private double[] auto(double[] v, int h, int w) {
        int n = h * w;
        if (weights.length != n) {
            weights = new double[n];
        }
        if (s1.length != n) {
            s1 = new double[n];
            s2 = new double[n];
            sq = new double[n];
            cvs = new double[n];
        }
        for (int i = 0; i < n; i++) {
            sq[i] = v[i] * v[i];
        }
        int r = window / 2;
        box.sum(v, h, w, r, s1);
        box.sum(sq, h, w, r, s2);
        int valid = 0;
        for (int i = 0; i < h; i++) {
            int rows = BoxSum.covered(i, h, r);
            for (int j = 0; j < w; j++) {
                int p = i * w + j;
                double count = (double) rows * BoxSum.covered(j, w, r);
                double mean = s1[p] / count;
                double var = Math.max(0.0, s2[p] / count - mean * mean);
                double cv = mean > 0 ? Math.sqrt(var) / mean : Double.NaN;
                s1[p] = cv;
                if (mean > 0) {
                    cvs[valid++] = cv;
                }
            }
        }
        double t;
        if (threshold != null) {
            t = threshold;
        } else if (valid == 0) {
            t = Double.NEGATIVE_INFINITY;
        } else {
            Arrays.sort(cvs, 0, valid);
            double median = valid % 2 == 1 ? cvs[valid / 2] : 0.5 * (cvs[valid / 2 - 1] + cvs[valid / 2]);
            t = ADAPTIVE_FACTOR * median;
        }
        for (int p = 0; p < n; p++) {
            weights[p] = s1[p] <= t ? 1.0 : 0.0;
        }
        return weights;
    }
}
