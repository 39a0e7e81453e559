package org.imgloss.job.check;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.imgloss.job.config.Check;
import org.imgloss.job.source.PairColumns;

/**
 * A per-pair check: this run's pairs matched by {@code key} with the compared run (with {@code last_n},
 * the mean of each key's values over those runs), and the pairs whose value got worse by more than the
 * limit ({@code max_drop}: absolute, {@code max_relative_drop}: relative to the compared value) as rows of
 * the {@code regressions} table. Pairs without a value in either run are not matched.
 */
final class PairRegressions {

    /** The matched pairs, with {@code change}, {@code relative_change} and {@code regressed}. */
    private final Dataset<Row> matched;
    private final List<String> groupBy;

    /**
     * @param current  this run's scores ({@code where} applied)
     * @param compared the compared runs' scores ({@code where} applied)
     * @param groupBy  the group columns the regressions carry
     */
    PairRegressions(Check check, Direction direction, Dataset<Row> current, Dataset<Row> compared,
                    List<String> groupBy) {
        this.groupBy = groupBy;
        List<Column> cols = new ArrayList<>();
        cols.add(col(PairColumns.KEY).cast("string").as(PairColumns.KEY));
        groupBy.forEach(g -> cols.add(col(g)));
        cols.add(col(check.metric()).cast("double").as("value"));
        Dataset<Row> now = current.select(cols.toArray(Column[]::new)).filter(col("value").isNotNull());
        Dataset<Row> before = compared
                .select(col(PairColumns.KEY).cast("string").as("_compared_key"), col(check.metric()).cast("double").as("v"))
                .filter(col("v").isNotNull())
                .groupBy("_compared_key").agg(avg(col("v")).as("compared_value"));
        Column value = col("value");
        Column was = col("compared_value");
        Column change = when(value.equalTo(was), lit(0.0)).otherwise(value.minus(was));
        Column finiteNonZero = was.notEqual(0.0).and(was.notEqual(Double.POSITIVE_INFINITY))
                .and(was.notEqual(Double.NEGATIVE_INFINITY));
        Column worse = direction == Direction.HIGHER_IS_BETTER ? change.unary_$minus() : change;
        double limit = check.threshold().value();
        Column regressed = switch (check.threshold().op()) {
            case "max_drop" -> worse.gt(limit);
            case "max_relative_drop" -> when(finiteNonZero, worse.divide(abs(was)).gt(limit)).otherwise(worse.gt(0.0));
            default -> throw new IllegalArgumentException(check.threshold().op() + " per pair");
        };
        this.matched = now.join(before, now.col(PairColumns.KEY).equalTo(before.col("_compared_key")))
                .drop("_compared_key")
                .withColumn("change", change)
                .withColumn("relative_change", when(finiteNonZero, col("change").divide(abs(was))))
                .withColumn("regressed", regressed);
    }

    /** Per group (or overall): {@code [group values..., matched, regressed]}. */
    List<Row> counts(List<String> groups) {
        return matched.groupBy(groups.stream().map(g -> col(g)).toArray(Column[]::new))
                .agg(count(lit(1)).as("matched"), count(when(col("regressed"), lit(1))).as("regressed"))
                .collectAsList();
    }

    /** The regressed pairs as rows of the {@code regressions} table. */
    Dataset<Row> regressions(String metric, String comparedRunIds, String name, String runId) {
        List<Column> cols = new ArrayList<>(List.of(col(PairColumns.KEY), lit(metric).as("metric"), col("value"),
                col("compared_value"), col("change"), col("relative_change"),
                lit(comparedRunIds).as("compared_run_id")));
        groupBy.forEach(g -> cols.add(col(g).cast("string").as(g)));
        cols.add(lit(name).as("name"));
        cols.add(lit(runId).as("run_id"));
        return matched.filter(col("regressed")).select(cols.toArray(Column[]::new));
    }
}
