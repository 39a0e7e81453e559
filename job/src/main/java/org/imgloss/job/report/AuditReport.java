package org.imgloss.job.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.OutputConfig;
import org.imgloss.job.config.Secrets;

/**
 * The audit report of one run: {@link ReportData} reads the run from the history (or, at the end of a
 * run, takes it from the run's {@link RunResults}), {@link ReportPage} renders it, and the page is written through Hadoop's FileSystem (any file system the tables can
 * be on), by default to {@code <output.path>/report/run_id=<id>/report.html}.
 */
public final class AuditReport {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** Where a report went, how big it is and how long it took. */
    public record Written(String location, long bytes, double seconds) {
    }

    private AuditReport() {
    }

    /** The report's standard location in the history: {@code <output.path>/report/run_id=<id>/report.html}. */
    public static String location(OutputConfig output, String runId) {
        return output.table("report") + "/run_id=" + runId + "/report.html";
    }

    /**
     * Writes the report of run {@code runId} of the history.
     *
     * @param history the history (its path and the format it is in)
     * @param out     where to write it, or null for {@link #location}
     * @throws IllegalArgumentException when the history has no complete run with that id
     */
    public static Written write(SparkSession spark, AuditConfig config, OutputConfig history, String runId,
                                String out, String version) {
        return write(spark, new ReportData(spark, config, history, runId), history, runId, out, version);
    }

    private static Written write(SparkSession spark, ReportData data, OutputConfig history, String runId, String out,
                                 String version) {
        long start = System.nanoTime();
        ReportModel model = data.build();
        byte[] page = ReportPage.render(model, version, TIME.format(Instant.now())).getBytes(StandardCharsets.UTF_8);
        String where = out == null ? location(history, runId) : out;
        Path file = new Path(where);
        try {
            FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs instanceof ChecksumFileSystem checksummed) {
                fs = checksummed.getRawFileSystem(); // no .crc file beside the page
            }
            fs.mkdirs(file.getParent());
            try (OutputStream o = fs.create(file, true)) {
                o.write(page);
            }
            where = fs.makeQualified(file).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + Secrets.maskUserInfo(where), e);
        }
        return new Written(where, page.length, (System.nanoTime() - start) / 1e9);
    }

    /**
     * The end of a run: its report at the standard location when {@code report.enabled}, else null,
     * made from the run's {@code results} (the same page as {@link #write} makes from the history). A
     * report that cannot be made leaves the run complete (its tables are written): the reason goes
     * to {@code err} and the result is null.
     */
    public static Written afterRun(SparkSession spark, AuditConfig config, RunResults results, String version,
                                   PrintWriter err) {
        if (!config.report().enabled()) {
            return null;
        }
        try {
            return write(spark, new ReportData(spark, config, config.output(), results), config.output(),
                    config.runId(), null, version);
        } catch (RuntimeException e) {
            err.println(Secrets.maskUserInfo("imgloss: the report of run " + config.runId() + " was not written: "
                    + e));
            err.flush();
            return null;
        }
    }
}
