package org.imgloss.job.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One checked entry of {@code checks}: what to measure, the threshold, what to compare with.
 *
 * @param written     the check as written in the config ({@code {metric: ssim, aggregate: p05, ">=": 0.85}})
 * @param metric      a metric alias, or {@link CheckConfig#PAIRS}
 * @param aggregate   what is measured over the pairs; null for a per-pair check
 * @param threshold   the limit: an absolute bound, or a change limit when {@code comparison} is there
 * @param comparison  the runs compared with, or null
 * @param perGroup    one outcome per value of {@code input.group_by}
 * @param where       a SQL predicate on the scores' columns restricting the pairs, or null
 * @param perPair     compare each pair by {@code key} with the compared run
 * @param maxPairs    per pair: how many pairs may regress before the check fails
 * @param level       how a failure counts
 * @param onMissing   what a comparison without a run to compare with is
 * @param builtIn     one of the checks every run makes (see {@link #withBuiltIns})
 */
public record Check(String written, String metric, Aggregate aggregate, Threshold threshold, Comparison comparison,
                    boolean perGroup, String where, boolean perPair, long maxPairs, Level level, OnMissing onMissing,
                    boolean builtIn) {

    /** Aggregates of a metric's values (besides {@code fraction_below(x)} and {@code fraction_above(x)}). */
    public static final List<String> METRIC_AGGREGATES =
            List.of("mean", "stddev", "min", "max", "p01", "p05", "p50", "p95", "p99", "count", "error_rate");
    /** Aggregates of {@code _pairs}. */
    public static final List<String> PAIRS_AGGREGATES = List.of("count", "scored", "failed", "error_rate");

    Check(String written, String metric, Aggregate aggregate, Threshold threshold, Comparison comparison,
          boolean perGroup, String where, boolean perPair, long maxPairs, Level level, OnMissing onMissing) {
        this(written, metric, aggregate, threshold, comparison, perGroup, where, perPair, maxPairs, level, onMissing,
                false);
    }

    /** The same check over all pairs at once (not per group). */
    public Check withoutGroups() {
        return new Check(written, metric, aggregate, threshold, comparison, false, where, perPair, maxPairs, level,
                onMissing, builtIn);
    }

    /** How a failed check counts: an error fails the run (exit code 3), a warning only with {@code --fail-on warning}. */
    public enum Level {
        ERROR, WARNING;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code on_missing_baseline}: a comparison without a run to compare with is skipped, or fails. */
    public enum OnMissing {
        SKIP, FAIL;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The runs {@code compare_to} names. */
    public enum Compare { PREVIOUS, BASELINE, LAST_N }

    /**
     * @param name {@code mean}, ..., {@code fraction_below}, {@code fraction_above}
     * @param x    the argument of {@code fraction_below(x)} / {@code fraction_above(x)}, else null
     */
    public record Aggregate(String name, Double x) {
        @Override
        public String toString() {
            return x == null ? name : name + "(" + CheckConfig.number(x) + ")";
        }
    }

    /**
     * @param kind  previous, baseline or last_n
     * @param runId the baseline's run id, else null
     * @param n     how many runs (1 unless last_n)
     */
    public record Comparison(Compare kind, String runId, int n) {
        @Override
        public String toString() {
            return switch (kind) {
                case PREVIOUS -> "previous";
                case BASELINE -> "baseline(" + runId + ")";
                case LAST_N -> "last_n(" + n + ")";
            };
        }
    }

    /**
     * @param op    {@code >=}, {@code >}, {@code <=}, {@code <}, {@code between}, {@code max_drop},
     *              {@code max_rise}, {@code max_relative_drop} or {@code max_zscore}
     * @param value the bound or limit ({@code lo} for between)
     * @param high  {@code hi} for between, else null
     */
    public record Threshold(String op, double value, Double high) {

        /** Whether {@code observed} is within an absolute threshold. */
        public boolean holds(double observed) {
            return switch (op) {
                case ">=" -> observed >= value;
                case ">" -> observed > value;
                case "<=" -> observed <= value;
                case "<" -> observed < value;
                case "between" -> observed >= value && observed <= high;
                default -> throw new IllegalStateException(op + " is a change limit");
            };
        }

        @Override
        public String toString() {
            return op.equals("between") ? "between [" + CheckConfig.number(value) + ", " + CheckConfig.number(high)
                    + "]" : op + " " + CheckConfig.number(value);
        }
    }

    /**
     * The checks a run makes: every run needs a pair in and a pair scored
     * ({@code {metric: _pairs, aggregate: count, ">=": 1}}, {@code {metric: _pairs, aggregate: scored, ">=": 1}},
     * error level), unless the config has its own check of that {@code _pairs} aggregate, then the configured
     * checks in order.
     */
    public static List<Check> withBuiltIns(List<Check> configured) {
        List<Check> all = new ArrayList<>();
        for (String agg : List.of("count", "scored")) {
            boolean own = configured.stream().anyMatch(c -> c.metric().equals(CheckConfig.PAIRS)
                    && c.aggregate() != null && c.aggregate().name().equals(agg));
            if (!own) {
                all.add(new Check("{metric: _pairs, aggregate: " + agg + ", \">=\": 1}", CheckConfig.PAIRS,
                        new Aggregate(agg, null), new Threshold(">=", 1, null), null, false, null, false, 0,
                        Level.ERROR, OnMissing.SKIP, true));
            }
        }
        all.addAll(configured);
        return all;
    }
}
