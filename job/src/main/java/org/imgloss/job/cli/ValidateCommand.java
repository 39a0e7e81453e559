package org.imgloss.job.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.ConfigLoader;
import org.imgloss.job.config.MetricConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imgloss validate CONFIG.yaml}: checks a config without starting Spark. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks a config without running it: keys, types, metrics and their parameters, "
                + "local input paths, the columns of a local CSV manifest and group_by. Prints what would run.",
                "Columns of Parquet inputs and remote manifests are checked when the run starts."})
public final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG.yaml", description = "the audit config")
    Path config;

    @Option(names = "--base-dir", hidden = true, paramLabel = "DIR",
            description = "folder that relative paths are resolved against (default: the current folder)")
    Path baseDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a config value (dotted path), repeatable")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        AuditConfig c;
        try {
            c = loader().load(config, overrides);
        } catch (ConfigException e) {
            return ConfigErrors.report(spec.commandLine().getErr(), config.toString(), e);
        }
        out.println(config + ": OK");
        out.println("  name:    " + c.name() + " (run_id " + c.runId() + ")");
        out.println("  input:   " + c.input().type().configName() + ": " + c.input().location());
        if (!c.input().groupBy().isEmpty()) {
            out.println("  group by: " + String.join(", ", c.input().groupBy()));
        }
        out.println("  decode:  " + c.input().decode().describe());
        out.println("  metrics:");
        for (MetricConfig m : c.metrics()) {
            out.println("    " + m.toSpec().toSpecString());
            for (String note : m.notes()) {
                out.println("      note: " + note);
            }
        }
        out.println("  output:  " + c.output().path() + " (" + c.output().format().configName() + ")");
        out.flush();
        return ExitCodes.OK;
    }

    private ConfigLoader loader() {
        return baseDir == null ? ConfigLoader.forCurrentDirectory() : new ConfigLoader(baseDir, java.time.Instant.now());
    }
}
