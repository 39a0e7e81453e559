package org.imgloss.metrics;

import org.imgloss.image.Image;

/**
 * Mean squared error: {@code mean((y − x)²)} over every sample of every channel (for equal-sized
 * channels this is the mean of the per-channel MSEs). Double accumulation. Agrees with PyTorch
 * {@code F.mse_loss} (reduction 'mean') and scikit-image {@code mean_squared_error} on
 * {@code golden/} to 1e-9 relative. No parameters, no size limit.
 */
public final class Mse implements PairMetric {

    @Override
    public MetricResult compute(Image reconstruction, Image original) {
        if (!reconstruction.sameShape(original)) {
            return PixelLosses.shapeMismatch(reconstruction, original);
        }
        double sum = 0;
        for (int c = 0; c < original.channels(); c++) {
            sum += channelSquaredError(reconstruction.plane(c), original.plane(c));
        }
        return MetricResult.of(sum / ((double) original.pixels() * original.channels()));
    }

    /** Σ (y − x)² over one channel. */
    static double channelSquaredError(double[] y, double[] x) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double d = y[i] - x[i];
            s += d * d;
        }
        return s;
    }
}
