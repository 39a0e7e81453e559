package org.imgloss.job.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code report} section: the HTML report each run writes under
 * {@code <output.path>/report/run_id=<id>/report.html}.
 *
 * @param enabled   whether a run writes it (default true; {@code imgloss report} writes one either way)
 * @param worst     the worst pairs shown per metric, as images (default 8, 0 to 50)
 * @param trendRuns how many earlier runs of the same name the trends show (default 30, 1 to 1000)
 */
public record ReportConfig(@JsonProperty("enabled") Boolean enabled, @JsonProperty("worst") Integer worst,
                           @JsonProperty("trend_runs") Integer trendRuns) {

    private static final int DEFAULT_WORST = 8;
    private static final int DEFAULT_TREND_RUNS = 30;

    /** The largest {@code worst}: every pair shown costs four thumbnails in the file. */
    public static final int MAX_WORST = 50;
    public static final int MAX_TREND_RUNS = 1000;

    /** The defaults, as a config without a {@code report} section gets them. */
    public static final ReportConfig DEFAULT = new ReportConfig(true, DEFAULT_WORST, DEFAULT_TREND_RUNS);

    public ReportConfig {
        enabled = enabled == null || enabled;
        worst = worst == null ? DEFAULT_WORST : worst;
        trendRuns = trendRuns == null ? DEFAULT_TREND_RUNS : trendRuns;
    }

    ReportConfig checked(Problems problems) {
        if (worst < 0 || worst > MAX_WORST) {
            problems.add("report.worst", "must be 0 to " + MAX_WORST + " (pairs shown per metric), got " + worst);
        }
        if (trendRuns < 1 || trendRuns > MAX_TREND_RUNS) {
            problems.add("report.trend_runs", "must be 1 to " + MAX_TREND_RUNS + " (earlier runs in the trends), got "
                    + trendRuns);
        }
        return this;
    }
}
