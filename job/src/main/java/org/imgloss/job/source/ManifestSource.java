package org.imgloss.job.source;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.imgloss.errors.ErrorCode;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.InputConfig;
import org.imgloss.job.config.Secrets;

/**
 * Pairs listed in a table: a CSV file with a header row, or Parquet. Columns: the key (optional
 * unless named in the config; the reconstruction's path stands in for it), the reconstruction's and
 * the original's path, and any number of other columns, which are carried into the outputs (CSV
 * columns as text, Parquet ones with their types). Paths are URIs, absolute paths, or paths relative
 * to the manifest's folder. An empty path gives a {@code MISSING_*} row, a repeated key a
 * {@code DUPLICATE_KEY} row each.
 */
public final class ManifestSource implements PairSource {

    private static final String ABSOLUTE = "^(/|[A-Za-z][A-Za-z0-9+.-]*:)";

    private final InputConfig input;

    public ManifestSource(InputConfig input) {
        this.input = input;
    }

    @Override
    public Pairs load(SparkSession spark) throws ConfigException {
        String path = input.path();
        String base;
        try {
            base = HadoopFiles.baseFolder(path, spark.sparkContext().hadoopConfiguration());
        } catch (FileNotFoundException e) {
            throw new ConfigException("input.path: cannot read '" + Secrets.maskUserInfo(path) + "': no such file or folder");
        } catch (IOException e) {
            throw new UncheckedIOException(Secrets.maskUserInfo("cannot read " + path + ": " + e.getMessage()), e);
        }
        boolean parquet = switch (input.manifestFormat()) {
            case "parquet" -> true;
            case "csv" -> false;
            default -> path.toLowerCase(Locale.ROOT).endsWith(".parquet") || path.equals(base);
        };
        Dataset<Row> table = parquet ? spark.read().parquet(path)
                // RFC 4180 quoting, as pandas, spreadsheets and Python's csv write it: a quote inside a
                // quoted cell is doubled (Spark's default escape, a backslash, splits such a cell at its commas)
                : spark.read().option("header", "true").option("mode", "PERMISSIVE").option("escape", "\"")
                        .csv(path);
        List<String> columns = Arrays.asList(table.columns());
        List<String> errors = new ArrayList<>();
        requireColumn(columns, "reconstruction_column", input.reconstructionColumn(), errors);
        requireColumn(columns, "original_column", input.originalColumn(), errors);
        boolean hasKey = columns.contains(input.keyColumn());
        if (input.keyColumnExplicit()) {
            requireColumn(columns, "key_column", input.keyColumn(), errors);
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        List<String> carried = carriedColumns(columns, input, hasKey);
        Column recon = resolved(col(input.reconstructionColumn()), base);
        Column orig = resolved(col(input.originalColumn()), base);
        Column key = hasKey ? coalesce(nonEmpty(col(input.keyColumn())), recon, orig) : coalesce(recon, orig);
        List<Column> select = new ArrayList<>();
        select.add(key.as(PairColumns.KEY));
        select.add(recon.as(PairColumns.RECONSTRUCTION_PATH));
        select.add(orig.as(PairColumns.ORIGINAL_PATH));
        for (String c : carried) {
            select.add(col(c));
        }
        Dataset<Row> rows = table.select(select.toArray(new Column[0]));
        Column missingR = col(PairColumns.RECONSTRUCTION_PATH).isNull();
        Column missingO = col(PairColumns.ORIGINAL_PATH).isNull();
        rows = rows
                .withColumn(PairColumns.SOURCE_ERROR_CODE,
                        when(missingR, lit(ErrorCode.MISSING_RECONSTRUCTION.code()))
                                .when(missingO, lit(ErrorCode.MISSING_ORIGINAL.code())))
                .withColumn(PairColumns.SOURCE_ERROR_MESSAGE,
                        when(missingR, concat(lit("the manifest gives no reconstruction (column '"
                                + input.reconstructionColumn() + "') for key '"), coalesce(col(PairColumns.KEY),
                                lit("")), lit("'")))
                                .when(missingO, concat(lit("the manifest gives no original (column '"
                                        + input.originalColumn() + "') for key '"), col(PairColumns.KEY), lit("'"))));
        rows = rows.withColumn(PairColumns.KEY, coalesce(col(PairColumns.KEY), lit("")));
        return new Pairs(Duplicates.mark(rows), carried, false, base);
    }

    static Column nonEmpty(Column c) {
        Column text = trim(c.cast("string"));
        return when(text.equalTo(""), lit(null).cast("string")).otherwise(text);
    }

    private static Column resolved(Column c, String base) {
        Column p = nonEmpty(c);
        String prefix = base.endsWith("/") ? base : base + "/";
        return when(p.rlike(ABSOLUTE), p).otherwise(concat(lit(prefix), p));
    }

    /**
     * The input's columns that are carried into the outputs: all but the two image columns and, when
     * the input has it, the key column; in input order.
     */
    static List<String> carriedColumns(List<String> columns, InputConfig input, boolean hasKey) {
        List<String> carried = new ArrayList<>();
        for (String c : columns) {
            if (!c.equals(input.reconstructionColumn()) && !c.equals(input.originalColumn())
                    && !(hasKey && c.equals(input.keyColumn()))) {
                carried.add(c);
            }
        }
        return carried;
    }

    static void requireColumn(List<String> columns, String key, String name, List<String> errors) {
        if (!columns.contains(name)) {
            errors.add("input." + key + ": no column '" + name + "' in the input (columns: "
                    + String.join(", ", columns) + ")");
        }
    }
}
