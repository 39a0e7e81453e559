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
                + " pairs in / scored / failed, pairs per second.")
public final class RunsCommand extends HistoryCommand {

    /** The statement behind the listing. */
    static final String QUERY = "SELECT run_id, date_format(start_time, 'yyyy-MM-dd HH:mm:ss') AS start_time,"
            + " pairs_in, pairs_scored, pairs_failed, round(pairs_per_second, 1) AS pairs_per_second"
            + " FROM runs ORDER BY runs.start_time DESC, run_id DESC";

    @Override
    Collection<String> views() {
        return List.of("runs");
    }

    @Override
    int query(SparkSession spark, OutputConfig history, PrintWriter out, PrintWriter err) {
        TablePrinter.print(spark.sql(QUERY), out, false);
        return ExitCodes.OK;
    }
}
