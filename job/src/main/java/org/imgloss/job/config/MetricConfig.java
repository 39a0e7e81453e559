package org.imgloss.job.config;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricDefinition;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.NearestName;
import org.imgloss.metrics.ParameterException;

/**
 * One entry of {@code metrics}: the output alias, the metric's catalogue name and the parameters
 * as written in the config. Written either as a compact string ({@code ssim(win_size=7) as s7}) or as a
 * mapping ({@code {name: ssim, win_size: 7, as: s7}}, parameters beside {@code name} or under
 * {@code params:}). Kept as plain values so that it can be shipped to Spark executors, where
 * {@link #toSpec()} binds it again.
 *
 * @param alias      output column name (default: the name)
 * @param name       catalogue name
 * @param parameters raw parameter values (YAML scalars or lists), as given
 * @param notes      the kernel's {@link org.imgloss.metrics.PairMetric#notes() notes} on these settings
 *                   (where they are not reference-comparable), found when the config was checked
 */
@JsonClassDescription("a metric name or a mapping with 'name'")
public record MetricConfig(String alias, String name, Map<String, Object> parameters, List<String> notes)
        implements Serializable {

    private static final Pattern COMPACT = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(?:\\((.*)\\))?\\s*(?:\\s[aA][sS]\\s+(\\S+))?\\s*", Pattern.DOTALL);

    public MetricConfig {
        name = name == null ? null : name.trim().toLowerCase(Locale.ROOT);
        alias = alias == null ? name : alias;
        parameters = new LinkedHashMap<>(parameters);
        notes = List.copyOf(notes);
    }

    /** The compact form: {@code name}, {@code name(key=value, ...)}, either followed by {@code as alias}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static MetricConfig parse(String compact) {
        Matcher m = COMPACT.matcher(compact);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a metric name (or name(key=value, ...) as alias), got '"
                    + compact + "'" + NearestName.hint(compact, MetricCatalog.names()));
        }
        Map<String, Object> parameters = new LinkedHashMap<>(MetricSpec.parseOptions(m.group(2)));
        return new MetricConfig(m.group(3), m.group(1), parameters, List.of());
    }

    /** The mapping form; a parameter value is a number, text, boolean or a list of these. */
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static MetricConfig of(@JsonProperty("name") String name, @JsonProperty("as") String alias,
                           @JsonProperty("params") Map<String, Object> params,
                           @JsonAnySetter Map<String, Object> besideName) throws ConfigException {
        if (name == null || name.isBlank()) {
            throw new ConfigException("name: required: the metric's name (see 'imgloss metrics'), got "
                    + (name == null ? "nothing" : "'" + name + "'"));
        }
        List<String> problems = new ArrayList<>();
        Map<String, Object> parameters = new LinkedHashMap<>();
        Objects.requireNonNullElse(besideName, Map.<String, Object>of())
                .forEach((key, value) -> putParameter("", key, value, parameters, problems));
        Objects.requireNonNullElse(params, Map.<String, Object>of())
                .forEach((key, value) -> putParameter("params.", key, value, parameters, problems));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new MetricConfig(alias, name, parameters, List.of());
    }

    private static void putParameter(String prefix, String key, Object value, Map<String, Object> parameters,
                                     List<String> problems) {
        if (value == null || value instanceof Map || value instanceof List<?> list
                && list.stream().anyMatch(item -> item == null || item instanceof Map || item instanceof List)) {
            problems.add(prefix + key + ": must be a number, text, boolean or list of numbers, got "
                    + (value == null ? "nothing" : value instanceof Map ? "a mapping" : "a list"));
        } else {
            parameters.put(key, value);
        }
    }

    @Override
    public Map<String, Object> parameters() {
        return Collections.unmodifiableMap(parameters);
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
        String lower = text.toLowerCase(Locale.ROOT);
        return text.isEmpty() || lower.equals("auto") || lower.equals("ones") ? null : text;
    }

    /**
     * This entry checked against the catalogue: the metric exists and takes these parameters (each checked
     * by {@link MetricDefinition#bind}, then all together by making the kernel once, which also gives its
     * notes). Null, with the problems added under {@code where} ({@code metrics[2]}), when it does not.
     */
    MetricConfig checked(String where, Problems problems) {
        MetricDefinition d;
        try {
            d = MetricCatalog.get(name); // its message names the known metrics, or the jar a metric needs
        } catch (IllegalArgumentException e) {
            problems.add(where + ".name", e.getMessage());
            return null;
        }
        boolean ok = true;
        for (Map.Entry<String, Object> p : parameters.entrySet()) {
            try {
                d.bind(Map.of(p.getKey(), p.getValue()));
            } catch (ParameterException e) {
                problems.add(where + "." + e.getMessage());
                ok = false;
            } catch (IllegalArgumentException e) {
                problems.add(where + "." + p.getKey(), e.getMessage());
                ok = false;
            }
        }
        List<String> kernelNotes = List.of();
        if (ok) {
            // parameters that are only wrong together (e.g. a window size the chosen SSIM variant does not have)
            try {
                kernelNotes = d.create(d.bind(parameters)).notes();
            } catch (ParameterException e) {
                problems.add(where + "." + e.getMessage());
                ok = false;
            } catch (IllegalArgumentException e) {
                problems.add(where, e.getMessage());
                ok = false;
            } catch (RuntimeException | LinkageError e) {
                // not a parameter problem (e.g. a native library that does not load here): the
                // metric reports it per pair as NOT_APPLICABLE
            }
        }
        try {
            new MetricSpec(alias, d, d.bind(Map.of()));
        } catch (ParameterException e) {
            problems.add(where + "." + e.getMessage());
            ok = false;
        }
        return ok ? new MetricConfig(alias, name, parameters, kernelNotes) : null;
    }
}
