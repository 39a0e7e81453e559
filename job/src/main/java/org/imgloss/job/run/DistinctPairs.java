package org.imgloss.job.run;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Row;
import org.apache.spark.util.AccumulatorV2;

/**
 * Pairs scored and failed, each pair counted once however often Spark computed it: for the progress
 * lines. A plain counter counts task attempts: when an executor is lost, the partitions it had scored
 * (or cached) are scored again, and a counter would pass the number of pairs. This one keeps a count
 * per partition of the scored data and merges the attempts of a partition by their maximum (every
 * attempt of a partition scores the same pairs; a complete one counts all of them), so its sum never
 * exceeds the pairs in.
 *
 * <p>Each task adds one (pairs, failed) count per row it passes on ({@link #counting}); Spark merges a
 * task's counts on the driver when the task succeeds.
 */
public final class DistinctPairs extends AccumulatorV2<DistinctPairs.Scored, Map<Integer, long[]>> {

    /** One scored pair of a partition, failed or not. */
    public record Scored(int partition, boolean failed) implements java.io.Serializable {
    }

    private final HashMap<Integer, long[]> byPartition = new HashMap<>();

    @Override
    public synchronized boolean isZero() {
        return byPartition.isEmpty();
    }

    @Override
    public synchronized DistinctPairs copy() {
        DistinctPairs c = new DistinctPairs();
        byPartition.forEach((p, n) -> c.byPartition.put(p, n.clone()));
        return c;
    }

    @Override
    public synchronized void reset() {
        byPartition.clear();
    }

    @Override
    public synchronized void add(Scored pair) {
        long[] n = byPartition.computeIfAbsent(pair.partition(), p -> new long[2]);
        n[0]++;
        if (pair.failed()) {
            n[1]++;
        }
    }

    /** Another attempt's (or task's) counts: per partition the larger of the two. */
    @Override
    public void merge(AccumulatorV2<Scored, Map<Integer, long[]>> other) {
        Map<Integer, long[]> theirs = other.value();
        synchronized (this) {
            theirs.forEach((p, n) -> byPartition.merge(p, n.clone(),
                    (a, b) -> new long[] {Math.max(a[0], b[0]), Math.max(a[1], b[1])}));
        }
    }

    /** A copy of the counts: partition to {pairs, failed}. */
    @Override
    public synchronized Map<Integer, long[]> value() {
        Map<Integer, long[]> copy = new HashMap<>();
        byPartition.forEach((p, n) -> copy.put(p, n.clone()));
        return copy;
    }

    /** Distinct pairs scored (failed ones included). */
    public synchronized long pairs() {
        return byPartition.values().stream().mapToLong(n -> n[0]).sum();
    }

    /** Distinct pairs that failed. */
    public synchronized long failed() {
        return byPartition.values().stream().mapToLong(n -> n[1]).sum();
    }

    /**
     * The function for {@code mapPartitionsWithIndex} over scored rows: passes them on and counts each
     * into {@code counts}, failed when its column {@code errorCodeIndex} is set.
     */
    public static Function2<Integer, Iterator<Row>, Iterator<Row>> counting(DistinctPairs counts, int errorCodeIndex) {
        return (partition, rows) -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                Row r = rows.next();
                counts.add(new Scored(partition, !r.isNullAt(errorCodeIndex)));
                return r;
            }
        };
    }
}
