package org.imgloss.job.cli;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.config.OutputConfig;
import org.imgloss.spark.ImgLossFunctions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imgloss sql CONFIG.yaml "SELECT …"}: a SQL statement on the config's audit history. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Runs a SQL statement on the config's audit history and prints the result.",
                "Views: scores, summary, runs (complete runs only); the imgloss SQL functions are registered.",
                "Delta time travel: SELECT ... FROM delta.`<absolute output.path>/scores` VERSION AS OF 0."})
public final class SqlCommand extends HistoryCommand {

    @Parameters(index = "1", paramLabel = "STATEMENT", description = "the SQL statement")
    String statement;

    @Option(names = "--csv", description = "CSV with a header row instead of an aligned table")
    boolean csv;

    /** The views whose names the statement mentions (a mention that is no table reference costs only time). */
    @Override
    Collection<String> views() {
        return TABLES.stream().filter(t -> Pattern.compile("\\b" + t + "\\b", Pattern.CASE_INSENSITIVE)
                .matcher(statement).find()).toList();
    }

    @Override
    int query(SparkSession spark, OutputConfig history, PrintWriter out, PrintWriter err) {
        ImgLossFunctions.register(spark);
        TablePrinter.print(spark.sql(statement), out, csv);
        return ExitCodes.OK;
    }
}
