package org.imgloss.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One configured metric of a scoring run: an output alias, the metric, and its bound parameters.
 *
 * <p>The compact text form, used by the SQL function {@code score_pair} and by option strings, is
 * a comma-separated list of entries {@code name[(key=value, ...)] [as alias]}, for example
 * {@code "psnr, ssim, ssim(variant=skimage) as ssim_skimage, huber(beta=0.05)"}. The alias
 * defaults to the name; aliases must be unique, lower-case identifiers ({@code [a-z_][a-z0-9_]*}).
 * A list-valued parameter is written with spaces or {@code |} between its numbers:
 * {@code ms_ssim(weights=0.2|0.3|0.5)}.
 *
 * @param alias      the output column / struct field name
 * @param definition the metric
 * @param parameters its validated parameters
 */
public record MetricSpec(String alias, MetricDefinition definition, MetricParameters parameters) {

    private static final Pattern ALIAS = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern ENTRY = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(?:\\((.*)\\))?\\s*(?:\\s[aA][sS]\\s+([^\\s]+))?\\s*", Pattern.DOTALL);

    public MetricSpec {
        if (!ALIAS.matcher(alias).matches()) {
            throw new ParameterException("as", "an alias must match [a-z_][a-z0-9_]*, got '" + alias + "'");
        }
    }

    /** The metric under its own name with these raw parameters. */
    public static MetricSpec of(String name, Map<String, ?> rawParameters) {
        MetricDefinition d = MetricCatalog.get(name);
        return new MetricSpec(name, d, d.bind(rawParameters));
    }

    /** The metric with defaults under its own name. */
    public static MetricSpec of(String name) {
        return of(name, Map.of());
    }

    /** The same metric and parameters under another alias. */
    public MetricSpec as(String newAlias) {
        return new MetricSpec(newAlias, definition, parameters);
    }

    /** A new kernel for this spec (one per thread or partition: kernels reuse buffers). */
    public PairMetric newKernel() {
        return definition.create(parameters);
    }

    /**
     * Parses the compact text form (see the class comment).
     *
     * @throws IllegalArgumentException naming the entry and the problem, for syntax errors,
     *                                  unknown metrics, bad parameters or duplicate aliases
     */
    public static List<MetricSpec> parseList(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("metric spec is empty: name at least one metric, e.g. 'psnr, ssim'");
        }
        List<MetricSpec> specs = new ArrayList<>();
        Set<String> aliases = new HashSet<>();
        List<String> entries = splitTopLevel(text, ',');
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            MetricSpec spec;
            try {
                spec = parseEntry(entry);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("metrics[" + i + "] '" + entry.trim() + "': " + e.getMessage(), e);
            }
            if (!aliases.add(spec.alias())) {
                throw new IllegalArgumentException("metrics[" + i + "] '" + entry.trim() + "': alias '" + spec.alias()
                        + "' is used twice; add 'as <alias>' to tell them apart");
            }
            specs.add(spec);
        }
        return List.copyOf(specs);
    }

    /**
     * Parses a compact option string {@code "key=value, key=value"} into raw text values. Lists use
     * spaces or {@code |} between numbers. Keys are lower-cased.
     */
    public static Map<String, String> parseOptions(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : splitTopLevel(text, ',')) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("option '" + part.trim() + "' must be key=value");
            }
            String key = part.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT);
            String value = part.substring(eq + 1).trim();
            if (out.put(key, value) != null) {
                throw new IllegalArgumentException("option '" + key + "' is given twice");
            }
        }
        return out;
    }

    private static MetricSpec parseEntry(String entry) {
        Matcher m = ENTRY.matcher(entry);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected name[(key=value, ...)] [as alias]");
        }
        String name = m.group(1).toLowerCase(java.util.Locale.ROOT);
        Map<String, String> raw = parseOptions(m.group(2));
        MetricDefinition d = MetricCatalog.get(name);
        String alias = m.group(3) == null ? name : m.group(3);
        return new MetricSpec(alias, d, d.bind(raw));
    }

    /** Splits at {@code sep} outside parentheses and brackets. */
    static List<String> splitTopLevel(String text, char sep) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == sep && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("unbalanced parentheses in '" + text + "'");
        }
        parts.add(text.substring(start));
        parts.removeIf(String::isBlank);
        return parts;
    }

    /** The compact text form of this entry, which {@link #parseList} reads back. */
    public String toSpecString() {
        StringBuilder sb = new StringBuilder(definition.name()).append('(');
        boolean first = true;
        for (Map.Entry<String, Object> e : parameters.asMap().entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            sb.append(first ? "" : ", ").append(e.getKey()).append('=');
            if (e.getValue() instanceof double[] list) {
                for (int i = 0; i < list.length; i++) {
                    sb.append(i == 0 ? "" : "|").append(list[i]);
                }
            } else {
                sb.append(e.getValue());
            }
            first = false;
        }
        return sb.append(") as ").append(alias).toString();
    }
}
