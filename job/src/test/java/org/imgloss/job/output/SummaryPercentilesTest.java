package org.imgloss.job.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.TestSpark;
import org.imgloss.job.config.MetricConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The summary's percentiles: exact (linear interpolation, as numpy) up to {@code exactUpTo} finite values
 * of a group × metric, {@code percentile_approx} above, the {@code percentiles} column saying which; the
 * group sizes are taken per group (a null group is a group of its own) and the rest of the row is the same
 * either way.
 */
class SummaryPercentilesTest {

    private static SparkSession spark;
    /** The summary with a limit of 4 values, and with the default limit (every group exact). */
    private static Map<String, Row> limited;
    private static Map<String, Row> exact;

    @BeforeAll
    static void start() {
        spark = TestSpark.session();
        limited = summary(4, 19);
        exact = summary(1_000_000, 19);
    }

    private static Map<String, Row> summary(long exactUpTo, long pairsIn) {
        Dataset<Row> s = SummaryTable.build(PercentileScores.of(spark, "split", true, 3), List.of(new MetricConfig("mse", "mse", Map.of(), List.of())),
                List.of("split"), "n", "r", exactUpTo, pairsIn);
        Map<String, Row> byKey = new HashMap<>();
        for (Row r : s.collectAsList()) {
            byKey.put(r.getAs("split") + "/" + r.getAs("metric"), r);
        }
        return byKey;
    }

    @Test
    void aGroupAboveTheLimitIsApproximateAndSaysSo() {
        Map<String, Row> rows = limited;
        Row big = rows.get("big/mse");
        assertEquals(SummaryTable.APPROXIMATE, big.getAs("percentiles"));
        // percentile_approx gives values of the group, within its rank error of the exact ranks
        List<Double> values = Arrays.asList(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0);
        for (String p : List.of("p05", "p50", "p95")) {
            assertTrue(values.contains((Double) big.getAs(p)), p + " = " + big.getAs(p));
        }
        assertEquals(1.0, (double) big.getAs("p05"));
        assertEquals(5.0, (double) big.getAs("p50"));
        assertEquals(10.0, (double) big.getAs("p95"));
        // the rest of the row does not depend on the percentiles
        assertEquals(12L, (long) big.getAs("pairs"));
        assertEquals(11L, (long) big.getAs("count"));
        assertEquals(1L, (long) big.getAs("infinite"));
        assertEquals(5.5, (double) big.getAs("mean"), 1e-12);
        assertEquals(Map.of("UNDECODABLE", 1L), big.getJavaMap(big.fieldIndex("error_codes")));

        // exactly at the limit (4 values) and below (3, in the null group): exact, linear interpolation
        Row small = rows.get("small/mse");
        assertEquals(SummaryTable.EXACT, small.getAs("percentiles"));
        assertEquals(0.1 + 0.15 * (0.2 - 0.1), (double) small.getAs("p05"), 1e-15);
        assertEquals(0.3, (double) small.getAs("p50"), 1e-15);
        assertEquals(0.4 + 0.85 * (0.5 - 0.4), (double) small.getAs("p95"), 1e-15);
        Row none = rows.get("null/mse");
        assertEquals(SummaryTable.EXACT, none.getAs("percentiles"));
        assertEquals(8.0, (double) none.getAs("p50"));
        assertNull(rows.get("big/_pairs").getAs("percentiles"));
        assertEquals(Map.of("UNDECODABLE", 1L), rows.get("big/_pairs").getJavaMap(
                rows.get("big/_pairs").fieldIndex("error_codes")));
    }

    @Test
    void belowTheLimitEveryGroupIsExactAsBefore() {
        for (Map.Entry<String, Row> e : exact.entrySet()) {
            Row r = e.getValue();
            if (e.getKey().endsWith("/mse")) {
                assertEquals(SummaryTable.EXACT, r.getAs("percentiles"), e.getKey());
            }
            if (!e.getKey().startsWith("big/")) { // the small groups: the same row under either limit
                assertEquals(r, limited.get(e.getKey()), e.getKey());
            }
        }
        Row big = exact.get("big/mse");
        assertEquals(1.45, (double) big.getAs("p05"), 1e-12);
        assertEquals(5.5, (double) big.getAs("p50"), 1e-12);
        assertEquals(9.55, (double) big.getAs("p95"), 1e-12);
    }
}
