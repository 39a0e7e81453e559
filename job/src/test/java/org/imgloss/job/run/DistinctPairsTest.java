package org.imgloss.job.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import org.imgloss.job.TestSpark;
import org.junit.jupiter.api.Test;

/** Progress counts pairs, not task attempts: a partition scored twice counts once. */
class DistinctPairsTest {

    @Test
    void attemptsOfOnePartitionMergeByTheirMaximum() {
        DistinctPairs driver = new DistinctPairs();
        DistinctPairs first = new DistinctPairs();
        DistinctPairs again = new DistinctPairs();
        DistinctPairs other = new DistinctPairs();
        for (int i = 0; i < 5; i++) {
            first.add(new DistinctPairs.Scored(0, i == 1));
            again.add(new DistinctPairs.Scored(0, i == 1));
        }
        for (int i = 0; i < 3; i++) {
            other.add(new DistinctPairs.Scored(1, false));
        }
        driver.merge(first);
        driver.merge(other);
        driver.merge(again); // partition 0 computed again (its executor was lost)
        assertEquals(8, driver.pairs());
        assertEquals(1, driver.failed());
        assertTrue(driver.copy().value().keySet().containsAll(List.of(0, 1)));
    }

    /**
     * Scored rows computed twice by Spark (two actions on uncached data, as when an executor with the
     * cached scores is lost): a plain counter doubles, the distinct count and the progress line stay at
     * the pairs in.
     */
    @Test
    void aRecomputedPartitionIsNotCountedTwiceAndProgressStaysAt100Percent() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(RowFactory.create("k" + i, i % 10 == 0 ? "READ_FAILED" : null));
        }
        DistinctPairs distinct = new DistinctPairs();
        jsc.sc().register(distinct, "distinct pairs (test)");
        LongAccumulator attempts = jsc.sc().longAccumulator("pairs scored by tasks (test)");
        JavaRDD<Row> scored = jsc.parallelize(rows, 3).map(r -> {
            attempts.add(1);
            return r;
        }).mapPartitionsWithIndex(DistinctPairs.counting(distinct, 1), true);

        assertEquals(30, scored.count());
        assertEquals(30, scored.count()); // computed again
        assertEquals(60, attempts.value(), "each pair was computed twice");
        assertEquals(30, distinct.pairs());
        assertEquals(3, distinct.failed());

        StringWriter out = new StringWriter();
        new Progress(new PrintWriter(out), 30, distinct::pairs, distinct::failed, 60_000).start().close(2);
        assertTrue(out.toString().startsWith("imgloss: processed 30/30 pairs (3 failed)"), out.toString());
    }
}
