package org.imgloss.job.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.MetricConfig;
import org.imgloss.job.config.Secrets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code imgloss validate CONFIG.yaml}: checks a config without starting Spark. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks a config without running it: keys, types, metrics and their parameters, "
                + "local input paths, the columns of a local CSV manifest and group_by. Prints what would run.",
                "Columns of Parquet inputs and remote manifests are checked when the run starts."})
public final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigArgs args;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        AuditConfig c;
        try {
            c = args.load();
        } catch (ConfigException e) {
            return ConfigErrors.report(spec.commandLine().getErr(), args.name(), e);
        }
        out.println(args.name() + ": OK");
        out.println("  name:    " + c.name() + " (run_id " + c.runId() + ")");
        out.println("  input:   " + c.input().type().configName() + ": " + Secrets.maskUserInfo(c.input().location()));
        if (!c.input().groupBy().isEmpty()) {
            out.println("  group by: " + String.join(", ", c.input().groupBy()));
        }
        out.println("  decode:  " + c.input().decode().describe());
        out.println("  metrics:");
        for (MetricConfig m : c.metrics()) {
            out.println(Secrets.maskUserInfo("    " + m.toSpec().toSpecString()));
            for (String note : m.notes()) {
                out.println(Secrets.maskUserInfo("      note: " + note));
            }
        }
        out.println("  output:  " + Secrets.maskUserInfo(String.valueOf(c.output().path())) + " (" + c.output().format().configName() + ")");
        out.flush();
        return ExitCodes.OK;
    }

}
