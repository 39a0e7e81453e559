package org.imgloss.metrics.kernel;

/**
 * The sum of a run of doubles with four interleaved accumulators: four independent add chains instead of
 * one, so the loop is not bound by the latency of each add. The order of the additions is fixed
 * ({@code (s0 + s1) + (s2 + s3)} over lanes {@code p mod 4}, the tail into {@code s0}), so a result is the
 * same on every call and every JVM; it may differ from a left-to-right sum in the last bits.
 */
public final class InterleavedSum {

    private InterleavedSum() {
    }

    /** Sum of {@code v[from..to)}. */
    public static double of(double[] v, int from, int to) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int p = from;
        for (; p + 4 <= to; p += 4) {
            s0 += v[p];
            s1 += v[p + 1];
            s2 += v[p + 2];
            s3 += v[p + 3];
        }
        for (; p < to; p++) {
            s0 += v[p];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
