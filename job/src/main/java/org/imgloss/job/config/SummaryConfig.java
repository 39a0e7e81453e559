package org.imgloss.job.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code summary} section: how the {@code summary} table computes its percentiles.
 *
 * @param exactPercentilesUpTo the most finite values of one group × metric whose percentiles are exact
 *                             (Spark's {@code percentile}, which holds every value of the group in one
 *                             aggregation buffer); a group with more gets Spark's {@code percentile_approx}
 *                             (rank error at most {@code 1 / }{@link #APPROXIMATE_ACCURACY} of its values),
 *                             and the row says {@code percentiles: approximate}. Default 1,000,000; 0 makes
 *                             every group approximate
 */
public record SummaryConfig(@JsonProperty("exact_percentiles_up_to") Long exactPercentilesUpTo) {

    public static final long DEFAULT_EXACT_PERCENTILES_UP_TO = 1_000_000L;

    /**
     * The {@code accuracy} given to {@code percentile_approx}: the rank of an approximate percentile is
     * within {@code n / 10,000} of the exact rank, for a group of {@code n} values (0.01 % of them).
     */
    public static final int APPROXIMATE_ACCURACY = 10_000;

    /** The defaults, as a config without a {@code summary} section gets them. */
    public static final SummaryConfig DEFAULT = new SummaryConfig(DEFAULT_EXACT_PERCENTILES_UP_TO);

    public SummaryConfig {
        exactPercentilesUpTo = exactPercentilesUpTo == null ? DEFAULT_EXACT_PERCENTILES_UP_TO : exactPercentilesUpTo;
    }

    SummaryConfig checked(Problems problems) {
        if (exactPercentilesUpTo < 0) {
            problems.add("summary.exact_percentiles_up_to", "must be a whole number >= 0 (values per group and"
                    + " metric with exact percentiles; above it they are approximate), got " + exactPercentilesUpTo);
        }
        return this;
    }
}
