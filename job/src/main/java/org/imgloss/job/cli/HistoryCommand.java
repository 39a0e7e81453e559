package org.imgloss.job.cli;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.OutputConfig;
import org.imgloss.job.config.OutputFormat;
import org.imgloss.job.config.Secrets;
import org.imgloss.job.output.History;
import org.imgloss.job.run.Sessions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What {@code sql}, {@code export} and {@code runs} share: the config's history opened in a local
 * session (the config's Spark settings, quiet logs), the tables the command reads as the views
 * {@code scores}, {@code summary}, {@code runs} of the complete runs (only those: each view costs a
 * read of its table's log or listing at start-up). A query Spark rejects is exit code 2 with Spark's
 * message.
 */
abstract class HistoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigArgs args;

    /** The views the command reads (the others are not opened). */
    abstract Collection<String> views();

    /** Does the command's work on the opened history; returns the exit code. */
    abstract int query(SparkSession spark, OutputConfig history, PrintWriter out, PrintWriter err) throws Exception;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Logging.configure(false);
        AuditConfig c;
        try {
            c = args.load();
        } catch (ConfigException e) {
            return ConfigErrors.report(err, args.name(), e);
        }
        try (Sessions.Handle h = Sessions.open(c, Sessions.smallQuerySettings())) {
            SparkSession spark = h.session();
            OutputFormat format = History.existingFormat(spark, c.output());
            if (format == null) {
                err.println("imgloss: no audit history at " + Secrets.maskUserInfo(String.valueOf(c.output().path())) + " (run the audit first)");
                err.flush();
                return ExitCodes.BAD_CONFIG;
            }
            OutputConfig history = new OutputConfig(c.output().path(), format, null, null, null);
            History.registerViews(spark, history, views());
            int code = query(spark, history, out, err);
            out.flush();
            err.flush();
            return code;
        } catch (Exception e) {
            if (e instanceof AnalysisException || e instanceof SparkThrowable) {
                err.println(Secrets.maskUserInfo("imgloss: " + spec.name() + ": " + sparkMessage(e)));
                err.flush();
                return ExitCodes.BAD_CONFIG;
            }
            return failed(err, e);
        }
    }

    private int failed(PrintWriter err, Exception e) {
        err.println(Secrets.maskUserInfo("imgloss: " + spec.name() + " failed: " + e));
        err.flush();
        return ExitCodes.RUN_FAILED;
    }

    /** Spark's message without the query plan it may append. */
    static String sparkMessage(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (String line : String.valueOf(e.getMessage()).strip().split("\n")) {
            if (line.startsWith("'") || line.startsWith("+-") || line.startsWith(":") || line.startsWith("== ")) {
                break;
            }
            b.append(b.length() == 0 ? "" : "\n  ").append(line.stripTrailing());
        }
        return b.toString().replaceAll(";$", "");
    }

    /** The table names the views have. */
    static final List<String> TABLES = History.TABLES;
}
