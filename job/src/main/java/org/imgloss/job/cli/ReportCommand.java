package org.imgloss.job.cli;

import static org.apache.spark.sql.functions.col;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.OutputConfig;
import org.imgloss.job.config.Secrets;
import org.imgloss.job.report.AuditReport;
import org.imgloss.job.output.History;
import org.imgloss.job.run.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code imgloss report CONFIG.yaml [--run-id ID] [--out FILE]}: the HTML report of a run already in
 * the config's history, without scoring again (the pictures of the worst pairs are read from the
 * config's input).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes the HTML report of a run of the config's audit history (default: its newest complete"
                + " run of the config's name) and prints where it is.")
public final class ReportCommand extends HistoryCommand {

    @Option(names = "--run-id", paramLabel = "ID", description = "the run to report on (default: the newest)")
    String runId;

    @Option(names = "--out", paramLabel = "FILE",
            description = "where to write it (a local file or a Hadoop URI); default:"
                    + " <output.path>/report/run_id=<id>/report.html")
    String outFile;

    @Override
    Collection<String> views() {
        return History.TABLES; // the report reads every table of the run
    }

    @Override
    int query(SparkSession spark, OutputConfig history, PrintWriter out, PrintWriter err) throws Exception {
        AuditConfig config = args.load();
        String id = runId != null ? runId : newest(spark, config.name());
        if (id == null) {
            err.println("imgloss: report: no complete run of '" + config.name() + "' in the history at "
                    + Secrets.maskUserInfo(history.path()));
            return ExitCodes.BAD_CONFIG;
        }
        List<Row> known = spark.table("runs").where(col("run_id").cast("string").equalTo(id)).limit(1).collectAsList();
        if (known.isEmpty()) {
            err.println("imgloss: report: no complete run '" + id + "' in the history at "
                    + Secrets.maskUserInfo(history.path()) + " ('imgloss runs' lists them)");
            return ExitCodes.BAD_CONFIG;
        }
        AuditReport.Written w = AuditReport.write(spark, config, history, id, target(outFile), Version.get());
        err.println(String.format(Locale.ROOT, "imgloss: report of run %s: %.1f MB in %.1f s", id, w.bytes() / 1e6,
                w.seconds()));
        out.println("report: " + Secrets.maskUserInfo(w.location()));
        return ExitCodes.OK;
    }

    /** The newest complete run of this name, or null. */
    private static String newest(SparkSession spark, String name) {
        List<Row> rows = spark.table("runs").where(col("name").equalTo(name))
                .orderBy(col("start_time").desc(), col("run_id").desc())
                .select(col("run_id").cast("string")).limit(1).collectAsList();
        return rows.isEmpty() ? null : rows.get(0).getString(0);
    }

    /** A local path made absolute (a URI with a scheme as it is), or null for the standard location. */
    private static String target(String file) {
        if (file == null) {
            return null;
        }
        return file.matches("[A-Za-z][A-Za-z0-9+.-]+:.*") ? file
                : Path.of(file).toAbsolutePath().normalize().toUri().toString();
    }
}
