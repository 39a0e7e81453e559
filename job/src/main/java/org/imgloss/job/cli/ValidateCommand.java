package org.imgloss.job.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.imgloss.job.config.InputConfig;
import org.imgloss.job.config.InputType;
import org.imgloss.job.source.PairingReport;
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
                "For local folders (input.type directories) it lists the files and shows the pairing: files per side, "
                        + "pairs found, and unpaired files with the nearest name of the other side; a layout where no "
                        + "file pairs is an error (exit code 2).",
                "Columns of Parquet inputs and remote manifests are checked when the run starts."})
public final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigArgs args;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Logging.configure(false); // Hadoop lists the folders
        AuditConfig c;
        try {
            c = args.load();
        } catch (ConfigException e) {
            return ConfigErrors.report(spec.commandLine().getErr(), args.name(), e);
        }
        PairingReport pairing;
        try {
            pairing = pairingOf(c);
        } catch (IOException e) {
            return ConfigErrors.report(spec.commandLine().getErr(), args.name(),
                    new ConfigException(List.of("input: cannot list the folders: " + Secrets.maskUserInfo(e.getMessage()))));
        }
        boolean nothingPairs = pairing != null && pairing.nothingPairs();
        out.println(args.name() + (nothingPairs ? ": no file pairs" : ": OK"));
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
        if (pairing != null) {
            pairing.lines().forEach(line -> out.println(Secrets.maskUserInfo(line)));
        }
        if (nothingPairs) {
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            err.println("imgloss: " + args.name() + ": no reconstruction pairs with an original under input.match "
                    + c.input().match().configName() + ": a run would score nothing (see the unpaired names above;"
                    + " input.match takes relative_path, stem or a pattern per side)");
            err.flush();
            return ExitCodes.BAD_CONFIG;
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The pairing of a directories input whose folders are local files; null for other inputs. */
    static PairingReport pairingOf(AuditConfig c) throws IOException {
        InputConfig in = c.input();
        boolean local = c.spark().master().startsWith("local");
        if (in.type() != InputType.DIRECTORIES || !isLocal(in.reconstructions(), local) || !isLocal(in.originals(), local)) {
            return null;
        }
        return PairingReport.of(in, new Configuration());
    }

    private static boolean isLocal(String path, boolean localMaster) {
        return path != null && (path.startsWith("file:") || localMaster && path.startsWith("/"));
    }
}
