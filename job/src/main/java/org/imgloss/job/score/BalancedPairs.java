package org.imgloss.job.score;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import org.imgloss.job.source.PairColumns;
import scala.Tuple2;

/**
 * Pairs of files spread over the scoring partitions by estimated cost ({@link PairCost},
 * {@link CostPlan}), not by count: one task does not get the sixteen large images while the others
 * share the small ones.
 *
 * <p>Three passes, on the executors: each input partition's pairs are put in a fixed order (key, then
 * paths) and costed from their files' headers, and kept (memory, then disk); a pass sums the costs per
 * input partition; a pass collects the heavy pairs' positions. The driver gets a few numbers per input
 * partition and the heavy pairs (at most four per scoring partition), never a list of every pair.
 * Then the pair rows (keys, paths and carried columns: no image bytes) move to their partitions in one
 * shuffle. {@link #release} drops the kept rows once scoring is done.
 */
public final class BalancedPairs {

    private final JavaRDD<Costed> costed;
    private final long pairs;
    private final CostPlan plan;

    private BalancedPairs(JavaRDD<Costed> costed, long pairs, CostPlan plan) {
        this.costed = costed;
        this.pairs = pairs;
        this.plan = plan;
    }

    /** A pair row's values and its estimated cost. */
    record Costed(Object[] values, long cost) implements Serializable {
    }

    /** One input partition's count, summed cost and costliest pair. */
    record Part(int index, long pairs, long cost, long maxCost) implements Serializable {
    }

    /** One input partition's heavy pairs and the summed cost of the others. */
    record Heavies(int index, List<CostPlan.Heavy> heavy, long lightCost) implements Serializable {
    }

    /**
     * Costs {@code rows} (pairs of files: the {@link PairColumns} path columns, no image bytes) for
     * {@code metrics} metrics and plans their partitions for {@code slots} task slots.
     */
    public static BalancedPairs of(Dataset<Row> rows, int metrics, Broadcast<SerializableConfiguration> conf,
                                   int slots) {
        StructType schema = rows.schema();
        JavaRDD<Costed> costed = rows.javaRDD()
                .mapPartitions(new Costing(schema, metrics, conf))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<Part> parts = costed.mapPartitionsWithIndex(new Summing(), true).collect();
            long pairs = 0;
            long cost = 0;
            long max = 0;
            for (Part p : parts) {
                pairs += p.pairs();
                cost += p.cost();
                max = Math.max(max, p.maxCost());
            }
            int partitions = CostPlan.partitions(pairs, cost, max, slots, CostPlan.MIN_PARTITION_COST);
            long threshold = CostPlan.heavyThreshold(cost, partitions);
            List<CostPlan.Heavy> heavy = new ArrayList<>();
            long[] light = new long[costed.getNumPartitions()];
            if (max >= threshold) {
                for (Heavies h : costed.mapPartitionsWithIndex(new FindingHeavy(threshold), true).collect()) {
                    heavy.addAll(h.heavy());
                    light[h.index()] = h.lightCost();
                }
            } else {
                for (Part p : parts) {
                    light[p.index()] = p.cost();
                }
            }
            return new BalancedPairs(costed, pairs, CostPlan.of(partitions, heavy, light));
        } catch (RuntimeException e) {
            costed.unpersist(false); // a failed run leaves nothing cached
            throw e;
        }
    }

    /** The number of pairs. */
    public long pairs() {
        return pairs;
    }

    /** The plan the rows are partitioned by. */
    public CostPlan plan() {
        return plan;
    }

    /** The pair rows (without their schema: by position, as the input's), in the plan's partitions. */
    public JavaRDD<Row> rows() {
        return JavaPairRDD.fromJavaRDD(costed.mapPartitionsWithIndex(new Placing(plan), true))
                .partitionBy(new Exact(plan.partitions()))
                .values()
                .map(RowFactory::create);
    }

    /** Drops the kept, costed rows. */
    public void release() {
        costed.unpersist(false);
    }

    /** Orders an input partition's rows by key and paths and costs each pair. */
    private static final class Costing implements FlatMapFunction<Iterator<Row>, Costed> {
        private static final long serialVersionUID = 1L;
        private final int key;
        private final int reconstruction;
        private final int original;
        private final int sourceError;
        private final int metrics;
        private final Broadcast<SerializableConfiguration> conf;

        Costing(StructType schema, int metrics, Broadcast<SerializableConfiguration> conf) {
            this.key = schema.fieldIndex(PairColumns.KEY);
            this.reconstruction = schema.fieldIndex(PairColumns.RECONSTRUCTION_PATH);
            this.original = schema.fieldIndex(PairColumns.ORIGINAL_PATH);
            this.sourceError = schema.fieldIndex(PairColumns.SOURCE_ERROR_CODE);
            this.metrics = metrics;
            this.conf = conf;
        }

        @Override
        public Iterator<Costed> call(Iterator<Row> rows) {
            List<Row> all = new ArrayList<>();
            rows.forEachRemaining(all::add);
            Comparator<Row> byText = Comparator.comparing(Row::toString);
            all.sort(Comparator.<Row, String>comparing(r -> text(r, key), Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparing(r -> text(r, reconstruction), Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparing(r -> text(r, original), Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparing(byText));
            List<Costed> out = new ArrayList<>(all.size());
            for (Row r : all) {
                Object[] values = new Object[r.length()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = r.get(i);
                }
                boolean scored = r.isNullAt(sourceError);
                long cost = scored ? PairCost.of(text(r, reconstruction), text(r, original), metrics, conf.value().value())
                        : PairCost.PAIR_OVERHEAD;
                out.add(new Costed(values, cost));
            }
            return out.iterator();
        }

        private static String text(Row r, int i) {
            return r.isNullAt(i) ? null : Objects.toString(r.get(i));
        }
    }

    private static final class Summing implements Function2<Integer, Iterator<Costed>, Iterator<Part>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Part> call(Integer index, Iterator<Costed> rows) {
            long n = 0;
            long cost = 0;
            long max = 0;
            while (rows.hasNext()) {
                long c = rows.next().cost();
                n++;
                cost += c;
                max = Math.max(max, c);
            }
            return List.of(new Part(index, n, cost, max)).iterator();
        }
    }

    private static final class FindingHeavy implements Function2<Integer, Iterator<Costed>, Iterator<Heavies>> {
        private static final long serialVersionUID = 1L;
        private final long threshold;

        FindingHeavy(long threshold) {
            this.threshold = threshold;
        }

        @Override
        public Iterator<Heavies> call(Integer index, Iterator<Costed> rows) {
            List<CostPlan.Heavy> heavy = new ArrayList<>();
            long light = 0;
            for (int position = 0; rows.hasNext(); position++) {
                long c = rows.next().cost();
                if (c >= threshold) {
                    heavy.add(new CostPlan.Heavy(index, position, c));
                } else {
                    light += c;
                }
            }
            return List.of(new Heavies(index, heavy, light)).iterator();
        }
    }

    private static final class Placing
            implements Function2<Integer, Iterator<Costed>, Iterator<Tuple2<Integer, Object[]>>> {
        private static final long serialVersionUID = 1L;
        private final CostPlan plan;

        Placing(CostPlan plan) {
            this.plan = plan;
        }

        @Override
        public Iterator<Tuple2<Integer, Object[]>> call(Integer index, Iterator<Costed> rows) {
            return new Iterator<>() {
                int position;
                long lightBefore;

                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Tuple2<Integer, Object[]> next() {
                    Costed c = rows.next();
                    int target = plan.partitionOf(index, position, c.cost(), lightBefore);
                    if (!plan.isHeavy(index, position)) {
                        lightBefore += c.cost();
                    }
                    position++;
                    return new Tuple2<>(target, c.values());
                }
            };
        }
    }

    /** Partition {@code i} for key {@code i}. */
    private static final class Exact extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int partitions;

        Exact(int partitions) {
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Exact e && e.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return partitions;
        }
    }
}
