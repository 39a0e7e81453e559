package org.imgloss.scoring;

import java.util.Arrays;

/**
 * Where a {@link PairScoring}'s time went, in nanoseconds of the scoring thread: decoding both
 * images, the pair checks (shapes, decode options, finiteness), and each metric in the order of
 * {@link PairScoring#specs()}. Work that metrics of one pair share through its memo (one SSIM for
 * {@code ssim} and {@code mse_ssim}) counts for the first metric that does it. Filled by
 * {@link PairScoring#recordTimes}; not thread-safe (one per scoring, like the scoring itself).
 */
public final class ScoringTimes {

    private long decodeNanos;
    private long checkNanos;
    private final long[] metricNanos;

    public ScoringTimes(int metrics) {
        this.metricNanos = new long[metrics];
    }

    public long decodeNanos() {
        return decodeNanos;
    }

    public long checkNanos() {
        return checkNanos;
    }

    /** Time in metric {@code i} (the i-th spec). */
    public long metricNanos(int i) {
        return metricNanos[i];
    }

    public int metrics() {
        return metricNanos.length;
    }

    /** Sets every time back to zero. */
    public void clear() {
        decodeNanos = 0;
        checkNanos = 0;
        Arrays.fill(metricNanos, 0);
    }

    void addDecode(long nanos) {
        decodeNanos += nanos;
    }

    void addCheck(long nanos) {
        checkNanos += nanos;
    }

    void addMetric(int i, long nanos) {
        metricNanos[i] += nanos;
    }
}
