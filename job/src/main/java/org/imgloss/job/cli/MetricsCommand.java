package org.imgloss.job.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricDefinition;
import org.imgloss.metrics.Parameter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code imgloss metrics}: every metric with whether higher or lower is better, the reference it
 * agrees with and to what tolerance, and its parameters with their defaults, and one line naming
 * the metrics of an optional jar (imgloss-perceptual) when that jar is not on the class path. Long
 * texts are wrapped at {@value #WIDTH} columns.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Lists every metric: what it computes, whether higher or lower is better, its range, the reference "
                + "it agrees with and to what tolerance, and its parameters with their defaults.")
public final class MetricsCommand implements Callable<Integer> {

    static final int WIDTH = 100;
    private static final String INDENT = "    ";
    private static final String PARAMETER_INDENT = "      ";
    /** Continuation lines of a labelled field start under its text. */
    private static final String LABELLED = INDENT + " ".repeat("agrees with: ".length());

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (MetricCatalog.all().isEmpty()) {
            out.println("(the metric catalogue is empty in this build)");
        }
        boolean first = true;
        for (MetricDefinition d : MetricCatalog.all()) {
            if (!first) {
                out.println();
            }
            first = false;
            print(out, d.name() + " - ", INDENT, d.summary());
            print(out, INDENT + "better:      ", LABELLED, d.better().label());
            if (!d.range().isBlank()) {
                print(out, INDENT + "range:       ", LABELLED, d.range());
            }
            if (!d.reference().isBlank()) {
                print(out, INDENT + "agrees with: ", LABELLED, d.reference());
            }
            if (!d.tolerance().isBlank()) {
                print(out, INDENT + "tolerance:   ", LABELLED, d.tolerance());
            }
            if (d.parameters().isEmpty()) {
                out.println(INDENT + "parameters:  none");
                continue;
            }
            out.println(INDENT + "parameters:");
            for (Parameter p : d.parameters()) {
                print(out, PARAMETER_INDENT, PARAMETER_INDENT + INDENT, parameterLine(p));
            }
        }
        // metrics of optional jars that are not on the class path: one line per jar
        Map<String, List<String>> byJar = new LinkedHashMap<>();
        MetricCatalog.missingJars().forEach((metric, jar) -> byJar.computeIfAbsent(jar, j -> new ArrayList<>()).add(metric));
        byJar.forEach((jar, metrics) -> out.println(String.join(", ", metrics) + " - not available: "
                + (metrics.size() == 1 ? "it needs" : "they need") + " the " + jar + " jar on the class path"
                + " (spark-submit --jars; job/bin/imgloss adds it when it is built, see the README)"));
        out.flush();
        return ExitCodes.OK;
    }

    private static String parameterLine(Parameter p) {
        StringBuilder sb = new StringBuilder(p.name()).append(" (")
                .append(p.kind().name().toLowerCase(Locale.ROOT));
        if (!p.choices().isEmpty()) {
            sb.append(": ").append(String.join(" | ", p.choices()));
        }
        sb.append(", default ").append(p.defaultText()).append(')');
        if (p.checkMessage() != null) {
            sb.append(", ").append(p.checkMessage());
        }
        if (p.description() != null && !p.description().isBlank()) {
            sb.append(": ").append(p.description());
        }
        return sb.toString();
    }

    /**
     * Prints {@code first + text}, the text wrapped at word boundaries to {@link #WIDTH} columns,
     * continuation lines starting with {@code hanging}.
     */
    static void print(PrintWriter out, String first, String hanging, String text) {
        StringBuilder line = new StringBuilder(first);
        int lineStart = line.length();
        for (String word : text.trim().split("\\s+")) {
            if (line.length() > lineStart && line.length() + 1 + word.length() > WIDTH) {
                out.println(line);
                line = new StringBuilder(hanging);
                lineStart = line.length();
            } else if (line.length() > lineStart) {
                line.append(' ');
            }
            line.append(word);
        }
        out.println(line);
    }
}
