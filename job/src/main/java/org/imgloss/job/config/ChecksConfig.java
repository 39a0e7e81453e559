package org.imgloss.job.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code checks} section: the list of {@link CheckConfig} entries as written, and once
 * {@link #checked}, the {@link Check}s they are (without the built-in ones, see {@link Check#withBuiltIns}).
 *
 * @param entries the entries as bound (null ones where an entry could not be read)
 * @param texts   each entry as written in the YAML, keys in their order ({@link #withTexts}), or empty
 * @param checks  the valid checks, in order; empty until checked
 */
public record ChecksConfig(List<CheckConfig> entries, List<String> texts, List<Check> checks) {

    public ChecksConfig {
        entries = entries == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(entries));
        texts = texts == null ? List.of() : List.copyOf(texts);
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** A section left out: no checks besides the built-in ones. */
    public ChecksConfig() {
        this(List.of(), List.of(), List.of());
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ChecksConfig of(List<CheckConfig> entries) {
        return new ChecksConfig(entries, List.of(), List.of());
    }

    /** With each entry's text as written: {@code node} is the {@code checks} list of the YAML tree. */
    ChecksConfig withTexts(JsonNode node) {
        List<String> written = new ArrayList<>();
        if (node != null && node.isArray() && node.size() == entries.size()) {
            node.forEach(entry -> written.add(flow(entry)));
        }
        return new ChecksConfig(entries, written, checks);
    }

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]*");

    /** A YAML value on one line, as a flow mapping / sequence: {@code {metric: ssim, aggregate: p05, ">=": 0.85}}. */
    static String flow(JsonNode node) {
        if (node.isObject()) {
            List<String> parts = new ArrayList<>();
            node.fields().forEachRemaining(e -> parts.add(scalar(e.getKey()) + ": " + flow(e.getValue())));
            return "{" + String.join(", ", parts) + "}";
        }
        if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            node.forEach(item -> parts.add(flow(item)));
            return "[" + String.join(", ", parts) + "]";
        }
        return node.isTextual() ? scalar(node.asText()) : node.asText();
    }

    private static String scalar(String text) {
        return PLAIN.matcher(text).matches() ? text
                : "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * Every entry checked against the metric aliases (of every metric entry, valid or not: a metric's own
     * problem is reported once, at the metric) and {@code input.group_by}.
     */
    ChecksConfig checked(List<MetricConfig> metrics, List<String> groupBy, Problems problems) {
        Set<String> aliases = new LinkedHashSet<>();
        if (metrics != null) {
            metrics.stream().filter(java.util.Objects::nonNull).forEach(m -> aliases.add(m.alias()));
        }
        List<Check> valid = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String at = "checks[" + i + "]";
            CheckConfig entry = entries.get(i);
            if (entry == null) {
                if (!problems.has(at)) {
                    problems.add(at, "must be a mapping such as {metric: ssim, aggregate: p05, \">=\": 0.85}");
                }
                continue;
            }
            Check c = entry.checked(at, i < texts.size() ? texts.get(i) : entry.written(), aliases, groupBy, problems);
            if (c != null) {
                valid.add(c);
            }
        }
        return new ChecksConfig(entries, texts, valid);
    }
}
