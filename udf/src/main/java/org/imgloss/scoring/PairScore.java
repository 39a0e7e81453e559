package org.imgloss.scoring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.imgloss.errors.ErrorCode;

/**
 * The scores of one (reconstruction, original) pair, as {@code score_pair} and the job's
 * {@code scores} table report them.
 *
 * <p>Either the pair was scored ({@code errorCode == null}): {@code values} has one entry per
 * alias, {@code null} where the metric does not apply, with the reason's metric-level code in
 * {@code metricErrors}; or the pair failed as a whole (undecodable, size or channel mismatch,
 * non-finite values, too large): the pair-level {@code errorCode} and {@code errorMessage} say why
 * and every value is {@code null}. The tables hold the codes' strings ({@link ErrorCode#code()}).
 *
 * @param width        columns of the decoded pair, {@code null} if unknown
 * @param height       rows, {@code null} if unknown
 * @param channels     channels after the colour option, {@code null} if unknown
 * @param values       alias → value or {@code null}, in spec order
 * @param metricErrors alias → metric-level error code, for metrics without a value on a scored pair
 * @param metricMessages alias → reason, for the same metrics
 * @param errorCode    pair-level error code, or {@code null}
 * @param errorMessage pair-level message, or {@code null}
 */
public record PairScore(Integer width, Integer height, Integer channels, Map<String, Double> values,
                        Map<String, ErrorCode> metricErrors, Map<String, String> metricMessages,
                        ErrorCode errorCode, String errorMessage) {

    public PairScore {
        if (errorCode != null && errorCode.level() != ErrorCode.Level.PAIR) {
            throw new IllegalArgumentException(errorCode + " is a metric-level code, not a pair's");
        }
        for (ErrorCode c : metricErrors.values()) {
            if (c.level() != ErrorCode.Level.METRIC) {
                throw new IllegalArgumentException(c + " is a pair-level code, not a metric's");
            }
        }
    }

    public boolean failed() {
        return errorCode != null;
    }

    /** {@link #metricErrors()} as the {@code metric_errors} column holds it: alias → code string. */
    public Map<String, String> metricErrorCodes() {
        if (metricErrors.isEmpty()) {
            return Map.of();
        }
        Map<String, String> codes = new LinkedHashMap<>();
        metricErrors.forEach((alias, code) -> codes.put(alias, code.code()));
        return Collections.unmodifiableMap(codes);
    }
}
