package org.imgloss.metrics.pixel;

import org.imgloss.image.Image;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairMetric;
import org.imgloss.metrics.Parameter;

/**
 * Huber loss with PyTorch {@code smooth_l1_loss} semantics (spec §3): for d = y − x per sample,
 * {@code 0.5·d²/β} if {@code |d| < β}, else {@code |d| − 0.5·β}; then the mean over every sample of
 * every channel. Parameter {@code beta} (default 1.0, ≥ 0); β = 0 is exactly the L1 loss (MAE).
 *
 * <p>PyTorch's {@code huber_loss(δ)} equals {@code δ · smooth_l1_loss(β=δ)}; they coincide at 1.0.
 * For images in [0, 1] with β = 1 the quadratic branch always applies, so the value is MSE/2: use
 * β ≪ 1 (e.g. 0.01–0.1) for a robust loss on [0, 1] data.
 *
 * <p>Reference and tolerance: see {@link PixelLosses} (catalogue entry {@code huber}).
 */
public final class Huber implements PairMetric {

    private final double beta;

    /** @param beta the threshold β, ≥ 0 */
    public Huber(double beta) {
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta: must be a finite number >= 0, got " + beta);
        }
        this.beta = beta;
    }

    @Override
    public MetricResult compute(Image reconstruction, Image original) {
        if (!reconstruction.sameShape(original)) {
            return MetricResult.shapeMismatch(reconstruction, original);
        }
        double halfBeta = 0.5 * beta;
        double sum = 0;
        for (int c = 0; c < original.channels(); c++) {
            double[] x = original.plane(c);
            double[] y = reconstruction.plane(c);
            for (int i = 0; i < x.length; i++) {
                double d = Math.abs(y[i] - x[i]);
                sum += d < beta ? 0.5 * d * d / beta : d - halfBeta;
            }
        }
        return MetricResult.of(sum / ((double) original.pixels() * original.channels()));
    }
}
