package org.imgloss.job.report;

import java.sql.Timestamp;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A run's results as the run that just wrote them holds them: its report is made from these instead
 * of reading the run back from the history (each read of a Delta table costs its snapshot, seconds
 * on a small machine). The page is the same as {@code imgloss report} makes from the history.
 *
 * @param run          the run's {@code runs} row, as written
 * @param scores       the run's scores (cached by the run until its report is made)
 * @param summary      the run's {@code summary} rows, as written
 * @param summarySchema their schema
 * @param checks       the run's {@code checks} rows, as written
 * @param regressions  the run's {@code regressions} rows, as written
 * @param earlierRuns  the complete runs of the run's name that the history held before the run, by
 *                     run id, with their start times (the trends read their checks from the history)
 */
public record RunResults(Row run, Dataset<Row> scores, List<Row> summary, StructType summarySchema, List<Row> checks,
                         Dataset<Row> regressions, Map<String, Timestamp> earlierRuns) {

    public RunResults {
        summary = List.copyOf(summary);
        checks = List.copyOf(checks);
        earlierRuns = Collections.unmodifiableMap(new LinkedHashMap<>(earlierRuns)); // a start time may be null
    }
}
