package org.imgloss.metrics.gradient;

import org.imgloss.image.Image;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairMetric;

/**
 * Total variation of the project's loss notes (seed 003, metrics-spec §4), metrics
 * {@code total_variation} and {@code total_variation_diff}.
 *
 * <p>For one channel of an {@code H × W} image {@code v}:
 * <pre>  TV(v) = mean over H×(W−1) of |v[i][j+1] − v[i][j]| + mean over (H−1)×W of |v[i+1][j] − v[i][j]|</pre>
 * (two means with different counts). Colour images average the per-channel values.
 * {@code total_variation} reports {@code TV(reconstruction)}; {@code total_variation_diff} reports
 * {@code TV(reconstruction) − TV(original)}: negative when the reconstruction is smoother than its
 * original (blur, denoising), positive when it is noisier.
 *
 * <p><b>Empty difference sets.</b> A one-column image has no horizontal differences and a one-row
 * image no vertical ones; the seed's {@code torch.mean} of an empty tensor would be NaN. Here an
 * empty set contributes 0 to the sum, so a 1×N image has only its horizontal term, an N×1 image only
 * its vertical term, and a 1×1 image has TV 0.
 *
 * <p>Reference and tolerance: see {@link GradientLosses} (catalogue entries {@code total_variation}
 * and {@code total_variation_diff}); the golden {@code piq_tv_*} values show piq's different
 * definition. Test vector: metrics-spec §4's 61×83 pair gives TV(y) = 0.147583469486447 on [0, 1]
 * data. Stateless; no scratch buffers.
 */
public final class TotalVariation implements PairMetric {

    /** What is reported. */
    public enum Mode {
        /** TV of the reconstruction. */
        RECONSTRUCTION,
        /** TV(reconstruction) − TV(original). */
        DIFFERENCE
    }

    private final Mode mode;

    public TotalVariation(Mode mode) {
        this.mode = mode;
    }

    @Override
    public MetricResult compute(Image reconstruction, Image original) {
        double value = of(reconstruction);
        if (mode == Mode.DIFFERENCE) {
            value -= of(original);
        }
        return MetricResult.of(value);
    }

    /** The mean over channels of the per-channel TV of an image. */
    public static double of(Image image) {
        double sum = 0;
        for (int c = 0; c < image.channels(); c++) {
            sum += channel(image.plane(c), image.height(), image.width());
        }
        return sum / image.channels();
    }

    /** TV of one {@code h × w} plane (empty difference sets contribute 0). */
    public static double channel(double[] v, int h, int w) {
        double horizontal = 0;
        double vertical = 0;
        for (int i = 0; i < h; i++) {
            int row = i * w;
            for (int j = 0; j + 1 < w; j++) {
                horizontal += Math.abs(v[row + j + 1] - v[row + j]);
            }
            if (i + 1 < h) {
                int next = row + w;
                for (int j = 0; j < w; j++) {
                    vertical += Math.abs(v[next + j] - v[row + j]);
                }
            }
        }
        double tv = 0;
        if (w > 1) {
            tv += horizontal / ((double) h * (w - 1));
        }
        if (h > 1) {
            tv += vertical / ((double) (h - 1) * w);
        }
        return tv;
    }
}
