package org.imgloss.metrics;

import org.imgloss.image.Image;

/**
 * The outcome of one metric on one pair: a value, or no value with a stable code and a reason.
 *
 * <p>"No value" is not a failure of the pair: an 8×8 pair has an MSE but no SSIM (the 11×11 window
 * does not fit), so SSIM returns {@code notApplicable(TOO_SMALL, ...)} while MSE returns a value.
 * Values may be non-finite where the metric defines them so (PSNR of identical images is
 * {@code +Infinity}); NaN is never returned as a value.
 *
 * @param value     the metric value, or {@code null} when there is none
 * @param errorCode stable code when there is no value (see the constants), else {@code null}
 * @param message   human-readable reason when there is no value, else {@code null}
 */
public record MetricResult(Double value, String errorCode, String message) {

    /** The image (or one of its scales) is smaller than the metric's window or pyramid. */
    public static final String TOO_SMALL = "TOO_SMALL";
    /** The metric does not apply to this pair (e.g. a parameter needs data the pair lacks). */
    public static final String NOT_APPLICABLE = "NOT_APPLICABLE";
    /** The computation produced NaN (e.g. non-finite input or a 0/0 the metric does not define). */
    public static final String NOT_A_NUMBER = "NOT_A_NUMBER";
    /** The kernel failed unexpectedly; the message carries the exception. */
    public static final String METRIC_FAILED = "METRIC_FAILED";

    public MetricResult {
        if (value == null && errorCode == null) {
            throw new IllegalArgumentException("a result without a value needs an error code");
        }
        if (value != null && value.isNaN()) {
            throw new IllegalArgumentException("NaN is not a metric value; use notApplicable(NOT_A_NUMBER, ...)");
        }
    }

    /** A value; NaN becomes {@link #NOT_A_NUMBER} so that it is never silently aggregated. */
    public static MetricResult of(double value) {
        if (Double.isNaN(value)) {
            return new MetricResult(null, NOT_A_NUMBER, "the metric evaluated to NaN");
        }
        return new MetricResult(value, null, null);
    }

    public static MetricResult notApplicable(String code, String message) {
        return new MetricResult(null, code, message);
    }

    /** The one result for a pair whose images differ in shape (pixel, SSIM, MS-SSIM and ONNX losses). */
    public static MetricResult shapeMismatch(Image reconstruction, Image original) {
        return notApplicable(NOT_APPLICABLE, "images differ in shape: "
                + reconstruction.shape() + " vs " + original.shape());
    }

    public boolean hasValue() {
        return value != null;
    }
}
