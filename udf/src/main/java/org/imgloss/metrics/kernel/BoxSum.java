package org.imgloss.metrics.kernel;

/**
 * Sums over a {@code k × k} window (k = 2r + 1) centred on every pixel, with samples outside the
 * image counted as zero (the sums PyTorch's {@code avg_pool2d(k, stride=1, padding=r)} divides by
 * {@code k²}). Separable: a horizontal pass, then a vertical one, each summing its taps directly
 * rather than with a running sum, so no rounding drift builds up along a row (the ENL loss divides
 * by variances near zero and needs every digit). Not thread-safe: the row buffer is reused.
 */
public final class BoxSum {

    private double[] rows = new double[0];

    /** Writes the zero-padded window sums of {@code v} ({@code h × w}) into {@code out}. */
    public void sum(double[] v, int h, int w, int r, double[] out) {
        if (rows.length != h * w) {
            rows = new double[h * w];
        }
        for (int i = 0; i < h; i++) {
            int row = i * w;
            for (int j = 0; j < w; j++) {
                int lo = Math.max(0, j - r);
                int hi = Math.min(w - 1, j + r);
                double s = 0;
                for (int q = lo; q <= hi; q++) {
                    s += v[row + q];
                }
                rows[row + j] = s;
            }
        }
        for (int i = 0; i < h; i++) {
            int lo = Math.max(0, i - r);
            int hi = Math.min(h - 1, i + r);
            int o = i * w;
            for (int j = 0; j < w; j++) {
                double s = 0;
                for (int p = lo; p <= hi; p++) {
                    s += rows[p * w + j];
                }
                out[o + j] = s;
            }
        }
    }

    /** How many samples of an {@code n}-long axis a window of radius {@code r} at {@code i} covers. */
    public static int covered(int i, int n, int r) {
        return Math.min(n - 1, i + r) - Math.max(0, i - r) + 1;
    }
}
