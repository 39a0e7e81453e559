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
            .add("software_version", DataTypes.StringType)
            .add("spark_version", DataTypes.StringType)
            .add("config_yaml", DataTypes.StringType)
            .add("config_sha256", DataTypes.StringType)
            .add("unreadable_files", DataTypes.createArrayType(DataTypes.StringType))
            .add("run_id", DataTypes.StringType);

    private RunsTable() {
    }

    public static Dataset<Row> build(SparkSession spark, AuditConfig config, Instant start, Instant end,
                                     long pairsIn, long pairsFailed, double scoringSeconds, String version,
                                     List<String> unreadableFiles) {
        List<String> metrics = config.metrics().stream().map(RunsTable::describe).toList();
        Row row = RowFactory.create(config.name(), Timestamp.from(start), Timestamp.from(end),
                config.input().type().configName(), Secrets.maskUserInfo(config.input().location()),
                scala.jdk.javaapi.CollectionConverters.asScala(metrics).toSeq(),
                config.input().decode().describe(), pairsIn, pairsIn - pairsFailed, pairsFailed, scoringSeconds,
                scoringSeconds > 0 ? pairsIn / scoringSeconds : null, version, spark.version(), config.yaml(),
                sha256(config.yaml()),
                scala.jdk.javaapi.CollectionConverters.asScala(unreadableFiles.stream().map(Secrets::maskUserInfo)
                        .toList()).toSeq(),
                config.runId());
        return spark.createDataFrame(List.of(row), SCHEMA);
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
