package org.imgloss.metrics.perceptual;

/**
 * ONNX Runtime cannot be used in this JVM: its native library did not load (unsupported platform,
 * missing system library, a blocked temporary directory). Metrics that need it report
 * {@code NOT_APPLICABLE} with this message instead of failing the pair or the task.
 */
public final class OnnxUnavailableException extends Exception {

    public OnnxUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
