package org.imgloss.job.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The {@code output} section.
 *
 * @param path     folder that holds the tables {@code scores}, {@code summary} and {@code runs}
 * @param format   delta (default) | parquet | csv | json
 * @param metamers {@code output.metamers}, or null for none
 * @param catalog  {@code output.catalog}: the tables also in Spark's catalog, or null
 * @param jdbc     {@code output.jdbc}: tables copied to a database, or null
 */
public record OutputConfig(@JsonProperty("path") String path, @JsonProperty("format") OutputFormat format,
                           @JsonProperty("metamers") Metamers metamers,
                           @JsonProperty("catalog") CatalogConfig catalog,
                           @JsonProperty("jdbc") JdbcConfig jdbc) {

    /**
     * {@code output.metamers}: the metamers of a {@code metamer_mse} metric written as 16-bit PNGs under
     * {@code <path>/metamers/run_id=<id>/}.
     *
     * @param enabled whether to write them (default true once the section is there)
     * @param metric  the alias of the {@code metamer_mse} metric; may be left out when there is one
     */
    public record Metamers(@JsonProperty("enabled") Boolean enabled, @JsonProperty("metric") String metric) {
        public Metamers {
            enabled = enabled == null || enabled;
        }
    }

    public OutputConfig {
        format = Objects.requireNonNullElse(format, OutputFormat.DELTA);
    }

    /** Alias of the {@code metamer_mse} metric whose metamers are written, or null for none. */
    public String metamerMetric() {
        return metamers == null || !metamers.enabled() ? null : metamers.metric();
    }

    /** Location of one table. */
    public String table(String tableName) {
        return path.endsWith("/") ? path + tableName : path + "/" + tableName;
    }

    /**
     * The section with the path resolved and the metamer metric named; {@code metrics} are the valid ones,
     * {@code env} the environment that {@code jdbc.password_env} is read from.
     */
    OutputConfig checked(Locations at, List<MetricConfig> metrics, Function<String, String> env, Problems problems) {
        String folder = problems.required("output.path", path,
                ": the folder that will hold the scores, summary and runs tables");
        return new OutputConfig(at.folderToWrite("output.path", folder, problems), format,
                metamers == null || !metamers.enabled() ? null : new Metamers(true, metamerMetric(metrics, problems)),
                catalog == null ? null : catalog.checked(problems), jdbc == null ? null : jdbc.checked(env, problems));
    }

    private String metamerMetric(List<MetricConfig> metrics, Problems problems) {
        List<String> aliases = metrics.stream().filter(m -> m.name().equals("metamer_mse")).map(MetricConfig::alias)
                .toList();
        String metric = problems.text("output.metamers.metric", metamers.metric());
        if (metric == null && aliases.size() == 1) {
            return aliases.get(0);
        } else if (metric == null && !problems.has("output.metamers.metric")) {
            problems.add("output.metamers.metric", aliases.isEmpty()
                    ? "writing metamers needs a metamer_mse metric in metrics (none is configured)"
                    : "several metamer_mse metrics (" + String.join(", ", aliases) + "): name the one whose metamers"
                    + " to write");
        } else if (metric != null && !aliases.contains(metric)) {
            problems.add("output.metamers.metric", "'" + metric + "' is not the alias of a metamer_mse metric"
                    + " (metamer_mse aliases: " + (aliases.isEmpty() ? "none" : String.join(", ", aliases)) + ")");
        }
        return metric;
    }
}
