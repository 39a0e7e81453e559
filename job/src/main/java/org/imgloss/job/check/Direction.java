package org.imgloss.job.check;

import java.util.List;
import org.imgloss.job.config.Check;
import org.imgloss.job.config.CheckConfig;
import org.imgloss.job.config.MetricConfig;
import org.imgloss.metrics.MetricDefinition.Better;

/**
 * Which way an aggregate gets worse, so that a "drop" is always a change for the worse. A metric's
 * values follow the catalogue ({@link org.imgloss.metrics.MetricDefinition#better()}: higher is better
 * for ssim and psnr, lower for losses; a metric with neither direction is read as higher-is-better, so a
 * drop is a fall of the value). Then {@code stddev}, {@code error_rate} and {@code failed} are better
 * lower, {@code count} and {@code scored} higher, and {@code fraction_below(x)} is better lower when
 * the metric is better higher (and the other way round); {@code fraction_above(x)} the opposite.
 */
enum Direction {
    HIGHER_IS_BETTER, LOWER_IS_BETTER;

    static Direction of(Check check, List<MetricConfig> metrics) {
        Direction values = values(check.metric(), metrics);
        if (check.aggregate() == null) {
            return values; // per pair: the values themselves
        }
        return switch (check.aggregate().name()) {
            case "stddev", "error_rate", "failed" -> LOWER_IS_BETTER;
            case "count", "scored" -> HIGHER_IS_BETTER;
            case "fraction_below" -> values.opposite();
            default -> values; // mean, min, max, percentiles, fraction_above
        };
    }

    private static Direction values(String metric, List<MetricConfig> metrics) {
        if (metric.equals(CheckConfig.PAIRS)) {
            return HIGHER_IS_BETTER;
        }
        for (MetricConfig m : metrics) {
            if (m.alias().equals(metric)) {
                return m.definition().better() == Better.LOWER ? LOWER_IS_BETTER : HIGHER_IS_BETTER;
            }
        }
        return HIGHER_IS_BETTER;
    }

    Direction opposite() {
        return this == HIGHER_IS_BETTER ? LOWER_IS_BETTER : HIGHER_IS_BETTER;
    }

    /**
     * How much worse {@code value} is than {@code compared}: positive when it got worse, negative when
     * better, 0 when equal (also both infinite, e.g. the PSNR of identical images in both runs).
     */
    double worsening(double value, double compared) {
        if (value == compared) {
            return 0;
        }
        return this == HIGHER_IS_BETTER ? compared - value : value - compared;
    }
}
