package org.imgloss.job.output;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log10;
import static org.apache.spark.sql.functions.map_from_entries;
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
import org.imgloss.errors.ErrorCode;
import org.imgloss.job.config.MetricConfig;
import org.imgloss.job.config.SummaryConfig;
import org.imgloss.metrics.MetricParameters;

/**
 * The {@code summary} table: one row per run × group × metric, plus one row per run × group with
 * metric {@code _pairs}.
 *
 * <p>Columns: the group columns, {@code metric}, {@code pairs} (pairs in the group),
 * {@code count} (pairs with a value), {@code errors} (pairs without one: the pair failed, or the
 * metric did not apply), so {@code count + errors = pairs} on every row; {@code infinite} (values
 * that are ±∞, e.g. the PSNR of identical images); {@code mean}, {@code stddev} (sample),
 * {@code min}, {@code p05}, {@code p50}, {@code p95}, {@code max} over the <b>finite</b> values;
 * {@code psnr_pooled} for PSNR metrics (below); {@code percentiles}: {@code exact} or
 * {@code approximate} (below); {@code error_codes}, a map from error code to how many pairs had it
 * (the pair's {@code error_code}, else the metric's code in {@code metric_errors}, else
 * {@link #NULL_VALUE_CODE}), so its counts add up to {@code errors}, counted per code in the group's own
 * aggregation (a count per code, not a list of the failed pairs); then {@code name} and {@code run_id}.
 *
 * <p><b>Percentiles and memory.</b> A group × metric with at most {@code exactUpTo} finite values
 * ({@code summary.exact_percentiles_up_to}) gets exact percentiles with linear interpolation (as
 * numpy's default; Spark's {@code percentile}, whose buffer holds every value of the group); a larger
 * group gets Spark's {@code percentile_approx} with accuracy {@link SummaryConfig#APPROXIMATE_ACCURACY}
 * (a value of the group whose rank is within {@code n / 10,000} of the exact one; a bounded sketch),
 * so one huge group cannot exhaust an executor. The sizes are counted first only when the run has
 * more pairs than {@code exactUpTo} (else no group can be larger).
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
    /**
     * The {@code error_codes} entry of codes that are not {@link ErrorCode}s (none in the scores this version
     * writes): counted, never dropped.
     */
    public static final String OTHER_CODE = "OTHER";

    private SummaryTable() {
    }

    /** The exact and the approximate values of {@code percentiles}. */
    public static final String EXACT = Percentiles.EXACT;
    public static final String APPROXIMATE = Percentiles.APPROXIMATE;
    private static final String PERCENTILES = Percentiles.P05_P50_P95;

    /**
     * The summary with exact percentiles for every group (as {@code exactUpTo} at least the run's pairs).
     *
     * @param scores  the scores of one run (all rows carry the same name and run_id)
     * @param metrics the configured metrics
     * @param groupBy group columns (carried columns of the scores)
     */
    public static Dataset<Row> build(Dataset<Row> scores, List<MetricConfig> metrics, List<String> groupBy,
                                     String name, String runId) {
        return build(scores, metrics, groupBy, name, runId, SummaryConfig.DEFAULT_EXACT_PERCENTILES_UP_TO, 0);
    }

    /**
     * @param exactUpTo the most finite values of a group × metric with exact percentiles
     * @param pairsIn   the run's pairs (no group has more values)
     */
    public static Dataset<Row> build(Dataset<Row> scores, List<MetricConfig> metrics, List<String> groupBy,
                                     String name, String runId, long exactUpTo, long pairsIn) {
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
        List<String> metricKeys = new ArrayList<>(groupBy);
        metricKeys.add("metric");
        List<Column> stats = new ArrayList<>();
        if (pairsIn <= exactUpTo) {
            // no group × metric can have more values than the run has pairs: every one is exact
            stats.add(expr(Percentiles.known(FINITE, PERCENTILES, pairsIn, exactUpTo)).as("pct"));
            stats.add(lit(EXACT).as("percentiles"));
        } else {
            longForm = Percentiles.withSizes(longForm, metricKeys, Map.of("finite_values", expr(FINITE)));
            stats.add(expr(Percentiles.bySize(FINITE, PERCENTILES, "finite_values", exactUpTo)).as("pct"));
            stats.add(expr(Percentiles.kindBySize("finite_values", exactUpTo)).as("percentiles"));
        }
        List<Column> aggs = new ArrayList<>(List.of(
                count(lit(1)).as("pairs"),
                count(value).as("count"),
                count(when(infinite, lit(1))).as("infinite"),
                avg(finite).as("mean"),
                stddev_samp(finite).as("stddev"),
                min(finite).as("min")));
        aggs.addAll(stats);
        aggs.add(max(finite).as("max"));
        aggs.add(avg(col("pool")).as("pool"));
        aggs.add(codeCounts(col("code")).as("error_codes"));
        Dataset<Row> perMetric = longForm.groupBy(metricGroups.toArray(new Column[0]))
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]))
                .withColumn("errors", col("pairs").minus(col("count")))
                .withColumn("p05", col("pct").getItem(0))
                .withColumn("p50", col("pct").getItem(1))
                .withColumn("p95", col("pct").getItem(2))
                .withColumn("psnr_pooled", when(col("pool").equalTo(0.0), lit(Double.POSITIVE_INFINITY))
                        .when(col("pool").isNotNull(), log10(col("pool")).multiply(-10.0)));


        List<Column> pairAggs = new ArrayList<>(List.of(
                count(lit(1)).as("pairs"),
                count(when(col(ScoresSchema.ERROR_CODE).isNull(), lit(1))).as("count"),
                count(col(ScoresSchema.ERROR_CODE)).as("errors"),
                codeCounts(col(ScoresSchema.ERROR_CODE)).as("error_codes")));
        Dataset<Row> pairsRow = scores.groupBy(groups)
                .agg(pairAggs.get(0), pairAggs.subList(1, pairAggs.size()).toArray(new Column[0]))
                .withColumn("metric", lit(PAIRS_METRIC));


        List<Column> out = new ArrayList<>(List.of(groups));
        out.add(col("metric"));
        out.add(col("pairs"));
        out.add(col("count"));
        out.add(col("errors"));
        for (String c : List.of("infinite")) {
            out.add(col(c));
        }
        for (String c : List.of("mean", "stddev", "min", "p05", "p50", "p95", "max", "psnr_pooled", "percentiles")) {
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
                .withColumn("percentiles", lit(null).cast("string"))
                .select(pairsOut.toArray(new Column[0]));
        List<Column> order = new ArrayList<>(List.of(groups));
        order.add(col("metric"));
        // small (groups x metrics rows): one sorted file per run, easy to read
        return pairsPart.unionByName(metricsPart).orderBy(order.toArray(new Column[0])).coalesce(1);
    }

    /** The finite values of column {@code value} (null otherwise), as SQL. */
    private static final String FINITE =
            "CASE WHEN value IS NOT NULL AND value NOT IN (double('Infinity'), double('-Infinity')) THEN value END";

    /**
     * The {@code error_codes} aggregate of column {@code code}: a map from each code the rows have to how many
     * have it (in the order of {@link ErrorCode}, then {@link #NULL_VALUE_CODE}, then {@link #OTHER_CODE}).
     * One count per code, in the same aggregation as the group's other columns: its buffer is as large as the
     * list of codes, whatever the number of failed pairs.
     */
    private static Column codeCounts(Column code) {
        List<String> known = new ArrayList<>();
        for (ErrorCode c : ErrorCode.values()) {
            known.add(c.code());
        }
        known.add(NULL_VALUE_CODE);
        List<Column> entries = new ArrayList<>();
        for (String k : known) {
            entries.add(struct(lit(k).as("code"), count(when(code.equalTo(k), lit(1))).as("n")));
        }
        entries.add(struct(lit(OTHER_CODE).as("code"),
                count(when(code.isNotNull().and(code.isin(known.toArray()).unary_$bang()), lit(1))).as("n")));
        return map_from_entries(filter(array(entries.toArray(new Column[0])), e -> e.getField("n").gt(0)));
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
