package org.imgloss.job.score;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Which scoring partition each pair goes to, so that every partition gets about the same estimated
 * cost ({@link PairCost}), not the same number of pairs. Worked out on the driver from a few numbers
 * per input partition and the few costly pairs, never from a list of every pair:
 * <ol>
 *   <li>the number of partitions: about 32 pairs each, at least one per task slot and at most eight, a
 *       multiple of the slots ({@link #partitions(long, int)}), no more than the total cost over the
 *       costliest pair, so that no single pair outweighs an average partition, and no more than the total
 *       cost over {@link #MIN_PARTITION_COST}, so that each task's fixed cost (its start, the generated
 *       code of the scores' rows, opening its output file) stays small beside its pairs;</li>
 *   <li>the heavy pairs (each at least a quarter of an average partition: at most four per partition)
 *       go one by one, costliest first, to the partition with the least cost so far;</li>
 *   <li>the light pairs are laid end to end, input partition by input partition, and the line is cut
 *       into the room the heavy pairs left in each partition (filled up to a common level), each pair
 *       going to the partition its middle falls into.</li>
 * </ol>
 * A partition then holds its share of the cost, give or take one light pair (less than a quarter of an
 * average partition). The plan is a pure function of the pairs' positions and costs: a recomputed
 * input partition (its rows in the same order) gets the same partitions.
 */
public final class CostPlan implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A heavy pair: its input partition, its position there and its cost. */
    public record Heavy(int input, int position, long cost) implements Serializable {
    }

    /**
     * The least estimated cost (sample-metrics, {@link PairCost}) worth a partition of its own: about
     * 80 pairs of 512×512 RGB with one metric, or 3,000 pairs of 64×64, one to two seconds of one core.
     * A scoring task costs a fixed ~0.1–0.5 s of slot time besides its pairs (measured: 16 tasks of 125
     * pairs of 64×64 spent half their time outside the pairs), so smaller partitions cost more than they
     * balance.
     */
    public static final long MIN_PARTITION_COST = 1L << 27;

    private final int partitions;
    private final Map<Long, Integer> heavy;
    private final double[] lightStart;
    private final double[] cut;
    private final long[] heavyLoad;

    private CostPlan(int partitions, Map<Long, Integer> heavy, double[] lightStart, double[] cut, long[] heavyLoad) {
        this.partitions = partitions;
        this.heavy = heavy;
        this.lightStart = lightStart;
        this.cut = cut;
        this.heavyLoad = heavyLoad;
    }

    /**
     * Partitions for {@code pairs} pairs on {@code slots} task slots, by count alone: about 32 pairs
     * each, at least one per slot and at most eight, and a multiple of the slots, so the last wave of
     * tasks keeps every slot busy.
     */
    public static int partitions(long pairs, int slots) {
        int s = Math.max(1, slots);
        long waves = Math.max(1, Math.min(8, (pairs + 32L * s - 1) / (32L * s)));
        return (int) Math.max(1, Math.min(pairs, waves * s));
    }

    /**
     * Partitions for pairs of total cost {@code cost} whose costliest pair costs {@code maxCost}:
     * {@link #partitions(long, int)}, lowered (by whole multiples of the slots, to the slots at the
     * least) until an average partition costs at least the costliest pair.
     */
    public static int partitions(long pairs, long cost, long maxCost, int slots) {
        return partitions(pairs, cost, maxCost, slots, 0);
    }

    /**
     * {@link #partitions(long, long, long, int)}, also lowered (by whole multiples of the slots, to the
     * slots at the least) until an average partition costs at least {@code minPartitionCost}
     * ({@link #MIN_PARTITION_COST} in the job; 0: no such floor).
     */
    public static int partitions(long pairs, long cost, long maxCost, int slots, long minPartitionCost) {
        int p = partitions(pairs, slots);
        int s = Math.max(1, slots);
        long fit = maxCost <= 0 ? p : cost / maxCost;
        if (minPartitionCost > 0) {
            fit = Math.min(fit, cost / minPartitionCost);
        }
        if (fit < p) {
            p = (int) Math.max(Math.min(p, s), fit / s * s);
        }
        return p;
    }

    /** Pairs costing at least this much are placed one by one ({@code cost / partitions / 4}). */
    public static long heavyThreshold(long cost, int partitions) {
        return Math.max(1, cost / Math.max(1, partitions) / 4);
    }

    /**
     * @param partitions the partitions to fill
     * @param heavy      the pairs of at least {@link #heavyThreshold} cost
     * @param lightCost  per input partition (by index), the summed cost of its other pairs
     */
    public static CostPlan of(int partitions, List<Heavy> heavy, long[] lightCost) {
        List<Heavy> order = new ArrayList<>(heavy);
        order.sort(Comparator.comparingLong(Heavy::cost).reversed()
                .thenComparingInt(Heavy::input).thenComparingInt(Heavy::position));
        long[] load = new long[partitions];
        PriorityQueue<Integer> least = new PriorityQueue<>(
                Comparator.<Integer>comparingLong(i -> load[i]).thenComparingInt(i -> i));
        for (int i = 0; i < partitions; i++) {
            least.add(i);
        }
        Map<Long, Integer> placed = new HashMap<>();
        for (Heavy h : order) {
            int target = least.poll();
            load[target] += h.cost();
            least.add(target);
            placed.put(id(h.input(), h.position()), target);
        }
        double[] lightStart = new double[lightCost.length];
        double light = 0;
        for (int i = 0; i < lightCost.length; i++) {
            lightStart[i] = light;
            light += lightCost[i];
        }
        return new CostPlan(partitions, placed, lightStart, cuts(load, light), load);
    }

    /**
     * Where the line of light pairs (of total cost {@code light}) is cut: partition {@code i} takes
     * {@code [cut[i], cut[i + 1])}, its room up to the common level the light pairs fill all partitions to.
     */
    private static double[] cuts(long[] load, double light) {
        long[] sorted = load.clone();
        Arrays.sort(sorted);
        double level = sorted[0];
        double below = 0; // sum of the k lowest loads
        for (int k = 1; k <= sorted.length; k++) {
            below += sorted[k - 1];
            level = (light + below) / k;
            if (k == sorted.length || level <= sorted[k]) {
                break;
            }
        }
        double[] cut = new double[load.length + 1];
        for (int i = 0; i < load.length; i++) {
            cut[i + 1] = cut[i] + Math.max(0, level - load[i]);
        }
        return cut;
    }

    private static long id(int input, int position) {
        return ((long) input << 32) | (position & 0xffffffffL);
    }

    /** The number of partitions. */
    public int partitions() {
        return partitions;
    }

    /**
     * The partition of the pair at {@code position} of input partition {@code input}, costing
     * {@code cost}; {@code lightBefore} is the cost of the light pairs before it in its input partition.
     */
    public int partitionOf(int input, int position, long cost, long lightBefore) {
        Integer h = heavy.get(id(input, position));
        if (h != null) {
            return h;
        }
        double total = cut[partitions];
        if (total <= 0 || input >= lightStart.length) {
            return Math.floorMod(position, partitions);
        }
        double middle = lightStart[input] + lightBefore + cost / 2.0;
        int low = 0; // the last partition whose stretch starts at or before the middle
        int high = partitions - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (cut[mid] <= middle) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    /** Whether the pair at {@code position} of input partition {@code input} is a heavy one. */
    public boolean isHeavy(int input, int position) {
        return heavy.containsKey(id(input, position));
    }

    /** The cost of the heavy pairs placed in each partition. */
    public long[] heavyLoads() {
        return heavyLoad.clone();
    }
}
