package org.imgloss.metrics;

import org.imgloss.errors.ErrorCode;
import org.imgloss.image.Image;

/**
 * The outcome of one metric on one pair: a value, or no value with a stable code and a reason.
 *
 * <p>"No value" is not a failure of the pair: an 8×8 pair has an MSE but no SSIM (the 11×11 window
 * does not fit), so SSIM returns {@code notApplicable(ErrorCode.TOO_SMALL, ...)} while MSE returns a value.
 * Values may be non-finite where the metric defines them so (PSNR of identical images is
 * {@code +Infinity}); NaN is never returned as a value.
 *
 * @param value     the metric value, or {@code null} when there is none
 * @param errorCode metric-level code when there is no value ({@link ErrorCode.Level#METRIC}: the
 *                  {@code metric_errors} map), else {@code null}
 * @param message   human-readable reason when there is no value, else {@code null}
 */
public record MetricResult(Double value, ErrorCode errorCode, String message) {

    public MetricResult {
        if (value == null && errorCode == null) {
            throw new IllegalArgumentException("a result without a value needs an error code");
        }
        if (value != null && value.isNaN()) {
            throw new IllegalArgumentException("NaN is not a metric value; use notApplicable(NOT_A_NUMBER, ...)");
        }
        if (errorCode != null && errorCode.level() != ErrorCode.Level.METRIC) {
            throw new IllegalArgumentException(errorCode + " is a pair-level code, not a metric's");
        }
    }

    /** A value; NaN becomes {@link ErrorCode#NOT_A_NUMBER} so that it is never silently aggregated. */
    public static MetricResult of(double value) {
        if (Double.isNaN(value)) {
            return new MetricResult(null, ErrorCode.NOT_A_NUMBER, "the metric evaluated to NaN");
        }
        return new MetricResult(value, null, null);
    }

    /** No value, for the reason {@code code} (a metric-level code) explained by {@code message}. */
    public static MetricResult notApplicable(ErrorCode code, String message) {
        return new MetricResult(null, code, message);
    }

    /** The one result for a pair whose images differ in shape (pixel, SSIM, MS-SSIM and ONNX losses). */
    public static MetricResult shapeMismatch(Image reconstruction, Image original) {
        return notApplicable(ErrorCode.NOT_APPLICABLE, "images differ in shape: "
                + reconstruction.shape() + " vs " + original.shape());
    }

    public boolean hasValue() {
        return value != null;
    }
}
