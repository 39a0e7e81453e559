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
        description = "Runs an audit: scores every pair and writes the scores, summary and runs tables.")
public final class RunCommand implements Callable<Integer> {

    /** Log4j2 configurations of the CLI (quiet by default, INFO with --verbose). */
    static final String QUIET_LOG = "org/imgloss/job/log4j2-quiet.properties";
    static final String VERBOSE_LOG = "org/imgloss/job/log4j2-verbose.properties";

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigArgs args;

    @Option(names = {"-v", "--verbose"}, description = "Spark's INFO log and stack traces")
    boolean verbose;

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
        configureLogging(verbose); // before anything may touch Log4j
        AuditConfig c;
        try {
            c = args.load();
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
            if (verbose) {
                err.println(Secrets.maskUserInfo(stackTrace(e)));
            } else {
                err.println("  (--verbose shows the stack trace)");
            }
            err.flush();
            return ExitCodes.RUN_FAILED;
        }
        out.println(String.format(Locale.ROOT, "run %s: %d pairs, %d scored, %d failed, scoring %.1fs (%.1f pairs/s)",
                r.runId(), r.pairsIn(), r.pairsScored(), r.pairsFailed(), r.scoringSeconds(),
                r.scoringSeconds() > 0 ? r.pairsIn() / r.scoringSeconds() : 0.0));
        job.profileLines().forEach(out::println);
        out.println("tables (" + c.output().format().configName() + ", partition run_id=" + r.runId() + " in each):");
        out.println("  scores:  " + Secrets.maskUserInfo(String.valueOf(r.scoresPath())));
        out.println("  summary: " + Secrets.maskUserInfo(String.valueOf(r.summaryPath())));
        out.println("  runs:    " + Secrets.maskUserInfo(String.valueOf(r.runsPath())));
        if (c.output().metamerMetric() != null) {
            out.println("metamers (" + c.output().metamerMetric() + ", 16-bit PNG): "
                    + Secrets.maskUserInfo(String.valueOf(org.imgloss.job.output.MetamerFiles.runFolder(c.output().path(), r.runId()))));
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The stack trace of {@code e} as text (to be masked before it is printed). */
    static String stackTrace(Throwable e) {
        java.io.StringWriter s = new java.io.StringWriter();
        e.printStackTrace(new PrintWriter(s));
        return s.toString().stripTrailing();
    }

    /**
     * Points Log4j2 at the CLI's own configuration before Spark initialises logging, unless the
     * user (or spark-submit) has configured it already.
     */
    static void configureLogging(boolean verbose) {
        if (System.getProperty("log4j2.configurationFile") == null && !Sessions.underSparkSubmit()) {
            System.setProperty("log4j2.configurationFile", verbose ? VERBOSE_LOG : QUIET_LOG);
        }
    }

}
