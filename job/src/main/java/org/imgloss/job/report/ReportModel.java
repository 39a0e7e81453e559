package org.imgloss.job.report;

import java.util.List;
import java.util.Map;

/**
 * Everything the report page shows, as plain values: {@link ReportData} fills it from the audit
 * history (and {@link Thumbnails} adds the images), {@link ReportPage} renders it. Tests build one
 * directly. Strings are as the user wrote them (keys, paths, group values, config text, messages):
 * the page escapes them.
 *
 * @param facts       the run's row of the {@code runs} table
 * @param verdict     the checks' outcome
 * @param metrics     one section per metric: histogram and per-group aggregates
 * @param trends      the checked aggregates over the earlier runs
 * @param worst       the worst pairs of each metric, with thumbnails
 * @param regressions the pairs that got worse since the compared run
 * @param failures    the failed pairs grouped by error code
 */
public record ReportModel(Facts facts, Verdict verdict, List<MetricSection> metrics, List<Trend> trends,
                          List<WorstList> worst, Regressions regressions, List<FailureGroup> failures) {

    /** The run as the {@code runs} table has it; durations in seconds, null when unknown. */
    public record Facts(String name, String runId, String startTime, String endTime, String inputType,
                        String inputLocation, String decode, long pairsIn, long pairsScored, long pairsFailed,
                        Double durationSeconds, Double scoringSeconds, Double pairsPerSecond, String softwareVersion,
                        String sparkVersion, String configYaml) {
    }

    /** How a check came out: {@value #PASSED}, {@value #FAILED} or {@value #SKIPPED}. */
    public static final String PASSED = "passed";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";
    /** The verdict of a run without checks. */
    public static final String NO_CHECKS = "no checks";

    /**
     * The verdict: {@code passed}, {@code failed}, or {@value #NO_CHECKS}; the checks in the order the
     * page shows them (failed errors first, then failed warnings, skipped, passed).
     */
    public record Verdict(String status, List<Check> checks, String note) {
        public Verdict {
            checks = Checks.pageOrder(checks);
        }

        public long count(String outcome) {
            return checks.stream().filter(c -> c.status().equals(outcome)).count();
        }
    }

    /** One row of the {@code checks} table. {@code group} is {@code k=v, ...}, empty when not per group. */
    public record Check(String check, String metric, String aggregate, String group, String level, Double observed,
                        String threshold, String comparedRunId, String status, String message) {
    }

    /** A metric's section: its histogram and its aggregates per group. */
    public record MetricSection(String alias, String name, String better, Histogram histogram,
                                List<GroupRow> groups) {
    }

    /**
     * The pair values of one metric in bins ({@code edges} has one more entry than {@code counts}),
     * with p05, p50, p95 over all finite values; {@code infinite} values are counted apart.
     */
    public record Histogram(double[] edges, long[] counts, Double p05, Double p50, Double p95, long infinite,
                            long missing) {
    }

    /** One row of the {@code summary} table: a group (empty label without group_by) and a metric. */
    public record GroupRow(String group, long pairs, long count, long errors, Double mean, Double stddev, Double min,
                           Double p05, Double p50, Double p95, Double max) {
    }

    /** One checked aggregate over runs (oldest first) with its threshold numbers (1 or 2, or none). */
    public record Trend(String check, String group, List<TrendPoint> points, List<Double> thresholds) {
    }

    public record TrendPoint(String runId, String time, Double observed, String status) {
    }

    /** A metric's worst pairs, worst first. */
    public record WorstList(String alias, String better, List<WorstPair> pairs) {
    }

    /**
     * One pair: its key, group values, every metric's value (alias to value, in config order) and its
     * thumbnails (null when they could not be made; {@link Thumbs#note} says why).
     */
    public record WorstPair(String key, Map<String, String> groups, Map<String, Double> scores, Thumbs thumbs) {
    }

    /**
     * The pair's pictures as {@code data:} URIs (null when not made): reconstruction, original,
     * absolute-error heatmap (0 to {@code errorMax}), and the SSIM map of metric {@code ssimMetric}
     * (null without one). {@code note} tells what was not made and why, or is null.
     */
    public record Thumbs(String reconstruction, String original, String error, double errorMax, String ssim,
                         String ssimMetric, int width, int height, String note) {
    }

    /** The {@code regressions} rows of the run, largest change first ({@code present}: the table exists). */
    public record Regressions(boolean present, long total, List<Regression> rows) {
    }

    public record Regression(String key, String metric, Double value, Double comparedValue, Double change,
                             Double relativeChange, String comparedRunId) {
    }

    /** Failed pairs of one error code, with its meaning and a few examples. */
    public record FailureGroup(String code, String meaning, long count, List<FailureExample> examples) {
    }

    public record FailureExample(String key, String message) {
    }
}
