package org.imgloss.job.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The partition plan on the driver, without Spark: a skewed dataset (many tiny pairs, a few large
 * ones) gets partitions of about equal estimated cost, where spreading pairs by count would put the
 * large ones together.
 */
class CostPlanTest {

    static final long TINY = PairCost.PAIR_OVERHEAD + 2L * 8 * 8 * 3;
    static final long LARGE = PairCost.PAIR_OVERHEAD + 2L * 512 * 512 * 3;

    /** Input partitions as a source may give them: the large pairs in the first one, every eighth pair. */
    static List<long[]> skewedInput() {
        List<long[]> input = new ArrayList<>();
        for (int part = 0; part < 4; part++) {
            long[] costs = new long[51];
            Arrays.fill(costs, TINY);
            if (part == 0) {
                for (int i = 0; i < 4; i++) {
                    costs[8 * i] = LARGE;
                }
            }
            input.add(costs);
        }
        return input;
    }

    /** Each scoring partition's cost when {@code plan} places the pairs of {@code input}. */
    static long[] loads(CostPlan plan, List<long[]> input, long threshold) {
        long[] load = new long[plan.partitions()];
        for (int i = 0; i < input.size(); i++) {
            long lightBefore = 0;
            for (int pos = 0; pos < input.get(i).length; pos++) {
                long c = input.get(i)[pos];
                int p = plan.partitionOf(i, pos, c, lightBefore);
                assertTrue(p >= 0 && p < plan.partitions(), "partition " + p);
                assertEquals(c >= threshold, plan.isHeavy(i, pos));
                if (!plan.isHeavy(i, pos)) {
                    lightBefore += c;
                }
                load[p] += c;
            }
        }
        return load;
    }

    static CostPlan plan(List<long[]> input, int slots, long[] thresholdOut) {
        long pairs = 0;
        long cost = 0;
        long max = 0;
        for (long[] part : input) {
            for (long c : part) {
                pairs++;
                cost += c;
                max = Math.max(max, c);
            }
        }
        int partitions = CostPlan.partitions(pairs, cost, max, slots);
        long threshold = CostPlan.heavyThreshold(cost, partitions);
        thresholdOut[0] = threshold;
        List<CostPlan.Heavy> heavy = new ArrayList<>();
        long[] light = new long[input.size()];
        for (int i = 0; i < input.size(); i++) {
            for (int pos = 0; pos < input.get(i).length; pos++) {
                long c = input.get(i)[pos];
                if (c >= threshold) {
                    heavy.add(new CostPlan.Heavy(i, pos, c));
                } else {
                    light[i] += c;
                }
            }
        }
        return CostPlan.of(partitions, heavy, light);
    }

    static double maxOverMedian(long[] load) {
        long[] sorted = load.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
        return sorted[sorted.length - 1] / median;
    }

    @Test
    void skewedPairsGetPartitionsOfAboutEqualCost() {
        List<long[]> input = skewedInput();
        long[] threshold = new long[1];
        CostPlan plan = plan(input, 2, threshold);
        long[] load = loads(plan, input, threshold[0]);
        // 204 pairs on 2 slots would be 8 partitions by count; 4 large pairs, each about a sixth of the
        // whole, make it fewer, a multiple of the slots, so that no partition is one large pair among small ones
        assertEquals(6, plan.partitions());
        assertTrue(maxOverMedian(load) < 1.2, Arrays.toString(load));
        assertEquals(Arrays.stream(input.toArray(long[][]::new)).flatMapToLong(Arrays::stream).sum(),
                Arrays.stream(load).sum());
    }

    @Test
    void byCountTheSamePairsWouldStraggle() {
        // the plan the job had before: round robin over 8 partitions, counting from each input partition's start
        List<long[]> input = skewedInput();
        int partitions = CostPlan.partitions(204, 2);
        long[] load = new long[partitions];
        for (long[] part : input) {
            for (int pos = 0; pos < part.length; pos++) {
                load[pos % partitions] += part[pos];
            }
        }
        assertTrue(maxOverMedian(load) > 2, Arrays.toString(load));
    }

    @Test
    void uniformPairsStayEvenlySpreadByCount() {
        List<long[]> input = new ArrayList<>();
        for (int part = 0; part < 3; part++) {
            long[] costs = new long[70];
            Arrays.fill(costs, TINY);
            input.add(costs);
        }
        long[] threshold = new long[1];
        CostPlan plan = plan(input, 2, threshold);
        assertEquals(CostPlan.partitions(210, 2), plan.partitions());
        long[] load = loads(plan, input, threshold[0]);
        for (long l : load) {
            assertTrue(Math.abs(l / TINY - 210.0 / plan.partitions()) <= 1, Arrays.toString(load));
        }
    }

    @Test
    void oneHugePairAmongManyTinyKeepsOnePartitionPerSlot() {
        List<long[]> input = new ArrayList<>();
        long[] costs = new long[100];
        Arrays.fill(costs, TINY);
        costs[50] = 1000 * LARGE;
        input.add(costs);
        long[] threshold = new long[1];
        CostPlan plan = plan(input, 2, threshold);
        assertEquals(2, plan.partitions());
        long[] load = loads(plan, input, threshold[0]);
        // the huge pair alone in one partition, every tiny one in the other
        assertEquals(1000 * LARGE, Math.max(load[0], load[1]));
        assertEquals(99 * TINY, Math.min(load[0], load[1]));
    }

    @Test
    void theSameInputGivesTheSamePlan() {
        List<long[]> input = skewedInput();
        long[] threshold = new long[1];
        long[] first = loads(plan(input, 2, threshold), input, threshold[0]);
        long[] second = loads(plan(input, 2, threshold), input, threshold[0]);
        assertTrue(Arrays.equals(first, second));
    }

    @Test
    void cheapWorkGetsOnePartitionPerSlotNotOnePer32Pairs() {
        // 2,000 pairs of 64x64 RGB with one metric: by count 16 partitions on 2 slots (8 waves of tasks,
        // each with its fixed cost); the whole costs less than two minimum partitions
        long tiny64 = PairCost.PAIR_OVERHEAD + 2L * 64 * 64 * 3;
        assertEquals(16, CostPlan.partitions(2000, 2000 * tiny64, tiny64, 2));
        assertEquals(2, CostPlan.partitions(2000, 2000 * tiny64, tiny64, 2, CostPlan.MIN_PARTITION_COST));
        // 20,000 of them: a few minimum partitions' worth, a multiple of the slots
        int p = CostPlan.partitions(20_000, 20_000 * tiny64, tiny64, 2, CostPlan.MIN_PARTITION_COST);
        assertEquals(20_000 * tiny64 / CostPlan.MIN_PARTITION_COST / 2 * 2, p);
        assertTrue(p > 2 && p < 16, "partitions " + p);
        // costly work keeps the count rule: 200 pairs of 512x512 RGB with ten metrics
        long large10 = PairCost.PAIR_OVERHEAD + 10L * 2 * 512 * 512 * 3;
        assertEquals(CostPlan.partitions(200, 2), CostPlan.partitions(200, 200 * large10, large10, 2,
                CostPlan.MIN_PARTITION_COST));
    }
}
