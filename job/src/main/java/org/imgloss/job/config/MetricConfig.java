package org.imgloss.job.config;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricDefinition;
import org.imgloss.metrics.MetricSpec;

/**
 * One entry of {@code metrics}: the output alias, the metric's catalogue name and the parameters
 * as written in the config. Already validated by {@link ConfigLoader}; kept as plain values so that
 * it can be shipped to Spark executors, where {@link #toSpec()} binds it again.
 *
 * @param alias      output column name
 * @param name       catalogue name
 * @param parameters raw parameter values (YAML scalars or lists), as given
 * @param notes      the kernel's {@link org.imgloss.metrics.PairMetric#notes() notes} on these settings
 *                   (where they are not reference-comparable), found when the config was validated
 */
public record MetricConfig(String alias, String name, Map<String, Object> parameters, List<String> notes)
        implements Serializable {

    public MetricConfig {
        parameters = new LinkedHashMap<>(parameters);
        notes = List.copyOf(notes);
    }

    @Override
    public Map<String, Object> parameters() {
        return java.util.Collections.unmodifiableMap(parameters);
    }

    public MetricDefinition definition() {
        return MetricCatalog.get(name);
    }

    /** The bound spec: metric, validated parameters with defaults, alias. */
    public MetricSpec toSpec() {
        MetricDefinition d = definition();
        return new MetricSpec(alias, d, d.bind(parameters));
    }

    /**
     * The carried column holding this metric's mask image path: the {@code mask} parameter of
     * {@code enl} / {@code enl_loss} when it is neither {@code auto} nor {@code ones}; else null.
     */
    public String maskColumn() {
        if (!name.equals("enl") && !name.equals("enl_loss")) {
            return null;
        }
        Object v = parameters.get("mask");
        if (v == null) {
            return null;
        }
        String text = String.valueOf(v).trim();
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        return text.isEmpty() || lower.equals("auto") || lower.equals("ones") ? null : text;
    }
}
