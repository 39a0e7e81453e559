package org.imgloss.job.cli;

import static org.apache.spark.sql.functions.col;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructType;

/** Prints a query's rows: an aligned text table, or CSV (RFC 4180) with a header row. */
final class TablePrinter {

    /** The text of a null cell in the aligned table (CSV: an empty field). */
    static final String NULL = "NULL";

    private TablePrinter() {
    }

    /** Every column as text (maps, arrays, structs as JSON), by position: duplicate names are fine. */
    static Dataset<Row> asText(Dataset<Row> rows) {
        String[] names = rows.columns();
        String[] positional = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            positional[i] = "c" + i;
        }
        Dataset<Row> renamed = rows.toDF(positional);
        List<Column> cols = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            DataType t = rows.schema().fields()[i].dataType();
            Column c = col(positional[i]);
            boolean complex = t instanceof MapType || t instanceof ArrayType || t instanceof StructType;
            cols.add((complex ? org.apache.spark.sql.functions.to_json(c) : c.cast(DataTypes.StringType)).as(positional[i]));
        }
        return renamed.select(cols.toArray(new Column[0]));
    }

    static void print(Dataset<Row> rows, PrintWriter out, boolean csv) {
        String[] header = rows.columns();
        if (csv) { // streamed, one partition at a time: a large scores table need not fit in the driver's memory
            Iterator<Row> it = asText(rows).toLocalIterator();
            out.println(csvLine(header));
            while (it.hasNext()) {
                Row r = it.next();
                String[] cells = new String[header.length];
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = r.isNullAt(i) ? null : r.getString(i);
                }
                out.println(csvLine(cells));
            }
            return;
        }
        List<String[]> lines = new ArrayList<>();
        lines.add(header);
        // the aligned table holds every row before printing anyway: one job (toLocalIterator runs one per partition)
        for (Row r : asText(rows).collectAsList()) {
            String[] cells = new String[header.length];
            for (int i = 0; i < cells.length; i++) {
                cells[i] = r.isNullAt(i) ? NULL : r.getString(i).replace("\n", "\\n");
            }
            lines.add(cells);
        }
        aligned(lines).forEach(out::println);
        out.println("(" + (lines.size() - 1) + (lines.size() == 2 ? " row)" : " rows)"));
    }

    /** Rows of cells as aligned text lines, the first row a header with a rule of dashes under it. */
    static List<String> aligned(List<String[]> lines) {
        int[] width = new int[lines.get(0).length];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                width[i] = Math.max(width[i], l[i].length());
            }
        }
        List<String> text = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            text.add(line(lines.get(n), width));
            if (n == 0) {
                String[] rule = new String[width.length];
                for (int i = 0; i < rule.length; i++) {
                    rule[i] = "-".repeat(width[i]);
                }
                text.add(line(rule, width));
            }
        }
        return text;
    }

    private static String line(String[] cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                b.append("  ");
            }
            b.append(cells[i]);
            if (i < cells.length - 1) {
                b.append(" ".repeat(width[i] - cells[i].length()));
            }
        }
        return b.toString();
    }

    static String csvLine(String[] cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            String c = cells[i];
            if (c == null) {
                continue;
            }
            if (c.isEmpty() || c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0
                    || c.indexOf('\r') >= 0) {
                b.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
