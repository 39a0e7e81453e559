package org.imgloss.scoring;

import java.util.Map;

/**
 * The scores of one (reconstruction, original) pair, as {@code score_pair} and the job's
 * {@code scores} table report them.
 *
 * <p>Either the pair was scored ({@code errorCode == null}): {@code values} has one entry per
 * alias, {@code null} where the metric does not apply, with the reason's code in
 * {@code metricErrors}; or the pair failed as a whole (undecodable, size or channel mismatch,
 * non-finite values, too large): {@code errorCode} and {@code errorMessage} say why and every
 * value is {@code null}.
 *
 * @param width        columns of the decoded pair, {@code null} if unknown
 * @param height       rows, {@code null} if unknown
 * @param channels     channels after the colour option, {@code null} if unknown
 * @param values       alias → value or {@code null}, in spec order
 * @param metricErrors alias → error code, for metrics without a value on a scored pair
 * @param metricMessages alias → reason, for the same metrics
 * @param errorCode    pair-level error code, or {@code null}
 * @param errorMessage pair-level message, or {@code null}
 */
public record PairScore(Integer width, Integer height, Integer channels, Map<String, Double> values,
                        Map<String, String> metricErrors, Map<String, String> metricMessages,
                        String errorCode, String errorMessage) {

    /** Reconstruction and original differ in width or height. */
    public static final String SIZE_MISMATCH = "SIZE_MISMATCH";
    /** Reconstruction and original differ in channel count. */
    public static final String CHANNEL_MISMATCH = "CHANNEL_MISMATCH";
    /** An image holds NaN or infinite samples (checked after the domain transform). */
    public static final String NON_FINITE = "NON_FINITE";

    public boolean failed() {
        return errorCode != null;
    }
}
