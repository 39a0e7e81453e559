package org.imgloss.job.output;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.MetricConfig;
import org.imgloss.job.config.Secrets;

/**
 * The {@code runs} table: one row per run. {@code scoring_seconds} is the wall time from the start
 * of scoring to the scores table written (no JVM or Spark start-up, no listing), and
 * {@code pairs_per_second} is {@code pairs_in / scoring_seconds}: the throughput to compare.
 * {@code unreadable_files} lists the input that could not be read, each {@code location: error}
 * (empty when all was read).
 * {@code tasks_failed} counts the task attempts that failed and were retried, {@code executors_lost} the
 * executors lost while the run ran (both 0 on a run without faults): what a fault cost a run that still
 * completed.
 * {@code checks_passed}, {@code checks_failed}, {@code checks_skipped} and {@code verdict} ({@code passed},
 * {@code warning}: only warning-level checks failed, {@code failed}: an error-level check failed) are the
 * run's checks, for a scheduler that cannot see the exit code.
 */
public final class RunsTable {

    public static final StructType SCHEMA = new StructType()
            .add("name", DataTypes.StringType)
            .add("start_time", DataTypes.TimestampType)
            .add("end_time", DataTypes.TimestampType)
            .add("input_type", DataTypes.StringType)
            .add("input_location", DataTypes.StringType)
            .add("metrics", DataTypes.createArrayType(DataTypes.StringType))
            .add("decode", DataTypes.StringType)
            .add("pairs_in", DataTypes.LongType)
            .add("pairs_scored", DataTypes.LongType)
            .add("pairs_failed", DataTypes.LongType)
            .add("scoring_seconds", DataTypes.DoubleType)
            .add("pairs_per_second", DataTypes.DoubleType)
            .add("checks_passed", DataTypes.LongType)
            .add("checks_failed", DataTypes.LongType)
            .add("checks_skipped", DataTypes.LongType)
            .add("verdict", DataTypes.StringType)
            .add("software_version", DataTypes.StringType)
            .add("spark_version", DataTypes.StringType)
            .add("config_yaml", DataTypes.StringType)
            .add("config_sha256", DataTypes.StringType)
            .add("unreadable_files", DataTypes.createArrayType(DataTypes.StringType))
            .add("tasks_failed", DataTypes.LongType)
            .add("executors_lost", DataTypes.LongType)
            .add("run_id", DataTypes.StringType);

    private RunsTable() {
    }

    /** The run's checks: how many passed, failed, were skipped, and the verdict. */
    public record CheckCounts(long passed, long failed, long skipped, String verdict) {
    }

    /** Task attempts that failed and executors lost during the run. */
    public record RetryCounts(long tasksFailed, long executorsLost) {
    }

    public static Dataset<Row> build(SparkSession spark, AuditConfig config, Instant start, Instant end,
                                     long pairsIn, long pairsFailed, double scoringSeconds, CheckCounts checks,
                                     String version, List<String> unreadableFiles, RetryCounts retries) {
        List<String> metrics = config.metrics().stream().map(RunsTable::describe).toList();
        Row row = RowFactory.create(config.name(), Timestamp.from(start), Timestamp.from(end),
                config.input().type().configName(), Secrets.maskUserInfo(config.input().location()),
                scala.jdk.javaapi.CollectionConverters.asScala(metrics).toSeq(),
                config.input().decode().describe(), pairsIn, pairsIn - pairsFailed, pairsFailed, scoringSeconds,
                scoringSeconds > 0 ? pairsIn / scoringSeconds : null, checks.passed(), checks.failed(),
                checks.skipped(), checks.verdict(), version, spark.version(), config.yaml(),
                sha256(config.yaml()),
                scala.jdk.javaapi.CollectionConverters.asScala(unreadableFiles.stream().map(Secrets::maskUserInfo)
                        .toList()).toSeq(),
                retries.tasksFailed(), retries.executorsLost(), config.runId());
        return spark.createDataFrame(List.of(row), SCHEMA);
    }

    /**
     * A run's row as it is in the history ({@code existing}, any format), with its checks replaced: for
     * {@code imgloss check}, which evaluates the checks of a run again. Collected on the driver (one row),
     * so the table can be replaced from it.
     */
    public static Dataset<Row> withChecks(SparkSession spark, Dataset<Row> existing, CheckCounts checks) {
        java.util.Set<String> have = new java.util.HashSet<>(List.of(existing.columns()));
        List<org.apache.spark.sql.Column> cols = new java.util.ArrayList<>();
        for (org.apache.spark.sql.types.StructField f : SCHEMA.fields()) {
            Object replaced = switch (f.name()) {
                case "checks_passed" -> checks.passed();
                case "checks_failed" -> checks.failed();
                case "checks_skipped" -> checks.skipped();
                case "verdict" -> checks.verdict();
                default -> null;
            };
            org.apache.spark.sql.Column c;
            if (replaced != null) {
                c = org.apache.spark.sql.functions.lit(replaced);
            } else if (!have.contains(f.name())) {
                c = org.apache.spark.sql.functions.lit(null);
            } else if (f.dataType() instanceof org.apache.spark.sql.types.ArrayType
                    && existing.schema().apply(f.name()).dataType() instanceof org.apache.spark.sql.types.StringType) {
                c = org.apache.spark.sql.functions.from_json(org.apache.spark.sql.functions.col(f.name()), f.dataType());
            } else {
                c = org.apache.spark.sql.functions.col(f.name());
            }
            cols.add(c.cast(f.dataType()).as(f.name()));
        }
        List<Row> rows = existing.select(cols.toArray(org.apache.spark.sql.Column[]::new)).collectAsList();
        return spark.createDataFrame(rows, SCHEMA);
    }

    private static String describe(MetricConfig m) {
        try {
            return m.toSpec().toSpecString();
        } catch (RuntimeException e) {
            return m.name() + " as " + m.alias();
        }
    }

    public static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
