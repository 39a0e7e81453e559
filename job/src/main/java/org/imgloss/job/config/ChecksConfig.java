package org.imgloss.job.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code checks} section: the list of {@link CheckConfig} entries as written, and once
 * {@link #checked}, the {@link Check}s they are (without the built-in ones, see {@link Check#withBuiltIns}).
 *
 * @param entries the entries as written (null ones where an entry could not be read)
 * @param checks  the valid checks, in order; empty until checked
 */
public record ChecksConfig(List<CheckConfig> entries, List<Check> checks) {

    public ChecksConfig {
        entries = entries == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(entries));
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** A section left out: no checks besides the built-in ones. */
    public ChecksConfig() {
        this(List.of(), List.of());
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ChecksConfig of(List<CheckConfig> entries) {
        return new ChecksConfig(entries, List.of());
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
            Check c = entry.checked(at, aliases, groupBy, problems);
            if (c != null) {
                valid.add(c);
            }
        }
        return new ChecksConfig(entries, valid);
    }
}
