package org.imgloss.job.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.imgloss.job.TestImages;
import org.imgloss.job.TestSpark;
import org.imgloss.job.source.PairColumns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real files, costed from their headers on the executors and placed by the plan: 200 tiny pairs and
 * 4 pairs of 512×512 (grey: one channel) come out in partitions of about equal estimated cost, each pair exactly once.
 * (Task times are measured by {@code bench/balance.sh}, not here.)
 */
class BalancedPairsTest {

    @TempDir
    static Path dir;
    static SparkSession spark;
    static Dataset<Row> pairs;
    static final StructType SCHEMA = new StructType()
            .add(PairColumns.KEY, DataTypes.StringType)
            .add(PairColumns.RECONSTRUCTION_PATH, DataTypes.StringType)
            .add(PairColumns.ORIGINAL_PATH, DataTypes.StringType)
            .add("folder", DataTypes.StringType)
            .add(PairColumns.SOURCE_ERROR_CODE, DataTypes.StringType)
            .add(PairColumns.SOURCE_ERROR_MESSAGE, DataTypes.StringType);

    @BeforeAll
    static void setUp() {
        spark = TestSpark.session();
        byte[] tiny = TestImages.noisePng(8, 8, 1);
        byte[] large = TestImages.noisePng(512, 512, 2);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 204; i++) {
            boolean isLarge = i % 51 == 7 || (i < 51 && i % 8 == 0 && i < 24);
            Path f = dir.resolve((isLarge ? "large" : "tiny") + i + ".png");
            TestImages.write(f, isLarge ? large : tiny);
            rows.add(RowFactory.create("k" + i, "file:" + f, "file:" + f, "", null, null));
        }
        pairs = spark.createDataFrame(rows, SCHEMA).repartition(4);
    }

    @Test
    void aPairCostsItsSamplesFromTheHeaderTimesTheMetrics() {
        Configuration conf = new Configuration();
        String large = "file:" + dir.resolve("large0.png");
        assertEquals(PairCost.PAIR_OVERHEAD + 3L * 2 * 512 * 512, PairCost.of(large, large, 3, conf));
        assertEquals(PairCost.PAIR_OVERHEAD, PairCost.of(large, null, 3, conf));
        assertEquals(PairCost.PAIR_OVERHEAD + 512L * 512, PairCost.of("file:" + dir.resolve("gone.png"), large, 1, conf),
                "a file that cannot be read costs nothing");
    }

    @Test
    void skewedPairsArePlacedByCostEachExactlyOnce() {
        Broadcast<SerializableConfiguration> conf = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .broadcast(new SerializableConfiguration(new Configuration()));
        BalancedPairs balanced = BalancedPairs.of(pairs, 1, conf, 2);
        try {
            assertEquals(204, balanced.pairs());
            int partitions = balanced.plan().partitions();
            List<long[]> perPartition = balanced.rows().mapPartitions(rows -> {
                long cost = 0;
                long n = 0;
                Configuration c = new Configuration();
                while (rows.hasNext()) {
                    Row r = rows.next();
                    cost += PairCost.of(r.getString(1), r.getString(2), 1, c);
                    n++;
                }
                return List.of(new long[] {cost, n}).iterator();
            }).collect();
            assertEquals(partitions, perPartition.size());
            long[] load = perPartition.stream().mapToLong(a -> a[0]).toArray();
            assertTrue(CostPlanTest.maxOverMedian(load) < 1.25, Arrays.toString(load));
            List<String> keys = balanced.rows().map(r -> r.getString(0)).collect();
            Set<String> distinct = new HashSet<>(keys);
            assertEquals(204, keys.size());
            assertEquals(204, distinct.size());
        } finally {
            balanced.release();
        }
    }
}
