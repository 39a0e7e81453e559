package org.imgloss.job.check;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.imgloss.job.config.Check;
import org.imgloss.job.config.CheckConfig;
import org.imgloss.job.output.Percentiles;
import org.imgloss.job.output.ScoresSchema;

/**
 * An aggregate of a check as a Spark aggregate column over rows of the {@code scores} table, computed as
 * the {@code summary} table computes its own: {@code mean}, {@code stddev} (sample), {@code min},
 * {@code max} and the percentiles over the finite values (exact or approximate per group by the summary's
 * rule, {@link Percentiles}: a percentile needs its group's count of finite values on each row, from
 * {@link Percentiles#withSizes} with {@link #finite}); {@code count}
 * counts pairs with a value, {@code error_rate} the pairs without one over the pairs,
 * {@code fraction_below(x)} / {@code fraction_above(x)} the values {@code < x} / {@code > x} over the
 * values (±∞ included). Of {@code _pairs}: {@code count} pairs in, {@code scored}, {@code failed} (an
 * {@code error_code}), {@code error_rate} failed over pairs in. A rate over nothing is null.
 */
final class Aggregates {

    private Aggregates() {
    }

    /** Whether the aggregate is a percentile, which needs its group's count of {@link #finite} values. */
    static boolean isPercentile(Check check) {
        return !check.metric().equals(CheckConfig.PAIRS) && check.aggregate().name().matches("p\\d\\d");
    }

    /** The check's metric where it is finite (null where it is null or ±∞), the values its percentiles are of. */
    static Column finite(Check check) {
        return expr(finiteSql(check.metric()));
    }

    /**
     * The aggregate, as a DOUBLE column named {@code name}.
     *
     * @param size      for a percentile: the column holding the count of finite values of the row's group
     * @param exactUpTo the most finite values of a group with exact percentiles
     */
    static Column of(Check check, String name, String size, long exactUpTo) {
        return column(check.metric(), check.aggregate(), size, exactUpTo).cast("double").as(name);
    }

    private static String finiteSql(String metric) {
        String value = "double(`" + metric.replace("`", "``") + "`)";
        return "CASE WHEN " + value + " NOT IN (double('Infinity'), double('-Infinity')) THEN " + value + " END";
    }

    private static Column column(String metric, Check.Aggregate a, String size, long exactUpTo) {
        Column failed = col(ScoresSchema.ERROR_CODE).isNotNull();
        if (metric.equals(CheckConfig.PAIRS)) {
            return switch (a.name()) {
                case "count" -> count(lit(1));
                case "scored" -> count(when(failed.unary_$bang(), lit(1)));
                case "failed" -> count(when(failed, lit(1)));
                case "error_rate" -> rate(count(when(failed, lit(1))), count(lit(1)));
                default -> throw new IllegalArgumentException("aggregate " + a + " of " + metric);
            };
        }
        Column value = col(metric).cast("double");
        Column infinite = value.equalTo(Double.POSITIVE_INFINITY).or(value.equalTo(Double.NEGATIVE_INFINITY));
        Column finite = when(value.isNotNull().and(infinite.unary_$bang()), value);
        return switch (a.name()) {
            case "mean" -> avg(finite);
            case "stddev" -> stddev_samp(finite);
            case "min" -> min(finite);
            case "max" -> max(finite);
            case "p01", "p05", "p50", "p95", "p99" ->
                    expr(Percentiles.bySize(finiteSql(metric), String.valueOf(Integer.parseInt(a.name().substring(1)) / 100.0),
                            "`" + size + "`", exactUpTo));
            case "count" -> count(value);
            case "error_rate" -> rate(count(when(value.isNull(), lit(1))), count(lit(1)));
            case "fraction_below" -> rate(count(when(value.lt(a.x()), lit(1))), count(value));
            case "fraction_above" -> rate(count(when(value.gt(a.x()), lit(1))), count(value));
            default -> throw new IllegalArgumentException("aggregate " + a + " of " + metric);
        };
    }

    private static Column rate(Column part, Column whole) {
        return when(whole.gt(0), part.cast("double").divide(whole.cast("double")));
    }
}
