package org.imgloss.job.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems found in one config, each {@code field.path: what is wrong, got value}, collected so that
 * every one is reported at once. Also the two checks every section makes of its text values.
 */
final class Problems {

    private final List<String> lines = new ArrayList<>();

    void add(String field, String problem) {
        lines.add(field + ": " + problem);
    }

    /** A problem already written as {@code field: problem}. */
    void add(String line) {
        lines.add(line);
    }

    /** How many problems there are so far. */
    int count() {
        return lines.size();
    }

    void addAll(List<String> more) {
        lines.addAll(more);
    }

    /**
     * Whether a problem names this field, a field inside it, or a value that holds it (then "required" would
     * only repeat it): {@code metrics[0].name} has one when {@code metrics[0]} could not be read.
     */
    boolean has(String field) {
        return lines.stream().map(line -> line.substring(0, Math.max(0, line.indexOf(": "))))
                .anyMatch(at -> within(at, field) || within(field, at));
    }

    private static boolean within(String outer, String inner) {
        return inner.equals(outer) || inner.startsWith(outer + ".") || inner.startsWith(outer + "[");
    }

    /** A text value, trimmed; an empty one is a problem. Null when absent or empty. */
    String text(String field, String value) {
        if (value != null && value.isBlank()) {
            add(field, "must not be empty");
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** A text value that must be there ({@code why} follows "required"), trimmed; null when it is not. */
    String required(String field, String value, String why) {
        if (value == null && !has(field)) {
            add(field, "required" + why);
        }
        return text(field, value);
    }

    void throwIfAny() throws ConfigException {
        if (!lines.isEmpty()) {
            throw new ConfigException(lines);
        }
    }
}
