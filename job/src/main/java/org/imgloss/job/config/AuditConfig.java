package org.imgloss.job.config;

import java.util.List;

/**
 * A validated audit configuration, built once by {@link ConfigLoader} before Spark starts.
 *
 * @param name    dataset / audit name, written to every output row
 * @param runId   the run's id (resolved: {@code auto} became a UTC timestamp)
 * @param spark   Spark master and settings
 * @param input   where the pairs come from and how they are decoded
 * @param metrics the metrics to score, in output order, aliases unique
 * @param output  where and how the tables are written
 * @param yaml    the effective configuration (overrides applied) as YAML, for the runs table
 */
public record AuditConfig(String name, String runId, SparkSettings spark, InputConfig input,
                          List<MetricConfig> metrics, OutputConfig output, String yaml) {

    public AuditConfig {
        metrics = List.copyOf(metrics);
    }
}
