package org.imgloss.job.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.imgloss.job.config.Secrets;
import org.imgloss.job.run.AuditJob;
import org.imgloss.job.run.Sessions;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.MetricConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code imgloss run CONFIG.yaml}: runs an audit. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs an audit: scores every pair, writes the scores, summary, checks, regressions and runs"
                + " tables and evaluates the config's checks (exit code 3 when an error-level check failed).")
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigArgs args;

    @Mixin
    FailOn failOn;

    @Option(names = {"-v", "--verbose"}, description = "Spark's INFO log and stack traces")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "no summary of the scores on standard output, only where the tables are")
    boolean quiet;

    @Option(names = "--progress-seconds", paramLabel = "S", description = "seconds between progress lines (0: none), default ${DEFAULT-VALUE}")
    double progressSeconds = 3;

    @Option(names = "--profile", description = "print where the scoring time went: seconds per pair for reading,"
            + " decoding, each metric and Spark")
    boolean profile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant start = Instant.now();
        Logging.configure(verbose); // before anything may touch Log4j
        AuditConfig c;
        try {
            c = args.load();
            failOn.check();
        } catch (ConfigException e) {
            return ConfigErrors.report(err, args.name(), e);
        }
        err.println("imgloss: run " + c.runId() + " of '" + c.name() + "': " + c.metrics().size() + " metric(s), "
                + c.input().type().configName() + " input");
        for (MetricConfig m : c.metrics()) {
            for (String note : m.notes()) {
                err.println(Secrets.maskUserInfo("imgloss: note: " + m.alias() + " (" + m.name() + "): " + note));
            }
        }
        err.flush();
        AuditJob.Result r;
        AuditJob job;
        try (Sessions.Handle spark = Sessions.open(c)) {
            job = new AuditJob(spark.session(), err, Math.round(progressSeconds * 1000)).profile(profile);
            r = job.run(c, start);
        } catch (ConfigException e) {
            return ConfigErrors.report(err, args.name(), e);
        } catch (Exception e) {
            // Spark and Hadoop also throw checked exceptions (e.g. ParentNotDirectoryException)
            err.println(Secrets.maskUserInfo("imgloss: run " + c.runId() + " failed: " + e));
            Throwable root = rootCause(e);
            if (root != e && !String.valueOf(e.getMessage()).contains(String.valueOf(root.getMessage()))) {
                // e.g. a Spark job that failed because a write failed: the failed write says what happened
                err.println(Secrets.maskUserInfo("  caused by: " + root));
            }
            if (verbose) {
                err.println(Secrets.maskUserInfo(stackTrace(e)));
            } else {
                err.println("  (--verbose shows the stack trace)");
            }
            err.flush();
            return ExitCodes.RUN_FAILED;
        }
        out.println(String.format(Locale.ROOT, "run %s: %d pairs, %d scored, %d failed, scoring %.1fs (%.1f pairs/s)",
                r.runId(), r.pairsIn(), r.pairsScored(), r.pairsFailed(), r.scoringSeconds(), r.pairsPerSecond()));
        job.profileLines().forEach(out::println);
        out.println("tables (" + c.output().format().configName() + ", partition run_id=" + r.runId() + " in each):");
        out.println("  scores:  " + Secrets.maskUserInfo(String.valueOf(r.scoresPath())));
        out.println("  summary: " + Secrets.maskUserInfo(String.valueOf(r.summaryPath())));
        out.println("  checks:  " + Secrets.maskUserInfo(String.valueOf(r.checksPath())));
        out.println("  runs:    " + Secrets.maskUserInfo(String.valueOf(r.runsPath())));
        if (c.output().metamerMetric() != null) {
            out.println("metamers (" + c.output().metamerMetric() + ", 16-bit PNG): "
                    + Secrets.maskUserInfo(String.valueOf(org.imgloss.job.output.MetamerFiles.runFolder(c.output().path(), r.runId()))));
        }
        if (!quiet) {
            ConsoleSummary.print(out, r, c.input().groupBy(), c.metrics().stream().map(MetricConfig::alias).toList());
        }
        int unreadable = reportUnreadable(c, r, out, err);
        if (r.report() != null) {
            err.println(String.format(Locale.ROOT, "imgloss: report: %.1f MB in %.1f s", r.report().bytes() / 1e6,
                    r.report().seconds()));
            err.flush();
        }
        if (c.report().enabled()) { // the last line: where to look
            out.println("report: " + (r.report() == null ? "not written (see the error above)"
                    : Secrets.maskUserInfo(r.report().location())));
        }
        out.flush();
        int verdict = failOn.report(r.verdict(), err);
        return Math.max(verdict, unreadable);
    }

    /**
     * Lists the input that could not be read (also in the runs table's {@code unreadable_files}); input was lost,
     * so the run fails with exit 3 unless {@code input.on_unreadable_file: warn}.
     */
    private static int reportUnreadable(AuditConfig c, AuditJob.Result r, PrintWriter out, PrintWriter err) {
        if (r.unreadable().isEmpty()) {
            return ExitCodes.OK;
        }
        out.println("unreadable input (" + r.unreadable().size() + ", not scored):");
        r.unreadable().forEach(u -> out.println(Secrets.maskUserInfo("  " + u)));
        out.flush();
        boolean lost = r.inputLost(c);
        err.println("imgloss: " + (lost ? "" : "warning: ") + "run " + r.runId() + ": " + r.unreadable().size()
                + " input file(s) or record(s) could not be read"
                + (lost ? "; input was lost, so the run fails (input.on_unreadable_file: warn accepts this)" : ""));
        err.flush();
        return lost ? ExitCodes.CHECKS_FAILED : ExitCodes.OK;
    }

    /** The innermost cause of {@code e} (itself when it has none). */
    static Throwable rootCause(Throwable e) {
        Throwable t = e;
        for (int i = 0; i < 20 && t.getCause() != null && t.getCause() != t; i++) {
            t = t.getCause();
        }
        return t;
    }

    /** The stack trace of {@code e} as text (to be masked before it is printed). */
    static String stackTrace(Throwable e) {
        java.io.StringWriter s = new java.io.StringWriter();
        e.printStackTrace(new PrintWriter(s));
        return s.toString().stripTrailing();
    }
}
