package org.imgloss.job.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.imgloss.job.TestSpark;
import org.imgloss.job.config.OutputConfig;
import org.imgloss.job.config.OutputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that checks a Delta history while another run is writing its first version: Delta makes each
 * table's {@code _delta_log} folder before the first commit, so the folders exist but hold no table yet.
 * That is no history yet, not a conflict and not a failure (it was an uncaught DELTA_TABLE_NOT_FOUND).
 */
class HistoryBeingCreatedTest {

    @TempDir
    Path dir;

    @Test
    void logFoldersWithoutAFirstCommitAreNoHistoryYet() throws Exception {
        OutputConfig output = new OutputConfig(dir.toUri().toString(), OutputFormat.DELTA, null, null, null);
        for (String table : List.of("scores", "runs")) {
            Files.createDirectories(Path.of(java.net.URI.create(output.table(table))).resolve("_delta_log"));
        }
        StructType scores = new StructType().add("key", DataTypes.StringType).add("ssim", DataTypes.DoubleType);
        assertEquals(List.of(), History.conflicts(TestSpark.session(), output, scores));
        assertFalse(History.has(TestSpark.session(), output, "scores"), "a log without a commit is no table yet");
        assertFalse(History.has(TestSpark.session(), output, "runs"));
    }

    @Test
    void aTableCommittedBeforeTheFirstRunsRowHasNoCompleteRun() throws Exception {
        SparkSession spark = TestSpark.session();
        OutputConfig output = new OutputConfig(dir.toUri().toString(), OutputFormat.DELTA, null, null, null);
        // the first run of a new history has committed its checks, not yet its runs row
        StructType checks = new StructType().add("check", DataTypes.StringType).add("run_id", DataTypes.StringType)
                .add(History.ATTEMPT, DataTypes.StringType);
        spark.createDataFrame(List.of(RowFactory.create("ssim mean", "r1", "a1")), checks)
                .write().format("delta").save(output.table("checks"));
        Files.createDirectories(Path.of(java.net.URI.create(output.table("runs"))).resolve("_delta_log"));

        assertTrue(History.has(spark, output, "checks"));
        assertFalse(History.has(spark, output, "runs"));
        assertEquals(0, History.complete(spark, output, "checks").count(), "no run is complete yet");
    }
}
