package org.imgloss.job.cli;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.config.OutputConfig;
import picocli.CommandLine.Command;

/** {@code imgloss runs CONFIG.yaml}: the complete runs of the config's history, newest first. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "Lists the complete runs of the config's audit history, newest first: run id, start time,"
                + " pairs in / scored / failed, pairs per second and the verdict of its checks.")
public final class RunsCommand extends HistoryCommand {

    /**
     * The statement behind the listing; {@code verdict} is null for runs written before the history had
     * checks (a parquet, csv or json history of such runs alone has no such column).
     */
    static String query(List<String> runsColumns) {
        String verdict = runsColumns.contains("verdict") ? "verdict" : "CAST(NULL AS STRING) AS verdict";
        return "SELECT run_id, date_format(start_time, 'yyyy-MM-dd HH:mm:ss') AS start_time,"
                + " pairs_in, pairs_scored, pairs_failed, round(pairs_per_second, 1) AS pairs_per_second, " + verdict
                + " FROM runs ORDER BY runs.start_time DESC, run_id DESC";
    }

    @Override
    Collection<String> views() {
        return List.of("runs");
    }

    @Override
    int query(SparkSession spark, OutputConfig history, PrintWriter out, PrintWriter err) {
        TablePrinter.print(spark.sql(query(List.of(spark.table("runs").columns()))), out, false);
        return ExitCodes.OK;
    }
}
