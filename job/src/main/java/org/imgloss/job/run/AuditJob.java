package org.imgloss.job.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.imgloss.job.check.Checker;
import org.imgloss.job.check.Verdict;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.InputColumns;
import org.imgloss.job.config.MetricConfig;
import org.imgloss.job.config.OnUnreadable;
import org.imgloss.job.config.OutputFormat;
import org.imgloss.job.output.History;
import org.imgloss.job.output.MetamerFiles;
import org.imgloss.job.output.RunsTable;
import org.imgloss.job.output.Sinks;
import org.imgloss.job.output.SummaryTable;
import org.imgloss.job.output.TableWriter;
import org.imgloss.job.report.AuditReport;
import org.imgloss.job.report.RunResults;
import org.imgloss.job.score.BalancedPairs;
import org.imgloss.job.score.PairScorer;
import org.imgloss.job.score.ScoringProfile;
import org.imgloss.job.output.ScoresSchema;
import org.imgloss.job.source.PairColumns;
import org.imgloss.job.source.PairSource;
import org.imgloss.job.source.Pairs;
import org.imgloss.job.source.UnreadableInput;

/**
 * One audit run: pairs from the source, scored in one pass, then the {@code scores},
 * {@code summary}, {@code checks}, {@code regressions} and {@code runs} tables under {@code output.path}.
 *
 * <p>Data flow: the source's pairs (paths only, for file sources) are costed from their files'
 * headers and spread over partitions by cost ({@link BalancedPairs}; Parquet rows that hold the
 * images are scored where they are read); each partition is scored by one {@link PairScorer}; the
 * scores are cached, written, and the summary is aggregated from the cache, so images are read whole
 * and decoded exactly once (before scoring, only their headers are read, for the costs).
 */
public final class AuditJob {

    /** Scores table name. */
    public static final String SCORES = "scores";
    /** Summary table name. */
    public static final String SUMMARY = "summary";
    /** Runs table name. */
    public static final String RUNS = "runs";

    /**
     * What a run did. {@code pairsScoredByTasks} counts how often scoring tasks scored a pair; it
     * equals {@code pairsIn} when every pair was read, decoded and scored exactly once (more would
     * mean a recomputation, e.g. a lost cache or a retried task). {@code summary} holds the run's
     * {@code summary} rows as written, {@code failures} the failed pairs by error code (most frequent
     * first), {@code outOfRangePairs} the scored pairs with a sample outside {@code [0, data_range]}
     * of one of their metrics. {@code unreadable} is the input the source could not read (its pairs are
     * not in {@code pairsIn}; the runs table's {@code unreadable_files}).
     */
    public record Result(String runId, long pairsIn, long pairsFailed, double scoringSeconds, String scoresPath,
                         String summaryPath, String checksPath, String runsPath, long pairsScoredByTasks, List<Row> summary,
                         List<FailedPairs> failures, long outOfRangePairs, List<UnreadableInput> unreadable,
                         Verdict verdict, AuditReport.Written report) {
        public Result {
            summary = List.copyOf(summary);
            failures = List.copyOf(failures);
            unreadable = List.copyOf(unreadable);
        }

        public long pairsScored() {
            return pairsIn - pairsFailed;
        }

        /** Whether input was lost and the config does not accept that ({@code input.on_unreadable_file: fail}). */
        public boolean inputLost(AuditConfig config) {
            return !unreadable.isEmpty() && config.input().onUnreadable() == OnUnreadable.FAIL;
        }

        /** Pairs per second of scoring, as the progress lines state it. */
        public double pairsPerSecond() {
            return Progress.rate(pairsIn, scoringSeconds);
        }

        Result withReport(AuditReport.Written written) {
            return new Result(runId, pairsIn, pairsFailed, scoringSeconds, scoresPath, summaryPath, checksPath, runsPath,
                    pairsScoredByTasks, summary, failures, outOfRangePairs, unreadable, verdict, written);
        }
    }

    /** The failed pairs of one error code: how many, and the smallest key among them as an example. */
    public record FailedPairs(String code, long pairs, String exampleKey) {
    }

    private final SparkSession spark;
    private final PrintWriter err;
    private final long progressMillis;
    private long injectedFailureAfterPairs = -1;
    private String injectedFailureAfterTable;
    private Runnable afterListing;
    private boolean profile;
    private ScoringProfile runProfile;
    private Map<String, Double> lastProfile;
    private int slots;
    private int plannedSlots;
    private long smallRunMaxPairs = SmallRunSettings.MAX_PAIRS;

    /** Delta Lake's package, as spark-submit's {@code --packages} takes it. */
    public static final String DELTA_PACKAGE = "io.delta:delta-spark_4.2_2.13:4.4.0";

    /**
     * @param err            where progress lines go
     * @param progressMillis interval between progress lines; 0 for none
     */
    public AuditJob(SparkSession spark, PrintWriter err, long progressMillis) {
        this.spark = spark;
        this.err = err;
        this.progressMillis = progressMillis;
    }

    /**
     * Fault injection, for tests of what a failed run leaves behind: each scoring task throws
     * {@link InjectedFailure} after it has scored {@code pairs} pairs (at the end of its pairs at the
     * latest), while the scores are being written. Not reachable from the command line.
     */
    public AuditJob injectFailureAfterPairs(long pairs) {
        this.injectedFailureAfterPairs = pairs;
        return this;
    }

    /**
     * Fault injection, for tests of what a failed run leaves behind: the run throws
     * {@link IllegalStateException} once it has written {@code table} (e.g. {@code scores}: after its
     * scores, before its summary and runs). Not reachable from the command line.
     */
    public AuditJob injectFailureAfterTable(String table) {
        this.injectedFailureAfterTable = table;
        return this;
    }

    /**
     * Plans the scoring partitions for this many task slots instead of the session's (tests: the
     * partitioning of local[1] and of local[2] in one session); 0, the default, means the session's.
     */
    public AuditJob plannedSlots(int taskSlots) {
        this.plannedSlots = taskSlots;
        return this;
    }

    /**
     * The most pairs of a run that keeps {@link SmallRunSettings} to its end (tests: a small run that
     * counts as large); {@link SmallRunSettings#MAX_PAIRS} by default.
     */
    AuditJob smallRunMaxPairs(long pairs) {
        this.smallRunMaxPairs = pairs;
        return this;
    }

    /**
     * Fault injection, for tests of input that changes while a run reads it: {@code action} runs once the
     * input is listed and counted, before any pair is read (e.g. it deletes a listed file). Not reachable
     * from the command line.
     */
    public AuditJob injectAfterListing(Runnable action) {
        this.afterListing = action;
        return this;
    }

    /**
     * Records where the scoring time goes ({@code imgloss run --profile}); after {@link #run},
     * {@link #lastProfile()} has it.
     */
    public AuditJob profile(boolean on) {
        this.profile = on;
        return this;
    }

    /**
     * Seconds per pair of each step of the last run ({@link ScoringProfile#report}), or null when it
     * was not profiled.
     */
    public Map<String, Double> lastProfile() {
        return lastProfile;
    }

    /** The last run's profile as console lines (none when it was not profiled). */
    public List<String> profileLines() {
        return lastProfile == null ? List.of() : ScoringProfile.lines(lastProfile, slots);
    }

    /** The failure {@link #injectFailureAfterPairs} throws in a scoring task. */
    public static final class InjectedFailure
            implements org.apache.spark.api.java.function.FlatMapFunction<java.util.Iterator<Row>, Row> {
        private final long after;

        InjectedFailure(long after) {
            this.after = after;
        }

        @Override
        public java.util.Iterator<Row> call(java.util.Iterator<Row> rows) {
            return new java.util.Iterator<>() {
                long n;

                @Override
                public boolean hasNext() {
                    if (n >= after || !rows.hasNext()) {
                        throw new IllegalStateException("imgloss: injected failure after " + n + " pair(s)");
                    }
                    return true;
                }

                @Override
                public Row next() {
                    n++;
                    return rows.next();
                }
            };
        }
    }

    /**
     * Runs the audit; a run of few pairs with the session's SQL settings for small runs
     * ({@link SmallRunSettings}), restored when it ends.
     *
     * @param start when the run began (written to the runs table)
     * @throws ConfigException when the data does not fit the config; nothing was scored
     */
    public Result run(AuditConfig config, Instant start) throws ConfigException {
        try (SmallRunSettings small = SmallRunSettings.apply(spark, config.spark().conf(), smallRunMaxPairs)) {
            return run(config, start, small);
        }
    }

    private Result run(AuditConfig config, Instant start, SmallRunSettings small) throws ConfigException {
        if (config.output().format() == OutputFormat.DELTA && !Sessions.deltaAvailable()) {
            throw new ConfigException(List.of("output.format: delta needs Delta Lake on the class path (under"
                    + " spark-submit: --packages " + DELTA_PACKAGE + "), or choose parquet, csv or json"));
        }
        List<String> formatConflict = History.conflicts(spark, config.output(), null);
        if (!formatConflict.isEmpty()) {
            throw new ConfigException(formatConflict); // before the input is even listed
        }
        Pairs pairs = PairSource.of(config.input()).load(spark);
        checkColumns(config, pairs);
        TableWriter writer = new TableWriter(config.output(), config.runId());

        Dataset<Row> rows = pairs.rows();
        StructType pairsSchema = rows.schema();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableConfiguration> conf =
                jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        long total;
        slots = plannedSlots > 0 ? plannedSlots : spark.sparkContext().defaultParallelism();
        JavaRDD<Row> input;
        BalancedPairs balanced = null;
        if (pairs.inlineBytes()) {
            total = rows.count(); // the rows hold images: score them where they are, never shuffle them
            input = rows.javaRDD();
        } else {
            balanced = BalancedPairs.of(rows, config.metrics().size(), conf, slots);
            total = balanced.pairs();
            input = balanced.rows();
        }
        small.pairs(total); // many pairs: compiled code from here on
        if (afterListing != null) {
            afterListing.run();
        }

        LongAccumulator scored = spark.sparkContext().longAccumulator("imgloss pairs scored");
        LongAccumulator failedCount = spark.sparkContext().longAccumulator("imgloss pairs failed");
        LongAccumulator outOfRange = spark.sparkContext().longAccumulator("imgloss pairs out of range");
        DistinctPairs distinct = new DistinctPairs();
        spark.sparkContext().register(distinct, "imgloss distinct pairs");
        PairScorer scorer = new PairScorer(pairsSchema, pairs.carried(), config.metrics(), config.input().decode(),
                conf, scored, config.name(), config.runId(), pairs.pathBase(), config.output().metamerMetric(),
                config.output().metamerMetric() == null ? null
                        : MetamerFiles.runFolder(config.output().path(), config.runId()))
                .counting(failedCount, outOfRange);
        runProfile = profile ? new ScoringProfile(spark.sparkContext(), config.metrics()) : null;
        lastProfile = null;
        scorer.profile(runProfile);
        if (config.output().metamerMetric() != null) {
            clearMetamers(MetamerFiles.runFolder(config.output().path(), config.runId()));
        }
        StructType scoresSchema = ScoresSchema.of(pairsSchema, pairs.carried(), config.metrics());
        List<String> conflicts = new ArrayList<>(History.conflicts(spark, config.output(), scoresSchema));
        conflicts.addAll(Checker.whereErrors(spark, scoresSchema, config));
        if (!conflicts.isEmpty()) {
            if (balanced != null) {
                balanced.release();
            }
            throw new ConfigException(conflicts);
        }

        long scoringStart = System.nanoTime();
        JavaRDD<Row> scoredRows = input.mapPartitions(scorer)
                .mapPartitionsWithIndex(DistinctPairs.counting(distinct, scoresSchema.fieldIndex(ScoresSchema.ERROR_CODE)),
                        true);
        if (injectedFailureAfterPairs >= 0) {
            scoredRows = scoredRows.mapPartitions(new InjectedFailure(injectedFailureAfterPairs));
        }
        Dataset<Row> scores = spark.createDataFrame(scoredRows, scoresSchema).persist(StorageLevel.MEMORY_AND_DISK());
        List<Dataset<Row>> cached = new ArrayList<>(List.of(scores));
        try (Retries retries = Retries.watch(spark.sparkContext())) {
            Written written = scoreAndWrite(config, start, writer, scores, total, scored, distinct, outOfRange,
                    scoringStart, pairs.unreadable(), retries, cached);
            // the run is complete (its runs row is written); its report from what it holds, scores still cached
            return written.result().withReport(AuditReport.afterRun(spark, config, written.report(), Version.get(),
                    err));
        } finally {
            // also when the run fails: a reused session (tests, notebooks) must not keep the run cached
            cached.forEach(Dataset::unpersist);
            if (balanced != null) {
                balanced.release();
            }
        }
    }

    /** A complete run: its result, and what its report is made from (null when there is no report). */
    private record Written(Result result, RunResults report) {
    }

    private Written scoreAndWrite(AuditConfig config, Instant start, TableWriter writer, Dataset<Row> scores,
                                 long total, LongAccumulator scored, DistinctPairs distinct,
                                 LongAccumulator outOfRange, long scoringStart, List<UnreadableInput> unreadable,
                                 Retries retries, List<Dataset<Row>> cached) {
        String scoresPath;
        Progress progress = progressMillis > 0
                ? new Progress(err, total, distinct::pairs, distinct::failed, progressMillis).start() : null;
        double scoringSeconds;
        try {
            scoresPath = write(writer, scores, SCORES);
        } finally {
            scoringSeconds = (System.nanoTime() - scoringStart) / 1e9;
            if (progress != null) {
                progress.close(scoringSeconds);
            }
        }
        if (runProfile != null) {
            lastProfile = runProfile.report(total, scoringSeconds, slots);
        }

        // pairs in and failed by code, in one pass over the cached scores
        List<FailedPairs> failures = new ArrayList<>();
        long pairsIn = 0;
        long failed = 0;
        for (Row r : scores.groupBy(col(ScoresSchema.ERROR_CODE)).agg(count(lit(1)), min(col(PairColumns.KEY)))
                .collectAsList()) {
            pairsIn += r.getLong(1);
            if (!r.isNullAt(0)) {
                failed += r.getLong(1);
                failures.add(new FailedPairs(r.getString(0), r.getLong(1), r.getString(2)));
            }
        }
        failures.sort(Comparator.comparingLong(FailedPairs::pairs).reversed().thenComparing(FailedPairs::code));
        // the summary is small: aggregated once, kept on the driver, written and shown from there
        Dataset<Row> aggregated = SummaryTable.build(scores, config.metrics(), config.input().groupBy(), config.name(),
                config.runId(), config.summary().exactPercentilesUpTo(), pairsIn);
        List<Row> summaryRows = aggregated.collectAsList();
        Dataset<Row> summary = spark.createDataFrame(summaryRows, aggregated.schema());
        // summary, checks and regressions are separate tables: written side by side from driver threads, the
        // summary while the checks are evaluated; runs, the commit, only once all three are written
        Checker checker = new Checker(spark, config, config.output());
        Verdict verdict;
        Dataset<Row> checks;
        Dataset<Row> regressions;
        String summaryPath;
        String checksPath;
        try (SideBySide writes = new SideBySide()) {
            Future<String> summaryWrite = writes.submit(() -> write(writer, summary, SUMMARY));
            verdict = checker.evaluate(scores, config.runId(), start);
            checks = verdict.checksTable(spark, config.name(), config.runId());
            // kept for the report: per-pair comparisons with an earlier run's scores are not made twice
            regressions = verdict.regressions().persist(StorageLevel.MEMORY_AND_DISK());
            cached.add(regressions);
            Dataset<Row> checksRows = checks;
            Dataset<Row> regressionRows = regressions;
            Future<String> checksWrite = writes.submit(() -> write(writer, checksRows, Verdict.CHECKS));
            writes.submit(() -> write(writer, regressionRows, Verdict.REGRESSIONS));
            writes.awaitAll();
            summaryPath = SideBySide.result(summaryWrite);
            checksPath = SideBySide.result(checksWrite);
        }
        Dataset<Row> runs = RunsTable.build(spark, config, start, Instant.now(), pairsIn, failed, scoringSeconds,
                verdict.counts(), Version.get(), unreadable.stream().map(UnreadableInput::toString).toList(),
                new RunsTable.RetryCounts(retries.tasksFailed(), retries.executorsLost()));
        String runsPath = write(writer, runs, RUNS); // last: the runs row commits the run in every table
        Sinks.publish(spark, config.output(), config.runId(), Map.of(SCORES, scores, SUMMARY, summary,
                Verdict.CHECKS, checks, Verdict.REGRESSIONS, regressions, RUNS, runs));
        Result result = new Result(config.runId(), pairsIn, failed, scoringSeconds, scoresPath, summaryPath,
                checksPath, runsPath, scored.value(), summaryRows, failures, outOfRange.value(), unreadable, verdict,
                null);
        return new Written(result, !config.report().enabled() ? null : new RunResults(runs.collectAsList().get(0),
                scores, summaryRows, aggregated.schema(), checks.collectAsList(), regressions, checker.runsOfName()));
    }

    private String write(TableWriter writer, Dataset<Row> rows, String table) {
        String location = writer.write(rows, table);
        if (table.equals(injectedFailureAfterTable)) {
            throw new IllegalStateException("imgloss: injected failure after writing " + table);
        }
        return location;
    }

    /** Removes the run's metamer folder, so a re-run replaces it, and creates it empty. */
    private void clearMetamers(String folder) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(folder);
        try {
            org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            fs.delete(p, true);
            fs.mkdirs(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot prepare the metamer folder " + folder, e);
        }
    }

    /** group_by must name carried columns; metric aliases must not collide with them. */
    static void checkColumns(AuditConfig config, Pairs pairs) throws ConfigException {
        List<String> errors = new ArrayList<>(InputColumns.groupByErrors(config.input().groupBy(), pairs.carried()));
        Set<String> carried = new HashSet<>(pairs.carried());
        for (int i = 0; i < config.metrics().size(); i++) {
            MetricConfig m = config.metrics().get(i);
            if (carried.contains(m.alias())) {
                errors.add("metrics[" + i + "].as: '" + m.alias() + "' is also a carried column of the input;"
                        + " choose another alias");
            }
        }
        errors.addAll(InputColumns.maskColumnErrors(config.metrics(), pairs.carried()));
        for (String c : pairs.carried()) {
            if (InputColumns.RESERVED_COLUMNS.contains(c) || c.startsWith("_")
                    && (c.equals(PairColumns.SOURCE_ERROR_CODE) || c.equals(PairColumns.SOURCE_ERROR_MESSAGE)
                    || c.equals(History.ATTEMPT))) {
                errors.add("input: column '" + c + "' of the input clashes with a column of the scores table;"
                        + " rename it in the input");
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }
}
