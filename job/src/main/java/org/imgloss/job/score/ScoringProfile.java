package org.imgloss.job.score;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;
import org.imgloss.job.config.MetricConfig;
import org.imgloss.scoring.ScoringTimes;

/**
 * Where a run's scoring time goes ({@code imgloss run --profile}): the scoring tasks add the
 * nanoseconds they spend reading bytes, decoding, checking pairs, in each metric, and in the rest
 * of {@link PairScorer} (masks, building rows) to Spark accumulators; {@link #report} turns them into
 * seconds per pair, and charges the rest of the task slots' time during scoring (wall time × slots,
 * minus what the tasks measured) to Spark: scheduling, the scores' caching and writing, idle slots.
 */
public final class ScoringProfile implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final List<String> STEPS = List.of("read", "decode", "checks", "rows", "spark", "total");

    private final LongAccumulator read;
    private final LongAccumulator decode;
    private final LongAccumulator check;
    private final LongAccumulator scorer;
    private final List<LongAccumulator> metrics = new ArrayList<>();
    private final List<String> aliases = new ArrayList<>();

    /** Registers the accumulators of a run with these metrics. */
    public ScoringProfile(SparkContext sc, List<MetricConfig> metricConfigs) {
        read = sc.longAccumulator("imgloss profile read");
        decode = sc.longAccumulator("imgloss profile decode");
        check = sc.longAccumulator("imgloss profile checks");
        scorer = sc.longAccumulator("imgloss profile scorer");
        for (MetricConfig m : metricConfigs) {
            metrics.add(sc.longAccumulator("imgloss profile " + m.alias()));
            aliases.add(STEPS.contains(m.alias()) ? "metric " + m.alias() : m.alias());
        }
    }

    /** Task side: adds one pair's times (and clears {@code times}). */
    void add(long readNanos, ScoringTimes times, long pairNanos) {
        long measured = readNanos + times.decodeNanos() + times.checkNanos();
        read.add(readNanos);
        decode.add(times.decodeNanos());
        check.add(times.checkNanos());
        for (int i = 0; i < times.metrics(); i++) {
            metrics.get(i).add(times.metricNanos(i));
            measured += times.metricNanos(i);
        }
        scorer.add(Math.max(0, pairNanos - measured));
        times.clear();
    }

    /**
     * Seconds per pair of each step, in order: {@code read}, {@code decode}, {@code checks}, each
     * metric by alias, {@code rows} (the rest of the scoring task: masks, rows), {@code spark} (the
     * slots' remaining time), and {@code total} (wall time × slots per pair).
     *
     * @param slots task slots the run had (e.g. 2 for local[2])
     */
    public Map<String, Double> report(long pairs, double wallSeconds, int slots) {
        Map<String, Double> out = new LinkedHashMap<>();
        double n = Math.max(1, pairs);
        double measured = 0;
        measured += put(out, "read", read, n);
        measured += put(out, "decode", decode, n);
        measured += put(out, "checks", check, n);
        for (int i = 0; i < metrics.size(); i++) {
            measured += put(out, aliases.get(i), metrics.get(i), n);
        }
        measured += put(out, "rows", scorer, n);
        double total = wallSeconds * slots / n;
        out.put("spark", Math.max(0, total - measured));
        out.put("total", total);
        return out;
    }

    /** The report as console lines: one per step, seconds and share of the total. */
    public static List<String> lines(Map<String, Double> report, int slots) {
        List<String> lines = new ArrayList<>();
        double total = report.getOrDefault("total", 0.0);
        lines.add(String.format(Locale.ROOT, "profile: seconds per pair (task-slot time over %d slot(s))", slots));
        for (Map.Entry<String, Double> e : report.entrySet()) {
            String what = switch (e.getKey()) {
                case "read" -> "reading the two files";
                case "decode" -> "decoding both images";
                case "checks" -> "sizes, decode options, finiteness";
                case "rows" -> "masks and building the row";
                case "spark" -> "Spark: scheduling, caching and writing the scores, idle slots";
                case "total" -> "wall time x slots / pairs";
                default -> "metric";
            };
            lines.add(String.format(Locale.ROOT, "  %-22s %9.5f s %5.1f%%  %s", e.getKey(), e.getValue(),
                    total > 0 ? 100 * e.getValue() / total : 0.0, what));
        }
        return lines;
    }

    private static double put(Map<String, Double> out, String key, LongAccumulator acc, double pairs) {
        double s = acc.value() / 1e9 / pairs;
        out.put(key, s);
        return s;
    }
}
