package org.imgloss.job.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.imgloss.job.TestSpark;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample audit ({@code conf/local.yaml}: its pairs and every metric it names) gives bit-identical
 * scores, every column (doubles compared by their bits), whether its pairs are planned for one task
 * slot (one task scores them all, as in local[1]) or for two (two tasks at once, as in local[2]), and
 * when a run is re-run. The summary's min, percentiles and max are bit-identical too; its mean,
 * stddev and pooled PSNR are sums whose order follows the partitions, so they may differ in the last
 * bits: at most {@value #SUMMARY_ULPS} units in the last place (the largest difference measured is
 * printed).
 */
class IdenticalScoresTest {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    /** Units in the last place the summary's sums may differ by between partitionings. */
    static final int SUMMARY_ULPS = 8;

    @TempDir
    static Path out;
    static SparkSession spark;
    static Map<String, Row> oneSlot;
    static Map<String, Row> twoSlots;
    static Map<String, Row> rerun;
    static Map<String, Row> summaryOneSlot;
    static Map<String, Row> summaryTwoSlots;

    @BeforeAll
    static void runThreeTimes() throws Exception {
        spark = TestSpark.session();
        AuditJob.Result one = run("one", 1);
        AuditJob.Result two = run("two", 2);
        oneSlot = byKey(one.scoresPath(), "one");
        twoSlots = byKey(two.scoresPath(), "two");
        summaryOneSlot = summary(one);
        summaryTwoSlots = summary(two);
        AuditJob.Result again = run("two", 2);
        rerun = byKey(again.scoresPath(), "two");
    }

    static AuditJob.Result run(String runId, int slots) throws Exception {
        AuditConfig c = new ConfigLoader(ROOT, Instant.now()).load(ROOT.resolve("conf/local.yaml"), List.of(
                "output.path=" + out.resolve("history"), "output.format=parquet", "report.enabled=false",
                "run_id=" + runId));
        return new AuditJob(spark, new PrintWriter(new StringWriter()), 0).plannedSlots(slots).run(c, Instant.now());
    }

    static Map<String, Row> byKey(String scoresPath, String runId) {
        Map<String, Row> rows = new TreeMap<>();
        for (Row r : spark.read().parquet(scoresPath).where("run_id = '" + runId + "'")
                .drop("run_id", "_attempt").collectAsList()) {
            rows.put(r.getAs("key") + "|" + r.getAs("reconstruction_path"), r);
        }
        return rows;
    }

    static Map<String, Row> summary(AuditJob.Result r) {
        Map<String, Row> rows = new TreeMap<>();
        for (Row row : r.summary()) {
            rows.put(row.getAs("folder") + "|" + row.getAs("metric"), row);
        }
        return rows;
    }

    /** Asserts every column equal, doubles by their bits. */
    static void assertBitIdentical(Map<String, Row> expected, Map<String, Row> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (Map.Entry<String, Row> e : expected.entrySet()) {
            Row a = e.getValue();
            Row b = actual.get(e.getKey());
            for (StructField f : a.schema().fields()) {
                Object x = a.getAs(f.name());
                Object y = b.getAs(f.name());
                if (f.dataType().equals(DataTypes.DoubleType) && x != null && y != null) {
                    assertEquals(Double.doubleToLongBits((Double) x), Double.doubleToLongBits((Double) y),
                            e.getKey() + " " + f.name() + ": " + x + " vs " + y);
                } else {
                    assertEquals(x, y, e.getKey() + " " + f.name());
                }
            }
        }
    }

    @Test
    void scoresAreBitIdenticalOnOneSlotAndOnTwo() {
        assertEquals(11, oneSlot.size());
        long doubles = java.util.Arrays.stream(oneSlot.values().iterator().next().schema().fields())
                .filter(f -> f.dataType().equals(DataTypes.DoubleType)).count();
        assertTrue(doubles >= 11, doubles + " double columns: the sample's metrics");
        assertBitIdentical(oneSlot, twoSlots);
    }

    @Test
    void scoresAreBitIdenticalWhenARunIsReRun() {
        assertBitIdentical(twoSlots, rerun);
    }

    @Test
    void summaryIsIdenticalUpToTheLastBitsOfItsSums() {
        assertEquals(summaryOneSlot.keySet(), summaryTwoSlots.keySet());
        long largest = 0;
        for (Map.Entry<String, Row> e : summaryOneSlot.entrySet()) {
            Row a = e.getValue();
            Row b = summaryTwoSlots.get(e.getKey());
            for (StructField f : a.schema().fields()) {
                Object x = a.getAs(f.name());
                Object y = b.getAs(f.name());
                if (f.name().equals("run_id")) {
                    continue;
                }
                if (!(f.dataType().equals(DataTypes.DoubleType) && x != null && y != null)) {
                    assertEquals(x, y, e.getKey() + " " + f.name());
                    continue;
                }
                long ulps = Math.abs(Double.doubleToLongBits((Double) x) - Double.doubleToLongBits((Double) y));
                if (List.of("mean", "stddev", "psnr_pooled").contains(f.name())) {
                    largest = Math.max(largest, ulps);
                    assertTrue(ulps <= SUMMARY_ULPS, e.getKey() + " " + f.name() + ": " + x + " vs " + y);
                } else {
                    assertEquals(0, ulps, e.getKey() + " " + f.name() + ": " + x + " vs " + y);
                }
            }
        }
        System.out.println("IdenticalScoresTest: summary sums differ by at most " + largest + " ulp(s)");
    }
}
