package org.imgloss.job.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.imgloss.job.TestImages;
import org.imgloss.job.TestSpark;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the bytes of a run go, measured with a {@link SparkListener}: for folder, manifest and
 * Parquet input, the whole run (listing, costing, placing, scoring, the tables and the summary)
 * shuffles a few hundred bytes per pair (paths and scores, never images) and no task sends the
 * driver more than a few kilobytes (no image, no list of every pair). The images are incompressible
 * noise of about 16 KiB each, so one image crossing would show.
 */
class DataMovementTest {

    static final int PAIRS = 60;
    /** Shuffled bytes a run may spend per pair. */
    static final long SHUFFLE_PER_PAIR = 400;
    /** The largest result one task may send the driver. */
    static final long TASK_RESULT = 12 * 1024;

    @TempDir
    static Path dir;
    static SparkSession spark;
    static long imageBytes;

    @BeforeAll
    static void setUp() throws Exception {
        spark = TestSpark.session();
        StringBuilder manifest = new StringBuilder("key,reconstruction,original\n");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            byte[] r = TestImages.noisePng(128, 128, 1000 + i);
            byte[] o = TestImages.noisePng(128, 128, 2000 + i);
            imageBytes = Math.min(imageBytes == 0 ? Long.MAX_VALUE : imageBytes, Math.min(r.length, o.length));
            TestImages.write(dir.resolve("recon/p" + i + ".png"), r);
            TestImages.write(dir.resolve("orig/p" + i + ".png"), o);
            manifest.append("p").append(i).append(",recon/p").append(i).append(".png,orig/p").append(i)
                    .append(".png\n");
            rows.add(RowFactory.create("p" + i, r, o));
        }
        Files.writeString(dir.resolve("manifest.csv"), manifest);
        StructType schema = new StructType().add("key", DataTypes.StringType)
                .add("reconstruction", DataTypes.BinaryType).add("original", DataTypes.BinaryType);
        spark.createDataFrame(rows, schema).repartition(2).write().parquet(dir.resolve("pairs.parquet").toString());
    }

    /** Bytes a run shuffled and the largest task result, from the listener. */
    record Moved(long shuffled, long largestResult) {
    }

    static Moved run(String input) throws Exception {
        AuditConfig c = new ConfigLoader(dir, Instant.now()).parse("""
                name: moved
                run_id: m1
                input: %s
                metrics: [mse, ssim]
                output: {path: out/%s, format: parquet}
                report: {enabled: false}
                """.formatted(input, Integer.toHexString(input.hashCode())), List.of());
        AtomicLong shuffled = new AtomicLong();
        AtomicLong largest = new AtomicLong();
        SparkListener listener = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.taskMetrics() != null) {
                    shuffled.addAndGet(end.taskMetrics().shuffleWriteMetrics().bytesWritten());
                    largest.accumulateAndGet(end.taskMetrics().resultSize(), Math::max);
                }
            }
        };
        spark.sparkContext().addSparkListener(listener);
        try {
            AuditJob.Result r = AuditJobAccess.run(spark, c);
            assertEquals(PAIRS, r.pairsIn());
            assertEquals(0, r.pairsFailed());
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
        System.out.printf("DataMovementTest %s: %d bytes shuffled (%d per pair), largest task result %d bytes%n",
                input, shuffled.get(), shuffled.get() / PAIRS, largest.get());
        return new Moved(shuffled.get(), largest.get());
    }

    static void assertNoImageMoved(Moved m) {
        assertTrue(imageBytes > TASK_RESULT, "fixture too small: " + imageBytes);
        assertTrue(m.shuffled() <= SHUFFLE_PER_PAIR * PAIRS, m.shuffled() / PAIRS + " bytes shuffled per pair");
        assertTrue(m.largestResult() <= TASK_RESULT, "a task sent the driver " + m.largestResult() + " bytes");
    }

    @Test
    void folderInputMovesPathsNotImages() throws Exception {
        assertNoImageMoved(run("{type: directories, reconstructions: recon, originals: orig}"));
    }

    @Test
    void manifestInputMovesPathsNotImages() throws Exception {
        assertNoImageMoved(run("{type: manifest, path: manifest.csv}"));
    }

    @Test
    void parquetInputIsScoredWhereItIsRead() throws Exception {
        assertNoImageMoved(run("{type: parquet, path: pairs.parquet}"));
    }
}
