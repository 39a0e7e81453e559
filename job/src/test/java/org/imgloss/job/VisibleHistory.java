package org.imgloss.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.imgloss.job.config.OutputConfig;
import org.imgloss.job.output.History;

/**
 * What readers see of a history, for tests that compare it before and after a fault: every table's
 * rows of complete runs ({@link History#complete}, without the attempt), ordered by their first three
 * columns.
 */
public final class VisibleHistory {

    private VisibleHistory() {
    }

    public static List<List<Row>> of(OutputConfig history) {
        List<List<Row>> tables = new ArrayList<>();
        for (String table : History.TABLES) {
            Dataset<Row> rows = History.complete(TestSpark.session(), history, table);
            String[] columns = rows.columns();
            tables.add(rows.orderBy(columns[0], Arrays.copyOfRange(columns, 1, Math.min(3, columns.length)))
                    .collectAsList());
        }
        return tables;
    }
}
