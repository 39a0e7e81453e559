package org.imgloss.job.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.Secrets;
import org.imgloss.job.run.Recheck;
import org.imgloss.job.run.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code imgloss check CONFIG.yaml [--run-id ID]}: the config's checks evaluated again against a run of its history. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Evaluates the config's checks again against a complete run of its audit history, without"
                + " scoring (e.g. after editing thresholds): replaces the run's checks and regressions rows and its"
                + " verdict in runs; same output and exit code as run.")
public final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigArgs args;

    @Mixin
    FailOn failOn;

    @Option(names = "--run-id", paramLabel = "ID",
            description = "the run to check (default: the newest complete run of the config's name)")
    String runId;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Logging.configure(false);
        AuditConfig c;
        try {
            c = args.load();
            failOn.check();
        } catch (ConfigException e) {
            return ConfigErrors.report(err, args.name(), e);
        }
        Recheck.Result r;
        try (Sessions.Handle spark = Sessions.open(c)) {
            r = Recheck.run(spark.session(), c, runId);
        } catch (ConfigException e) {
            return ConfigErrors.report(err, args.name(), e);
        } catch (Exception e) {
            err.println(Secrets.maskUserInfo("imgloss: check failed: " + e));
            err.flush();
            return ExitCodes.RUN_FAILED;
        }
        out.println("run " + r.runId() + " of '" + c.name() + "': verdict " + r.verdict().verdict());
        out.flush();
        return failOn.report(r.verdict(), err);
    }
}
