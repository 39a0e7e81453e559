package org.imgloss.metrics;

import org.imgloss.image.Image;

/**
 * A loss or quality metric with its parameters fixed, ready to score pairs.
 *
 * <p>Implementations are pure kernels: no Spark, no I/O. They keep scratch buffers sized for the
 * last image size they saw and reuse them for the next pair of that size, so one instance per
 * Spark partition (or per thread) scores many pairs without allocating. They are therefore
 * <b>not thread-safe</b>; create one per thread with {@link MetricDefinition#create}.
 *
 * <p>Argument order is the contract of every metric: the reconstruction (prediction) first, the
 * original (reference) second. Callers guarantee both images have the same shape
 * ({@link Image#sameShape}); a kernel reports anything else it cannot handle as a
 * {@link MetricResult#notApplicable} result, never by throwing.
 */
public interface PairMetric {

    MetricResult compute(Image reconstruction, Image original);

    /**
     * Scores a pair that carries extra inputs (gaze columns, a mask image). Metrics that use them
     * override this; the default ignores them.
     */
    default MetricResult compute(Image reconstruction, Image original, PairInputs inputs) {
        return compute(reconstruction, original);
    }

    /**
     * What a user should know about this kernel's settings before trusting its numbers: settings under
     * which it does not agree with its reference implementation, each as one sentence naming the
     * parameter. Empty (the default) when every setting is reference-comparable. The job prints these
     * when it validates or runs a config, so a deviation is never silent.
     */
    default java.util.List<String> notes() {
        return java.util.List.of();
    }

    /**
     * Drops the scratch buffers this kernel keeps for the next pair (sized for the last image), so
     * that they can be collected. {@code PairScoring} calls it after each metric of a large pair: the
     * kernels' buffers for a large image are then held one kernel at a time, not all at once, while a
     * series of small pairs keeps reusing them. Kernels without image-sized scratch keep the default,
     * which does nothing.
     */
    default void releaseScratch() {
    }
}
