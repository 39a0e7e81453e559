package org.imgloss.job.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricDefinition;
import org.imgloss.metrics.Parameter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code imgloss metrics}: every metric with its parameters and defaults. */
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
        out.flush();
        return ExitCodes.OK;
    }
}
