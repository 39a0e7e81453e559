package org.imgloss.job.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.InputColumns;
import org.imgloss.job.config.MetricConfig;
import org.imgloss.job.config.OutputFormat;
import org.imgloss.job.output.History;
import org.imgloss.job.output.MetamerFiles;
import org.imgloss.job.output.RunsTable;
import org.imgloss.job.output.Sinks;
import org.imgloss.job.output.SummaryTable;
import org.imgloss.job.output.TableWriter;
import org.imgloss.job.score.PairScorer;
import org.imgloss.job.score.ScoringProfile;
import org.imgloss.job.output.ScoresSchema;
import org.imgloss.job.source.PairColumns;
import org.imgloss.job.source.PairSource;
import org.imgloss.job.source.Pairs;

/**
 * One audit run: pairs from the source, scored in one pass, then the {@code scores},
 * {@code summary} and {@code runs} tables under {@code output.path}.
 *
 * <p>Data flow: the source's pairs (paths only, for file sources) are counted and spread over
 * partitions; each partition is scored by one {@link PairScorer}; the scores are cached, written,
 * and the summary is aggregated from the cache, so images are read and decoded exactly once.
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
     * mean a recomputation, e.g. a lost cache or a retried task).
     */
    public record Result(String runId, long pairsIn, long pairsFailed, double scoringSeconds, String scoresPath,
                         String summaryPath, String runsPath, long pairsScoredByTasks) {
        public long pairsScored() {
            return pairsIn - pairsFailed;
        }
    }

    private final SparkSession spark;
    private final PrintWriter err;
    private final long progressMillis;
    private long injectedFailureAfterPairs = -1;
    private boolean profile;
    private ScoringProfile runProfile;
    private Map<String, Double> lastProfile;
    private int slots;

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
     * Runs the audit.
     *
     * @param start when the run began (written to the runs table)
     * @throws ConfigException when the data does not fit the config; nothing was scored
     */
    public Result run(AuditConfig config, Instant start) throws ConfigException {
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
        long total;
        slots = spark.sparkContext().defaultParallelism();
        if (pairs.inlineBytes()) {
            total = rows.count(); // the rows hold images: score them where they are, never shuffle them
        } else {
            rows = rows.persist(StorageLevel.MEMORY_AND_DISK());
            total = rows.count();
            rows = rows.repartition(partitions(total, slots));
        }

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableConfiguration> conf =
                jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        LongAccumulator scored = spark.sparkContext().longAccumulator("imgloss pairs scored");
        PairScorer scorer = new PairScorer(pairsSchema, pairs.carried(), config.metrics(), config.input().decode(),
                conf, scored, config.name(), config.runId(), pairs.pathBase(), config.output().metamerMetric(),
                config.output().metamerMetric() == null ? null
                        : MetamerFiles.runFolder(config.output().path(), config.runId()));
        runProfile = profile ? new ScoringProfile(spark.sparkContext(), config.metrics()) : null;
        lastProfile = null;
        scorer.profile(runProfile);
        if (config.output().metamerMetric() != null) {
            clearMetamers(MetamerFiles.runFolder(config.output().path(), config.runId()));
        }
        StructType scoresSchema = ScoresSchema.of(pairsSchema, pairs.carried(), config.metrics());
        List<String> conflicts = History.conflicts(spark, config.output(), scoresSchema);
        if (!conflicts.isEmpty()) {
            if (!pairs.inlineBytes()) {
                pairs.rows().unpersist();
            }
            throw new ConfigException(conflicts);
        }

        long scoringStart = System.nanoTime();
        JavaRDD<Row> scoredRows = rows.javaRDD().mapPartitions(scorer);
        if (injectedFailureAfterPairs >= 0) {
            scoredRows = scoredRows.mapPartitions(new InjectedFailure(injectedFailureAfterPairs));
        }
        Dataset<Row> scores = spark.createDataFrame(scoredRows, scoresSchema).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return scoreAndWrite(config, start, writer, scores, total, scored, scoringStart);
        } finally {
            // also when the run fails: a reused session (tests, notebooks) must not keep the run cached
            scores.unpersist();
            if (!pairs.inlineBytes()) {
                pairs.rows().unpersist();
            }
        }
    }

    private Result scoreAndWrite(AuditConfig config, Instant start, TableWriter writer, Dataset<Row> scores,
                                 long total, LongAccumulator scored, long scoringStart) {
        String scoresPath;
        Progress progress = progressMillis > 0 ? new Progress(err, total, scored::value, progressMillis).start() : null;
        try {
            scoresPath = writer.write(scores, SCORES);
        } finally {
            if (progress != null) {
                progress.close();
            }
        }
        double scoringSeconds = (System.nanoTime() - scoringStart) / 1e9;
        if (runProfile != null) {
            lastProfile = runProfile.report(total, scoringSeconds, slots);
        }

        Row counts = scores.agg(count(lit(1)), count(col(ScoresSchema.ERROR_CODE))).first();
        long pairsIn = counts.getLong(0);
        long failed = counts.getLong(1);
        Dataset<Row> summary = SummaryTable.build(scores, config.metrics(), config.input().groupBy(), config.name(),
                config.runId());
        String summaryPath = writer.write(summary, SUMMARY);
        Dataset<Row> runs = RunsTable.build(spark, config, start, Instant.now(), pairsIn, failed, scoringSeconds,
                Version.get());
        String runsPath = writer.write(runs, RUNS);
        Sinks.publish(spark, config.output(), config.runId(), Map.of(SCORES, scores, SUMMARY, summary, RUNS, runs));
        return new Result(config.runId(), pairsIn, failed, scoringSeconds, scoresPath, summaryPath, runsPath,
                scored.value());
    }

    /**
     * Partitions for {@code total} pairs of files on {@code slots} task slots: about 32 pairs each,
     * at least one per slot and at most eight, and a multiple of the slots, so the last wave of tasks
     * keeps every slot busy.
     */
    static int partitions(long total, int slots) {
        int s = Math.max(1, slots);
        long waves = Math.max(1, Math.min(8, (total + 32L * s - 1) / (32L * s)));
        return (int) Math.max(1, Math.min(total, waves * s));
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
                    && (c.equals(PairColumns.SOURCE_ERROR_CODE) || c.equals(PairColumns.SOURCE_ERROR_MESSAGE))) {
                errors.add("input: column '" + c + "' of the input clashes with a column of the scores table;"
                        + " rename it in the input");
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }
}
