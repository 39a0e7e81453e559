package org.imgloss.job.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricDefinition;
import org.imgloss.metrics.Parameter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code imgloss metrics}: every metric with its parameters and defaults, and one line naming the
 * metrics of an optional jar (imgloss-perceptual) when that jar is not on the class path.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Lists every metric with its parameters and their defaults.")
public final class MetricsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (MetricCatalog.all().isEmpty()) {
            out.println("(the metric catalogue is empty in this build)");
        }
        for (MetricDefinition d : MetricCatalog.all()) {
            out.println(d.name() + " - " + d.summary());
            if (d.reference() != null && !d.reference().isBlank()) {
                out.println("    agrees with: " + d.reference());
            }
            for (Parameter p : d.parameters()) {
                StringBuilder sb = new StringBuilder("    ").append(p.name()).append(" (")
                        .append(p.kind().name().toLowerCase(java.util.Locale.ROOT));
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
                out.println(sb);
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
}
