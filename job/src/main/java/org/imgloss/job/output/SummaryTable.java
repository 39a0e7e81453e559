package org.imgloss.job.output;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log10;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.imgloss.job.config.MetricConfig;
import org.imgloss.metrics.MetricParameters;

/**
 * The {@code summary} table: one row per run × group × metric, plus one row per run × group with
 * metric {@code _pairs}.
 *
 * <p>Columns: the group columns, {@code metric}, {@code pairs} (pairs in the group),
 * {@code count} (pairs with a value), {@code errors} (pairs without one: the pair failed, or the
 * metric did not apply), so {@code count + errors = pairs} on every row; {@code infinite} (values
 * that are ±∞, e.g. the PSNR of identical images); {@code mean}, {@code stddev} (sample),
 * {@code min}, {@code p05}, {@code p50}, {@code p95}, {@code max} over the <b>finite</b> values,
 * percentiles exact with linear interpolation (as numpy's default); {@code psnr_pooled} for PSNR
 * metrics (below); {@code error_codes}, a map from error code to how many pairs had it (the pair's
 * {@code error_code}, else the metric's code in {@code metric_errors}, else {@link #NULL_VALUE_CODE}),
 * so its counts add up to {@code errors}; then
 * {@code name} and {@code run_id}.
 *
 * <p>The {@code _pairs} row: {@code pairs} = pairs in, {@code count} = pairs scored,
 * {@code errors} = pairs failed, {@code error_codes} = failed pairs by code.
 *
 * <p>PSNR of the pooled MSE: {@code psnr_pooled = 10·log10(D² / mean(mse)) = −10·log10(mean(mse / D²))}.
 * When an {@code mse} metric is scored too and the PSNR has a numeric {@code data_range} D, the
 * per-pair MSE is taken from it; otherwise it is derived from each PSNR as
 * {@code mse / D² = 10^(−psnr / 10)}, which needs no D (pairs with PSNR = +∞ contribute 0).
 *
 * <p>An empty group yields no row; a run without pairs yields a single {@code _pairs} row with
 * {@code pairs = 0} when there is no {@code group_by}.
 */
public final class SummaryTable {

    public static final String PAIRS_METRIC = "_pairs";
    /**
     * The {@code error_codes} entry of a metric value that is null although neither the pair nor the
     * metric gives an error code: with it the codes of a metric row add up to its {@code errors}.
     */
    public static final String NULL_VALUE_CODE = "NULL";
    private static final String CODE_COUNTS =
            "map_from_entries(transform(array_distinct(%1$s), c -> struct(c, cast(size(filter(%1$s, x -> x = c)) as bigint))))";

    private SummaryTable() {
    }

    /**
     * @param scores  the scores of one run (all rows carry the same name and run_id)
     * @param metrics the configured metrics
     * @param groupBy group columns (carried columns of the scores)
     */
    public static Dataset<Row> build(Dataset<Row> scores, List<MetricConfig> metrics, List<String> groupBy,
                                     String name, String runId) {
        Column[] groups = groupBy.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        String mseAlias = null;
        for (MetricConfig m : metrics) {
            if (m.name().equals("mse") && m.parameters().isEmpty()) {
                mseAlias = m.alias();
                break;
            }
        }
        List<Column> entries = new ArrayList<>();
        for (MetricConfig m : metrics) {
            Column value = col(m.alias());
            Column pool = lit(null).cast("double");
            if (m.name().equals("psnr")) {
                Double range = perChannelMean(m) ? null : dataRange(m);
                Column derived = pow(lit(10.0), value.divide(-10.0));
                pool = mseAlias != null && range != null
                        ? coalesce(col(mseAlias).divide(range * range), derived) : derived;
                pool = when(value.isNotNull(), pool);
            }
            entries.add(struct(lit(m.alias()).as("metric"), value.as("value"),
                    col(ScoresSchema.METRIC_ERRORS).getItem(m.alias()).as("metric_error"), pool.as("pool")));
        }
        List<Column> longCols = new ArrayList<>(List.of(groups));
        longCols.add(col(ScoresSchema.ERROR_CODE));
        longCols.add(explode(array(entries.toArray(new Column[0]))).as("e"));
        Dataset<Row> longForm = scores.select(longCols.toArray(new Column[0]));
        List<Column> flat = new ArrayList<>(List.of(groups));
        flat.add(col("e.metric").as("metric"));
        flat.add(col("e.value").as("value"));
        flat.add(when(col("e.value").isNull(),
                coalesce(col(ScoresSchema.ERROR_CODE), col("e.metric_error"), lit(NULL_VALUE_CODE)))
                .as("code"));
        flat.add(col("e.pool").as("pool"));
        longForm = longForm.select(flat.toArray(new Column[0]));

        Column value = col("value");
        Column infinite = value.equalTo(Double.POSITIVE_INFINITY).or(value.equalTo(Double.NEGATIVE_INFINITY));
        Column finite = when(value.isNotNull().and(infinite.unary_$bang()), value);
        List<Column> metricGroups = new ArrayList<>(List.of(groups));
        metricGroups.add(col("metric"));
        Dataset<Row> perMetric = longForm.groupBy(metricGroups.toArray(new Column[0])).agg(
                count(lit(1)).as("pairs"),
                count(value).as("count"),
                count(when(infinite, lit(1))).as("infinite"),
                avg(finite).as("mean"),
                stddev_samp(finite).as("stddev"),
                min(finite).as("min"),
                expr("percentile(CASE WHEN value IS NOT NULL AND value NOT IN (double('Infinity'), double('-Infinity'))"
                        + " THEN value END, array(0.05, 0.5, 0.95))").as("pct"),
                max(finite).as("max"),
                avg(col("pool")).as("pool"),
                collect_list(col("code")).as("codes"))
                .withColumn("errors", col("pairs").minus(col("count")))
                .withColumn("p05", col("pct").getItem(0))
                .withColumn("p50", col("pct").getItem(1))
                .withColumn("p95", col("pct").getItem(2))
                .withColumn("psnr_pooled", when(col("pool").equalTo(0.0), lit(Double.POSITIVE_INFINITY))
                        .when(col("pool").isNotNull(), log10(col("pool")).multiply(-10.0)))
                .withColumn("error_codes", expr(String.format(CODE_COUNTS, "codes")));

        Dataset<Row> pairsRow = scores.groupBy(groups).agg(
                        count(lit(1)).as("pairs"),
                        count(when(col(ScoresSchema.ERROR_CODE).isNull(), lit(1))).as("count"),
                        count(col(ScoresSchema.ERROR_CODE)).as("errors"),
                        collect_list(col(ScoresSchema.ERROR_CODE)).as("codes"))
                .withColumn("metric", lit(PAIRS_METRIC))
                .withColumn("error_codes", expr(String.format(CODE_COUNTS, "codes")));

        List<Column> out = new ArrayList<>(List.of(groups));
        out.add(col("metric"));
        out.add(col("pairs"));
        out.add(col("count"));
        out.add(col("errors"));
        for (String c : List.of("infinite")) {
            out.add(col(c));
        }
        for (String c : List.of("mean", "stddev", "min", "p05", "p50", "p95", "max", "psnr_pooled")) {
            out.add(col(c));
        }
        out.add(col("error_codes"));
        out.add(lit(name).as(ScoresSchema.NAME));
        out.add(lit(runId).as(ScoresSchema.RUN_ID));
        Dataset<Row> metricsPart = perMetric.select(out.toArray(new Column[0]));
        List<Column> pairsOut = new ArrayList<>();
        for (Column c : out) {
            pairsOut.add(c);
        }
        Dataset<Row> pairsPart = pairsRow
                .withColumn("infinite", lit(null).cast("long"))
                .withColumn("mean", lit(null).cast("double"))
                .withColumn("stddev", lit(null).cast("double"))
                .withColumn("min", lit(null).cast("double"))
                .withColumn("p05", lit(null).cast("double"))
                .withColumn("p50", lit(null).cast("double"))
                .withColumn("p95", lit(null).cast("double"))
                .withColumn("max", lit(null).cast("double"))
                .withColumn("psnr_pooled", lit(null).cast("double"))
                .select(pairsOut.toArray(new Column[0]));
        List<Column> order = new ArrayList<>(List.of(groups));
        order.add(col("metric"));
        // small (groups x metrics rows): one sorted file per run, easy to read
        return pairsPart.unionByName(metricsPart).orderBy(order.toArray(new Column[0])).coalesce(1);
    }

    private static boolean perChannelMean(MetricConfig m) {
        try {
            return Boolean.TRUE.equals(m.toSpec().parameters().asMap().get("per_channel_mean"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The PSNR's numeric data_range, or null when it has none (e.g. inferred per image). */
    static Double dataRange(MetricConfig m) {
        try {
            MetricParameters p = m.toSpec().parameters();
            Map<String, Object> values = p.asMap();
            Object d = values.get("data_range");
            return d instanceof Number n ? n.doubleValue() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
