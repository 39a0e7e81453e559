package org.imgloss.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Structural performance check: a 4-metric {@code score_pair} over N rows is one pass over the
 * input. One job, one stage that reads the N input records once, nothing shuffled, and 2N images
 * handed to the decoder even when every metric and the shape are read as separate columns.
 */
class ScorePairOnePassTest {

    private static final int N = 24;
    private static final String SPEC = "mse, psnr, ssim, ssim_loss";

    private static SparkSession spark;
    private static final StageRecorder RECORDER = new StageRecorder();
    @TempDir
    static Path dir;
    private static String parquet;
    private static StructType schema;

    @BeforeAll
    static void start() {
        spark = TestSpark.session();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            int size = i % 3 == 0 ? 8 : 16 + i; // every third pair is too small for SSIM
            rows.add(RowFactory.create(i, TestImages.noisy(size, size, 3, i, 100 + i), TestImages.png(size, size, 3, i)));
        }
        schema = new StructType().add("id", DataTypes.IntegerType).add("r", DataTypes.BinaryType)
                .add("o", DataTypes.BinaryType);
        parquet = dir.resolve("pairs.parquet").toString();
        spark.createDataFrame(rows, schema).repartition(2).write().parquet(parquet);
        ImgLossFunctions.register(spark);
        spark.sparkContext().addSparkListener(RECORDER);
    }

    @AfterAll
    static void removeListener() {
        spark.sparkContext().removeSparkListener(RECORDER);
    }

    @BeforeEach
    void clear() throws TimeoutException {
        spark.sparkContext().listenerBus().waitUntilEmpty(30_000);
        RECORDER.clear();
    }

    @Test
    void dataFrameScorePairReadingEveryFieldIsOnePass() throws TimeoutException {
        LongAccumulator decodes = spark.sparkContext().longAccumulator("decodes");
        ScorePairUdf udf = new ScorePairUdf(SPEC).countingDecodes(decodes);
        Dataset<Row> scored = pairs()
                .select(col("id"), ImgLossFunctions.scorePairUdf(udf).apply(col("r"), col("o")).as("s"))
                .select("id", "s.mse", "s.psnr", "s.ssim", "s.ssim_loss", "s.width", "s.metric_errors", "s.error_code");
        List<Row> out = scored.collectAsList();
        spark.sparkContext().listenerBus().waitUntilEmpty(30_000);

        assertEquals(N, out.size());
        for (Row r : out) {
            boolean small = r.getInt(0) % 3 == 0;
            assertFalse(r.isNullAt(1), "mse of " + r.getInt(0));
            assertEquals(small, r.isNullAt(3), "ssim of " + r.getInt(0));
            assertTrue(r.isNullAt(7), "error_code of " + r.getInt(0));
        }
        assertEquals(2L * N, decodes.value(), "images handed to the decoder: each image once");
        RECORDER.assertOnePass(N);
    }

    @Test
    void sqlScorePairIsOnePass() throws TimeoutException {
        pairs().createOrReplaceTempView("pairs");
        List<Row> out = spark.sql("SELECT id, s.mse, s.psnr, s.ssim, s.ssim_loss, s.channels FROM ("
                + "SELECT id, score_pair(r, o, '" + SPEC + "') AS s FROM pairs)").collectAsList();
        spark.sparkContext().listenerBus().waitUntilEmpty(30_000);
        assertEquals(N, out.size());
        RECORDER.assertOnePass(N);

        // The same query shape with a counting UDF registered under a SQL name.
        LongAccumulator decodes = spark.sparkContext().longAccumulator("sqlDecodes");
        spark.udf().register("score_pair_counted",
                ImgLossFunctions.scorePairUdf(new ScorePairUdf(SPEC).countingDecodes(decodes)));
        spark.sql("SELECT id, s.mse, s.psnr, s.ssim, s.ssim_loss, s.channels FROM ("
                + "SELECT id, score_pair_counted(r, o) AS s FROM pairs)").collectAsList();
        assertEquals(2L * N, decodes.value(), "images handed to the decoder: each image once");
    }

    /** The stored pairs, with the schema given so that no schema-inference job runs. */
    private static Dataset<Row> pairs() {
        return spark.read().schema(schema).parquet(parquet);
    }

    /** Records jobs and completed stages with their input and shuffle metrics. */
    private static final class StageRecorder extends SparkListener {
        private final ConcurrentLinkedQueue<Integer> jobs = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<StageInfo> stages = new ConcurrentLinkedQueue<>();

        @Override
        public void onJobStart(SparkListenerJobStart jobStart) {
            jobs.add(jobStart.jobId());
        }

        @Override
        public void onStageCompleted(SparkListenerStageCompleted stageCompleted) {
            stages.add(stageCompleted.stageInfo());
        }

        void clear() {
            jobs.clear();
            stages.clear();
        }

        void assertOnePass(long records) {
            assertEquals(1, jobs.size(), "jobs: " + jobs);
            assertEquals(1, stages.size(), "stages");
            StageInfo stage = stages.peek();
            assertEquals(records, stage.taskMetrics().inputMetrics().recordsRead(), "input records read");
            assertEquals(0L, stage.taskMetrics().shuffleWriteMetrics().bytesWritten(), "bytes shuffled");
            assertEquals(0L, stage.taskMetrics().shuffleReadMetrics().recordsRead(), "records read from a shuffle");
        }
    }
}
