package org.imgloss.job.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.config.OutputConfig;
import org.imgloss.job.config.Secrets;
import org.imgloss.job.output.ScoresSchema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code imgloss export CONFIG.yaml --table scores}: one table of the history as CSV or JSON lines. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Writes one table of the config's audit history (complete runs only) as CSV with a header row"
                + " or as JSON lines, to a file or to standard output.")
public final class ExportCommand extends HistoryCommand {

    enum Format { csv, json }

    @Option(names = "--table", required = true, paramLabel = "NAME", description = "scores, summary or runs")
    String table;

    @Option(names = "--run-id", paramLabel = "ID", description = "only this run (default: every complete run)")
    String runId;

    @Option(names = "--format", paramLabel = "FORMAT", description = "csv (default) or json (JSON lines)")
    Format format = Format.csv;

    @Option(names = "--out", paramLabel = "FILE", description = "the file to write (default: standard output)")
    Path file;

    /** The table's view, and {@code runs} only to look the run id up (each view costs a read of its table's log). */
    @Override
    Collection<String> views() {
        return runId == null ? List.of(table) : List.of(table, "runs");
    }

    @Override
    int query(SparkSession spark, OutputConfig history, PrintWriter out, PrintWriter err) throws IOException {
        if (!TABLES.contains(table)) {
            err.println("imgloss: export: --table must be one of " + String.join(", ", TABLES) + ", got '" + table + "'");
            return ExitCodes.BAD_CONFIG;
        }
        Dataset<Row> rows = spark.table(table);
        if (runId != null) {
            rows = rows.filter(col(ScoresSchema.RUN_ID).equalTo(lit(runId)));
            if (spark.table("runs").filter(col(ScoresSchema.RUN_ID).equalTo(lit(runId))).isEmpty()) {
                err.println("imgloss: export: no complete run '" + runId + "' in " + Secrets.maskUserInfo(String.valueOf(history.path()))
                        + " (imgloss runs lists them)");
                return ExitCodes.BAD_CONFIG;
            }
        }
        if (file == null) {
            write(rows, out);
            return ExitCodes.OK;
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            write(rows, w);
        }
        err.println("imgloss: wrote " + table + " to " + file);
        return ExitCodes.OK;
    }

    private void write(Dataset<Row> rows, PrintWriter w) {
        if (format == Format.csv) {
            TablePrinter.print(rows, w, true);
            return;
        }
        Iterator<Row> it = rows.select(to_json(struct(col("*")), java.util.Map.of("ignoreNullFields", "false")))
                .toLocalIterator();
        while (it.hasNext()) {
            w.println(it.next().getString(0));
        }
        w.flush();
    }
}
