package org.imgloss.job.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.imgloss.job.output.SummaryTable;
import org.imgloss.job.run.AuditJob;

/**
 * The end-of-run summary {@code imgloss run} prints on standard output after the table locations: per
 * metric (and group, with {@code group_by}) the pairs with a value, those without, and the mean, 5th,
 * 50th and 95th percentiles of the finite values, as the {@code summary} table holds them; then the
 * failed pairs by error code with one example key each, and a warning when scored pairs had samples
 * outside {@code [0, data_range]}.
 */
final class ConsoleSummary {

    private ConsoleSummary() {
    }

    static void print(PrintWriter out, AuditJob.Result r, List<String> groupBy, List<String> aliases) {
        List<String[]> table = new ArrayList<>();
        List<String> header = new ArrayList<>(groupBy);
        header.addAll(List.of("metric", "count", "errors", "mean", "p05", "p50", "p95"));
        table.add(header.toArray(String[]::new));
        List<Row> rows = new ArrayList<>(r.summary());
        rows.removeIf(row -> SummaryTable.PAIRS_METRIC.equals(row.getAs("metric")));
        rows.sort(Comparator.comparing((Row row) -> groupKey(row, groupBy))
                .thenComparingInt(row -> aliases.indexOf(row.<String>getAs("metric"))));
        for (Row row : rows) {
            List<String> cells = new ArrayList<>();
            for (String g : groupBy) {
                cells.add(String.valueOf(row.<Object>getAs(g)));
            }
            cells.add(row.getAs("metric"));
            cells.add(String.valueOf(row.<Long>getAs("count")));
            cells.add(String.valueOf(row.<Long>getAs("errors")));
            for (String stat : List.of("mean", "p05", "p50", "p95")) {
                cells.add(number(row.getAs(stat)));
            }
            table.add(cells.toArray(String[]::new));
        }
        out.println();
        out.println("summary of run " + r.runId() + " (finite values" + (groupBy.isEmpty() ? "" : ", by "
                + String.join(", ", groupBy)) + "):");
        TablePrinter.aligned(table).forEach(line -> out.println(line.stripTrailing()));
        if (!r.failures().isEmpty()) {
            List<String[]> failed = new ArrayList<>();
            failed.add(new String[] {"error_code", "pairs", "example key"});
            for (AuditJob.FailedPairs f : r.failures()) {
                failed.add(new String[] {f.code(), String.valueOf(f.pairs()), String.valueOf(f.exampleKey())});
            }
            out.println();
            out.println("failed pairs: " + r.pairsFailed() + " of " + r.pairsIn());
            TablePrinter.aligned(failed).forEach(line -> out.println(line.stripTrailing()));
        }
        if (r.outOfRangePairs() > 0) {
            out.println();
            out.println("warning: " + r.outOfRangePairs() + " scored pair(s) have samples outside [0, data_range] of"
                    + " a metric: their values are not on the scale the metric assumes (check data_range and"
                    + " input.decode)");
        }
    }

    private static String groupKey(Row row, List<String> groupBy) {
        StringBuilder key = new StringBuilder();
        for (String g : groupBy) {
            key.append(row.<Object>getAs(g)).append('\u0000');
        }
        return key.toString();
    }

    /** Four decimals, or three significant digits in scientific notation for very small or large values. */
    static String number(Double v) {
        if (v == null) {
            return "-";
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 0.01 || a >= 1e6)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
