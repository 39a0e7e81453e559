package org.imgloss.job.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.imgloss.errors.ErrorCode;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.MetricConfig;
import org.imgloss.job.config.OutputConfig;
import org.imgloss.job.output.History;
import org.imgloss.job.output.Percentiles;
import org.imgloss.job.output.ScoresSchema;
import org.imgloss.job.report.ReportModel.Check;
import org.imgloss.job.report.ReportModel.Facts;
import org.imgloss.job.report.ReportModel.FailureExample;
import org.imgloss.job.report.ReportModel.FailureGroup;
import org.imgloss.job.report.ReportModel.GroupRow;
import org.imgloss.job.report.ReportModel.Histogram;
import org.imgloss.job.report.ReportModel.MetricSection;
import org.imgloss.job.report.ReportModel.Regression;
import org.imgloss.job.report.ReportModel.Regressions;
import org.imgloss.job.report.ReportModel.Thumbs;
import org.imgloss.job.report.ReportModel.Trend;
import org.imgloss.job.report.ReportModel.TrendPoint;
import org.imgloss.job.report.ReportModel.Verdict;
import org.imgloss.job.report.ReportModel.WorstList;
import org.imgloss.job.report.ReportModel.WorstPair;
import org.imgloss.job.source.PairColumns;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricDefinition;

/**
 * Fills a {@link ReportModel} from the audit history: the run's {@code runs} row, its scores
 * (histograms, failed pairs, the worst pairs), its {@code summary} rows, and, where the history has
 * them, its {@code checks} and {@code regressions}. Everything is aggregated by Spark; the driver
 * collects only bins, summary rows, the selected pairs' rows and their thumbnails.
 *
 * <p>At the end of a run the run's own tables come from the run ({@link RunResults}: the cached
 * scores, the rows it wrote), and only the earlier runs' checks, for the trends, from the history;
 * the page is the same as the one made from the history alone.
 */
final class ReportData {

    static final int BINS = 40;
    static final int FAILURE_EXAMPLES = 3;
    static final int REGRESSION_ROWS = 50;
    static final String CHECKS = "checks";
    static final String REGRESSIONS = "regressions";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private final SparkSession spark;
    private final AuditConfig config;
    private final OutputConfig history;
    private final String runId;
    private final RunResults fromRun; // null: the run is read from the history
    private List<Check> checks;

    /** The report of run {@code runId} of the history. */
    ReportData(SparkSession spark, AuditConfig config, OutputConfig history, String runId) {
        this(spark, config, history, runId, null);
    }

    /** The report of the run that just wrote {@code results} into {@code history}. */
    ReportData(SparkSession spark, AuditConfig config, OutputConfig history, RunResults results) {
        this(spark, config, history, String.valueOf((Object) results.run().getAs(ScoresSchema.RUN_ID)), results);
    }

    private ReportData(SparkSession spark, AuditConfig config, OutputConfig history, String runId,
                       RunResults fromRun) {
        this.spark = spark;
        this.config = config;
        this.history = history;
        this.runId = runId;
        this.fromRun = fromRun;
    }

    private Column thisRun() {
        return col(ScoresSchema.RUN_ID).cast("string").equalTo(runId);
    }

    ReportModel build() {
        Row run = fromRun != null ? fromRun.run() : runRow();
        Facts facts = facts(run);
        Dataset<Row> scores = fromRun != null ? fromRun.scores()
                : History.read(spark, history, "scores").filter(thisRun()).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<String> columns = Arrays.asList(scores.columns());
            List<MetricConfig> metrics = config.metrics().stream().filter(m -> columns.contains(m.alias())).toList();
            List<String> groups = config.input().groupBy().stream().filter(columns::contains).toList();
            List<Check> checks = checks();
            Verdict verdict = new Verdict(verdict(run, checks), checks, checks.isEmpty()
                    ? "No checks configured: this run was scored, not judged. A checks section in the config"
                    + " turns the numbers into a verdict." : null);
            List<MetricSection> sections = sections(scores, metrics, groups, facts.pairsIn());
            List<WorstList> worst = worst(scores, metrics, groups);
            return new ReportModel(facts, verdict, sections, trends(facts.name()), worst, regressions(),
                    failures(scores));
        } finally {
            if (fromRun == null) {
                scores.unpersist(); // the run's own cache is the run's to release
            }
        }
    }

    private Row runRow() {
        List<Row> rows = History.read(spark, history, "runs").filter(thisRun()).collectAsList();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no complete run '" + runId + "' in the history at " + history.path());
        }
        return rows.get(0);
    }

    private static Facts facts(Row run) {
        Timestamp start = run.getAs("start_time");
        Timestamp end = run.getAs("end_time");
        Double duration = start == null || end == null ? null : (end.getTime() - start.getTime()) / 1000.0;
        return new Facts(run.getAs("name"), String.valueOf((Object) run.getAs(ScoresSchema.RUN_ID)),
                start == null ? null : TIME.format(start.toInstant()), end == null ? null : TIME.format(end.toInstant()),
                run.getAs("input_type"), run.getAs("input_location"), run.getAs("decode"),
                number(run.getAs("pairs_in")).longValue(), number(run.getAs("pairs_scored")).longValue(),
                number(run.getAs("pairs_failed")).longValue(), duration, dbl(run.getAs("scoring_seconds")),
                dbl(run.getAs("pairs_per_second")), run.getAs("software_version"), run.getAs("spark_version"),
                run.getAs("config_yaml"));
    }

    /** The runs row's verdict when the history has one, else the checks' own. */
    private static String verdict(Row run, List<Check> checks) {
        if (Arrays.asList(run.schema().fieldNames()).contains("verdict") && run.getAs("verdict") != null
                && !checks.isEmpty()) {
            return String.valueOf((Object) run.getAs("verdict"));
        }
        return Checks.verdict(checks);
    }

    // ---- metrics: histogram over all pairs, aggregates per group

    /** The histograms' percentiles over all pairs: exact or approximate by the summary's rule ({@link Percentiles}). */
    private List<MetricSection> sections(Dataset<Row> scores, List<MetricConfig> metrics, List<String> groups,
                                         long pairsIn) {
        List<MetricSection> out = new ArrayList<>();
        if (metrics.isEmpty()) {
            return out;
        }
        long exactUpTo = config.summary().exactPercentilesUpTo();
        long[] finiteValues = finiteValues(scores, metrics, pairsIn, exactUpTo);
        List<Column> stats = new ArrayList<>();
        for (int i = 0; i < metrics.size(); i++) {
            MetricConfig m = metrics.get(i);
            String v = finite(m.alias());
            stats.add(expr("min(" + v + ")"));
            stats.add(expr("max(" + v + ")"));
            stats.add(expr(Percentiles.known(v, Percentiles.P05_P50_P95, finiteValues[i], exactUpTo)));
            stats.add(expr("count_if(isnotnull(`" + m.alias() + "`) AND " + v + " IS NULL)"));
            stats.add(expr("count_if(`" + m.alias() + "` IS NULL)"));
        }
        Row s = scores.agg(stats.get(0), stats.subList(1, stats.size()).toArray(new Column[0])).first();
        Map<String, long[]> bins = bins(scores, metrics, s);
        List<String> summaryColumns;
        List<Row> summary; // a row per group and metric: small
        if (fromRun != null) {
            summaryColumns = Arrays.asList(fromRun.summarySchema().fieldNames());
            summary = fromRun.summary();
        } else {
            Dataset<Row> summaryTable = History.read(spark, history, "summary").filter(thisRun());
            summaryColumns = Arrays.asList(summaryTable.columns());
            summary = summaryTable.collectAsList();
        }
        for (int i = 0; i < metrics.size(); i++) {
            MetricConfig m = metrics.get(i);
            Double lo = dbl(s.get(5 * i));
            Double hi = dbl(s.get(5 * i + 1));
            List<Double> pct = s.isNullAt(5 * i + 2) ? null : s.getList(5 * i + 2);
            Histogram h = new Histogram(lo == null ? new double[0] : edges(lo, hi),
                    bins.getOrDefault(m.alias(), new long[0]), pct == null ? null : pct.get(0),
                    pct == null ? null : pct.get(1), pct == null ? null : pct.get(2), s.getLong(5 * i + 3),
                    s.getLong(5 * i + 4));
            out.add(new MetricSection(m.alias(), m.name(), better(m).label(), h,
                    groupRows(summary, summaryColumns, m, groups)));
        }
        return out;
    }

    /**
     * How many finite values each metric has over all pairs, or {@code pairsIn} (a bound, enough to know they
     * are exact) when there are not more pairs than {@code exactUpTo}.
     */
    private static long[] finiteValues(Dataset<Row> scores, List<MetricConfig> metrics, long pairsIn, long exactUpTo) {
        long[] n = new long[metrics.size()];
        if (Percentiles.exact(pairsIn, exactUpTo)) {
            Arrays.fill(n, pairsIn);
            return n;
        }
        Column[] counts = metrics.stream().map(m -> expr("count(" + finite(m.alias()) + ")")).toArray(Column[]::new);
        Row r = scores.agg(counts[0], Arrays.copyOfRange(counts, 1, counts.length)).first();
        for (int i = 0; i < n.length; i++) {
            n[i] = r.getLong(i);
        }
        return n;
    }

    private static String finite(String alias) {
        return "CASE WHEN `" + alias + "` NOT IN (double('Infinity'), double('-Infinity')) THEN `" + alias + "` END";
    }

    /** {@value #BINS} equal bins from the smallest to the largest value; one bin around a single value. */
    private static double[] edges(double lo, double hi) {
        if (hi <= lo) {
            return new double[] {lo - 0.5, lo + 0.5};
        }
        double[] e = new double[BINS + 1];
        for (int i = 0; i <= BINS; i++) {
            e[i] = lo + (hi - lo) * i / BINS;
        }
        return e;
    }

    /** Counts per bin of each metric's finite values, in one pass over the scores. */
    private Map<String, long[]> bins(Dataset<Row> scores, List<MetricConfig> metrics, Row s) {
        List<Column> entries = new ArrayList<>();
        for (int i = 0; i < metrics.size(); i++) {
            MetricConfig m = metrics.get(i);
            Double lo = dbl(s.get(5 * i));
            Double hi = dbl(s.get(5 * i + 1));
            if (lo == null) {
                continue;
            }
            String v = finite(m.alias());
            String bin = hi > lo
                    ? "least(" + (BINS - 1) + ", cast(floor((" + v + " - " + lo + "D) / (" + hi + "D - " + lo + "D) * "
                    + BINS + ") AS INT))"
                    : "CASE WHEN " + v + " IS NOT NULL THEN 0 END";
            entries.add(expr("named_struct('m', " + i + ", 'b', " + bin + ")"));
        }
        Map<String, long[]> out = new LinkedHashMap<>();
        if (entries.isEmpty()) {
            return out;
        }
        Dataset<Row> counts = scores.select(org.apache.spark.sql.functions.explode(
                        org.apache.spark.sql.functions.array(entries.toArray(new Column[0]))).as("e"))
                .filter(col("e.b").isNotNull()).groupBy(col("e.m"), col("e.b")).agg(count(lit(1)).as("n"));
        for (Row r : counts.collectAsList()) {
            MetricConfig m = metrics.get(r.getInt(0));
            Double lo = dbl(s.get(5 * r.getInt(0)));
            Double hi = dbl(s.get(5 * r.getInt(0) + 1));
            long[] c = out.computeIfAbsent(m.alias(), a -> new long[hi > lo ? BINS : 1]);
            c[r.getInt(1)] += r.getLong(2);
        }
        return out;
    }

    private static List<GroupRow> groupRows(List<Row> summary, List<String> columns, MetricConfig m,
                                            List<String> groups) {
        List<GroupRow> out = new ArrayList<>();
        for (Row r : summary) {
            if (!m.alias().equals(r.getAs("metric"))) {
                continue;
            }
            StringBuilder g = new StringBuilder();
            for (String c : groups) {
                if (columns.contains(c)) {
                    g.append(g.length() == 0 ? "" : ", ").append(c).append('=').append((Object) r.getAs(c));
                }
            }
            out.add(new GroupRow(g.toString(), number(r.getAs("pairs")).longValue(),
                    number(r.getAs("count")).longValue(), number(r.getAs("errors")).longValue(), dbl(r.getAs("mean")),
                    dbl(r.getAs("stddev")), dbl(r.getAs("min")), dbl(r.getAs("p05")), dbl(r.getAs("p50")),
                    dbl(r.getAs("p95")), dbl(r.getAs("max"))));
        }
        out.sort(java.util.Comparator.comparing(GroupRow::group));
        return out;
    }

    // ---- the worst pairs

    private List<WorstList> worst(Dataset<Row> scores, List<MetricConfig> metrics, List<String> groups) {
        int n = config.report().worst();
        List<WorstList> lists = new ArrayList<>();
        if (n == 0) {
            return lists;
        }
        List<Column> shown = new ArrayList<>();
        shown.add(col(PairColumns.KEY));
        groups.forEach(g -> shown.add(col(g)));
        metrics.forEach(m -> shown.add(col(m.alias())));
        Map<String, List<Row>> rows = worstRows(scores, metrics, shown, n);
        Set<String> keys = new LinkedHashSet<>();
        rows.values().forEach(rs -> rs.forEach(r -> keys.add(r.getString(0))));
        Map<String, Thumbs> thumbs = Thumbnails.of(spark, config, keys, scores);
        for (Map.Entry<String, List<Row>> e : rows.entrySet()) {
            List<WorstPair> pairs = new ArrayList<>();
            for (Row r : e.getValue()) {
                Map<String, String> g = new LinkedHashMap<>();
                for (int i = 0; i < groups.size(); i++) {
                    g.put(groups.get(i), r.isNullAt(1 + i) ? null : String.valueOf(r.get(1 + i)));
                }
                Map<String, Double> values = new LinkedHashMap<>();
                for (int i = 0; i < metrics.size(); i++) {
                    values.put(metrics.get(i).alias(), dbl(r.get(1 + groups.size() + i)));
                }
                String key = r.getString(0);
                pairs.add(new WorstPair(key, g, values, thumbs.getOrDefault(key, new Thumbs(null, null, null, 0, null,
                        null, 0, 0, "pictures not made: the pair is no longer in the input"))));
            }
            String alias = e.getKey();
            MetricConfig m = metrics.stream().filter(x -> x.alias().equals(alias)).findFirst().orElseThrow();
            lists.add(new WorstList(alias, better(m).label(), pairs));
        }
        return lists;
    }

    /**
     * The {@code n} worst pairs of each ranked metric (the lowest values where higher is better, the
     * highest where lower is better; ties by key), as the {@code shown} columns (key, groups, then the
     * metrics), in one pass over the scores without a shuffle: each partition keeps its own {@code n}
     * worst per metric ({@link WorstPairs}), the driver merges them. By metric alias, in the metrics'
     * order, worst first.
     */
    private static Map<String, List<Row>> worstRows(Dataset<Row> scores, List<MetricConfig> metrics,
                                                   List<Column> shown, int n) {
        Map<String, List<Row>> rows = new LinkedHashMap<>();
        int first = shown.size() - metrics.size(); // the metrics' values follow the key and the groups
        List<Integer> ranked = new ArrayList<>();
        List<Boolean> higherBetter = new ArrayList<>();
        for (int i = 0; i < metrics.size(); i++) {
            MetricDefinition.Better better = better(metrics.get(i));
            if (better != MetricDefinition.Better.NEITHER) {
                rows.put(metrics.get(i).alias(), new ArrayList<>());
                ranked.add(first + i);
                higherBetter.add(better == MetricDefinition.Better.HIGHER);
            }
        }
        if (ranked.isEmpty()) {
            return rows;
        }
        WorstPairs pass = new WorstPairs(ranked, higherBetter, n);
        List<Row> kept = scores.filter(col(ScoresSchema.ERROR_CODE).isNull()).select(shown.toArray(new Column[0]))
                .javaRDD().mapPartitions(pass).collect();
        for (int j = 0; j < ranked.size(); j++) {
            int metric = j;
            List<Row> worst = kept.stream().filter(r -> r.getInt(0) == metric).map(r -> (Row) r.get(1))
                    .sorted(pass.order(metric)).limit(n).toList();
            rows.get(metrics.get(ranked.get(j) - first).alias()).addAll(worst);
        }
        return rows;
    }

    /**
     * A partition's {@code n} worst rows of each ranked metric: rows {@code (metric number, row)}. A
     * metric's value is ranked when it is finite (NaN sorts above every number, as in Spark).
     */
    static final class WorstPairs implements FlatMapFunction<java.util.Iterator<Row>, Row> {
        private final int[] columns;
        private final boolean[] higherBetter;
        private final int n;

        WorstPairs(List<Integer> columns, List<Boolean> higherBetter, int n) {
            this.columns = columns.stream().mapToInt(Integer::intValue).toArray();
            this.higherBetter = new boolean[higherBetter.size()];
            for (int i = 0; i < this.higherBetter.length; i++) {
                this.higherBetter[i] = higherBetter.get(i);
            }
            this.n = n;
        }

        /** Worst first: by value (ascending where higher is better), then by key. */
        java.util.Comparator<Row> order(int metric) {
            int c = columns[metric];
            java.util.Comparator<Row> byValue = java.util.Comparator.comparingDouble(r -> value(r, c));
            return (higherBetter[metric] ? byValue : byValue.reversed())
                    .thenComparing(r -> r.getString(0), java.util.Comparator.nullsFirst(String::compareTo));
        }

        private static double value(Row r, int column) {
            return ((Number) r.get(column)).doubleValue();
        }

        @Override
        public java.util.Iterator<Row> call(java.util.Iterator<Row> rows) {
            List<java.util.PriorityQueue<Row>> kept = new ArrayList<>();
            for (int j = 0; j < columns.length; j++) {
                kept.add(new java.util.PriorityQueue<>(order(j).reversed())); // the least bad on top
            }
            while (rows.hasNext()) {
                Row r = rows.next();
                for (int j = 0; j < columns.length; j++) {
                    Object v = r.get(columns[j]);
                    if (!(v instanceof Number num) || Double.isInfinite(num.doubleValue())) {
                        continue;
                    }
                    java.util.PriorityQueue<Row> q = kept.get(j);
                    q.add(r);
                    if (q.size() > n) {
                        q.poll();
                    }
                }
            }
            List<Row> out = new ArrayList<>();
            for (int j = 0; j < columns.length; j++) {
                for (Row r : kept.get(j)) {
                    out.add(RowFactory.create(j, r));
                }
            }
            return out.iterator();
        }
    }

    private static MetricDefinition.Better better(MetricConfig m) {
        return MetricCatalog.find(m.name()).map(MetricDefinition::better).orElse(MetricDefinition.Better.NEITHER);
    }

    // ---- failures

    private List<FailureGroup> failures(Dataset<Row> scores) {
        // the first examples of each code by key, each with its code's count of pairs (one pass)
        Dataset<Row> examples = scores.filter(col(ScoresSchema.ERROR_CODE).isNotNull())
                .withColumn("_n", count(lit(1)).over(Window.partitionBy(col(ScoresSchema.ERROR_CODE))))
                .withColumn("_i", row_number().over(Window.partitionBy(col(ScoresSchema.ERROR_CODE))
                        .orderBy(col(PairColumns.KEY))))
                .filter(col("_i").leq(FAILURE_EXAMPLES))
                .select(col(ScoresSchema.ERROR_CODE), col(PairColumns.KEY), col(ScoresSchema.ERROR_MESSAGE), col("_n"));
        Map<String, List<FailureExample>> byCode = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Row r : examples.orderBy(col(ScoresSchema.ERROR_CODE), col(PairColumns.KEY)).collectAsList()) {
            byCode.computeIfAbsent(r.getString(0), c -> new ArrayList<>())
                    .add(new FailureExample(r.getString(1), r.getString(2)));
            counts.put(r.getString(0), r.getLong(3));
        }
        List<FailureGroup> out = new ArrayList<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> out.add(new FailureGroup(e.getKey(), meaning(e.getKey()), e.getValue(),
                        byCode.get(e.getKey()))));
        return out;
    }

    private static String meaning(String code) {
        for (ErrorCode c : ErrorCode.values()) {
            if (c.code().equals(code)) {
                return c.meaning();
            }
        }
        return "";
    }

    // ---- checks, trends, regressions (tables of the checks feature; absent in older histories)

    /** This run's checks (read once: the verdict and the trends show them). */
    private List<Check> checks() {
        if (checks != null) {
            return checks;
        }
        List<Check> out = new ArrayList<>();
        List<Row> rows = fromRun != null ? fromRun.checks() : History.has(spark, history, CHECKS)
                ? History.read(spark, history, CHECKS).filter(thisRun()).collectAsList() : List.of();
        for (Row r : rows) {
            out.add(check(r));
        }
        checks = List.copyOf(out);
        return checks;
    }

    private static Check check(Row r) {
        return new Check(text(r, "check"), text(r, "metric"), text(r, "aggregate"), group(r), text(r, "level"),
                dbl(field(r, "observed")), text(r, "threshold"), text(r, "compared_run_id"), text(r, "status"),
                text(r, "message"));
    }

    /** Each check of this run over the last {@code trend_runs} runs of the same name, up to this one. */
    private List<Trend> trends(String name) {
        if (fromRun == null && !History.has(spark, history, CHECKS)) {
            return List.of();
        }
        // the runs of this name: a row per run, small; the newest trend_runs up to this one, oldest first
        Map<String, Timestamp> runs = new LinkedHashMap<>();
        if (fromRun != null) {
            runs.putAll(fromRun.earlierRuns());
            runs.put(runId, fromRun.run().getAs("start_time"));
        } else {
            for (Row r : History.read(spark, history, "runs").filter(col("name").equalTo(name))
                    .select(col(ScoresSchema.RUN_ID).cast("string").as("rid"), col("start_time")).collectAsList()) {
                runs.put(r.getString(0), r.getTimestamp(1));
            }
        }
        if (!runs.containsKey(runId)) {
            throw new IllegalArgumentException("no run '" + runId + "' of '" + name + "' in the history");
        }
        Timestamp me = runs.get(runId);
        List<Map.Entry<String, Timestamp>> recent = runs.entrySet().stream()
                .filter(r -> me != null && r.getValue() != null && !r.getValue().after(me))
                .sorted(java.util.Comparator.comparing((Map.Entry<String, Timestamp> r) -> r.getValue())
                        .thenComparing(Map.Entry::getKey).reversed())
                .limit(config.report().trendRuns()).toList();
        Map<String, Timestamp> when = new LinkedHashMap<>();
        for (int i = recent.size() - 1; i >= 0; i--) {
            when.put(recent.get(i).getKey(), recent.get(i).getValue());
        }
        Map<String, List<Row>> bySeries = new LinkedHashMap<>();
        for (Row r : trendChecks(when.keySet())) {
            bySeries.computeIfAbsent(text(r, "check") + "\u0000" + group(r), k -> new ArrayList<>()).add(r);
        }
        List<Trend> out = new ArrayList<>();
        for (Check c : checks()) {
            List<Row> series = bySeries.getOrDefault(c.check() + "\u0000" + c.group(), List.of());
            List<TrendPoint> points = new ArrayList<>();
            for (Map.Entry<String, Timestamp> run : when.entrySet()) {
                for (Row r : series) {
                    if (String.valueOf(field(r, ScoresSchema.RUN_ID)).equals(run.getKey())) {
                        points.add(new TrendPoint(run.getKey(), TIME.format(run.getValue().toInstant()),
                                dbl(field(r, "observed")), text(r, "status")));
                    }
                }
            }
            out.add(new Trend(c.check(), c.group(), points, numbers(c.threshold())));
        }
        return out;
    }

    /**
     * The {@code checks} rows of these runs: from the history, but this run's from the run when it is
     * the run's report (then the history is read only when an earlier run is among them).
     */
    private List<Row> trendChecks(Set<String> runIds) {
        List<Row> rows = new ArrayList<>();
        Set<String> read = new LinkedHashSet<>(runIds);
        if (fromRun != null && read.remove(runId)) {
            rows.addAll(fromRun.checks());
        }
        if (!read.isEmpty() && (fromRun == null || History.has(spark, history, CHECKS))) {
            rows.addAll(History.read(spark, history, CHECKS)
                    .filter(col(ScoresSchema.RUN_ID).cast("string").isin(read.toArray())).collectAsList());
        }
        return rows;
    }

    private Regressions regressions() {
        if (fromRun == null && !History.has(spark, history, REGRESSIONS)) {
            return new Regressions(false, 0, List.of());
        }
        Dataset<Row> rows = fromRun != null ? fromRun.regressions()
                : History.read(spark, history, REGRESSIONS).filter(thisRun());
        long total = rows.count();
        List<Regression> out = new ArrayList<>();
        for (Row r : rows.orderBy(expr("abs(change)").desc_nulls_last(), col(PairColumns.KEY))
                .limit(REGRESSION_ROWS).collectAsList()) {
            out.add(new Regression(text(r, "key"), text(r, "metric"), dbl(field(r, "value")),
                    dbl(field(r, "compared_value")), dbl(field(r, "change")), dbl(field(r, "relative_change")),
                    text(r, "compared_run_id")));
        }
        return new Regressions(true, total, out);
    }

    /** The numbers written in a threshold ({@code >= 0.85}, {@code between [0.2, 0.4]}): where to draw it. */
    static List<Double> numbers(String threshold) {
        List<Double> out = new ArrayList<>();
        if (threshold == null) {
            return out;
        }
        Matcher m = NUMBER.matcher(threshold);
        while (m.find() && out.size() < 2) {
            out.add(Double.parseDouble(m.group()));
        }
        return out;
    }

    // ---- reading values whatever the history's format typed them as

    private static Object field(Row r, String name) {
        return Arrays.asList(r.schema().fieldNames()).contains(name) ? r.getAs(name) : null;
    }

    private static String text(Row r, String name) {
        Object v = field(r, name);
        return v == null ? null : String.valueOf(v);
    }

    /** A {@code group} map as {@code k=v, ...} (empty when not per group). */
    private static String group(Row r) {
        Object g = field(r, "group");
        if (g instanceof scala.collection.Map<?, ?> map) {
            StringBuilder b = new StringBuilder();
            new java.util.TreeMap<>(scala.jdk.javaapi.CollectionConverters.asJava(map)).forEach((k, v) ->
                    b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v));
            return b.toString();
        }
        return g == null ? "" : String.valueOf(g);
    }

    private static Number number(Object v) {
        return v instanceof Number n ? n : v == null ? 0 : Double.valueOf(String.valueOf(v));
    }

    private static Double dbl(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.valueOf(String.valueOf(v));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
