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
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.imgloss.errors.ErrorCode;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.InputConfig;
import org.imgloss.job.config.Secrets;

/**
 * Pairs listed in a table: a CSV file with a header row, or Parquet. Columns: the key (optional
 * unless named in the config; the reconstruction's path stands in for it), the reconstruction's and
 * the original's path, and any number of other columns, which are carried into the outputs (CSV
 * columns as text, Parquet ones with their types). Paths are URIs, absolute paths, or paths relative
 * to the manifest's folder.
 *
 * <p>CSV is read as RFC 4180, as Python's {@code csv}, pandas and spreadsheets write it: a quoted
 * cell may hold commas, doubled quotes and line breaks. A record that does not have the header's
 * number of cells (or an unterminated quote) is not a pair: it is {@link UnreadableInput}. Keys are
 * kept verbatim (spaces included); an empty key cell gives a {@code MISSING_KEY} row, an empty path a
 * {@code MISSING_*} row (paths are trimmed), a repeated key a {@code DUPLICATE_KEY} row each.
 */
public final class ManifestSource implements PairSource {

    private static final String ABSOLUTE = "^(/|[A-Za-z][A-Za-z0-9+.-]*:)";
    /** Spark's column for a CSV record that does not parse; never a column of the outputs. */
    private static final String MALFORMED = "_imgloss_malformed_record";
    /** Malformed records quoted in full; beyond these, only counted. */
    private static final int MALFORMED_SHOWN = 20;

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
        List<UnreadableInput> unreadable = new ArrayList<>();
        Dataset<Row> table;
        if (parquet) {
            try {
                ParquetParts.Table parts = ParquetParts.read(spark, path);
                table = parts.rows();
                unreadable.addAll(parts.unreadable());
            } catch (IOException e) {
                throw new ConfigException(Secrets.maskUserInfo("input.path: cannot read '" + path + "' as Parquet: "
                        + e.getMessage()));
            }
        } else {
            table = csv(spark, path, unreadable);
        }
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
        Column key = hasKey ? verbatimKey(col(input.keyColumn())) : coalesce(recon, orig);
        List<Column> select = new ArrayList<>();
        select.add(key.as(PairColumns.KEY));
        select.add(recon.as(PairColumns.RECONSTRUCTION_PATH));
        select.add(orig.as(PairColumns.ORIGINAL_PATH));
        for (String c : carried) {
            select.add(col(c));
        }
        Dataset<Row> rows = table.select(select.toArray(new Column[0]));
        Column missingK = col(PairColumns.KEY).isNull();
        Column missingR = col(PairColumns.RECONSTRUCTION_PATH).isNull();
        Column missingO = col(PairColumns.ORIGINAL_PATH).isNull();
        rows = rows
                .withColumn(PairColumns.SOURCE_ERROR_CODE,
                        when(missingK, lit(ErrorCode.MISSING_KEY.code()))
                                .when(missingR, lit(ErrorCode.MISSING_RECONSTRUCTION.code()))
                                .when(missingO, lit(ErrorCode.MISSING_ORIGINAL.code())))
                .withColumn(PairColumns.SOURCE_ERROR_MESSAGE,
                        when(missingK, concat(lit("the manifest gives no key (column '" + input.keyColumn()
                                        + "') for reconstruction '"), coalesce(col(PairColumns.RECONSTRUCTION_PATH),
                                        lit("")), lit("' and original '"), coalesce(col(PairColumns.ORIGINAL_PATH),
                                        lit("")), lit("'")))
                                .when(missingR, concat(lit("the manifest gives no reconstruction (column '"
                                        + input.reconstructionColumn() + "') for key '"), coalesce(col(PairColumns.KEY),
                                        lit("")), lit("'")))
                                .when(missingO, concat(lit("the manifest gives no original (column '"
                                        + input.originalColumn() + "') for key '"), col(PairColumns.KEY), lit("'"))));
        return new Pairs(Duplicates.mark(rows), carried, false, base, unreadable);
    }

    /**
     * The CSV manifest as text columns named by its header, without its malformed records, which are
     * added to {@code unreadable}.
     */
    private static Dataset<Row> csv(SparkSession spark, String path, List<UnreadableInput> unreadable) {
        String[] header = csvReader(spark).csv(path).columns();
        StructType schema = new StructType();
        for (String c : header) {
            schema = schema.add(c, DataTypes.StringType);
        }
        Dataset<Row> all = csvReader(spark).schema(schema.add(MALFORMED, DataTypes.StringType))
                .option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", MALFORMED).csv(path);
        // every column is read, so that Spark checks each record's cell count
        Dataset<Row> malformed = all.filter(col(MALFORMED).isNotNull());
        List<Row> shown = malformed.limit(MALFORMED_SHOWN).collectAsList();
        long count = shown.size() < MALFORMED_SHOWN ? shown.size() : malformed.count();
        for (Row r : shown) {
            String record = r.getAs(MALFORMED);
            unreadable.add(new UnreadableInput(path, "malformed CSV record (not " + header.length
                    + " cells, or an unterminated quote), left out: " + quoted(record)));
        }
        if (count > shown.size()) {
            unreadable.add(new UnreadableInput(path, (count - shown.size()) + " more malformed CSV records, left out"));
        }
        return all.filter(col(MALFORMED).isNull()).drop(MALFORMED);
    }

    /**
     * RFC 4180: a header row, quoted cells may hold commas, line breaks and doubled quotes (Spark's default
     * escape, a backslash, would split such a cell at its commas); records may span lines.
     */
    private static DataFrameReader csvReader(SparkSession spark) {
        return spark.read().option("header", "true").option("multiLine", "true").option("quote", "\"")
                .option("escape", "\"").option("encoding", "UTF-8");
    }

    private static String quoted(String record) {
        String r = record == null ? "" : record;
        String shown = r.length() > 200 ? r.substring(0, 200) + "..." : r;
        return "'" + shown.replace("\r", "\\r").replace("\n", "\\n") + "'";
    }

    /** A key cell as written; null when the cell is empty. */
    static Column verbatimKey(Column c) {
        Column text = c.cast("string");
        return when(text.equalTo(""), lit(null).cast("string")).otherwise(text);
    }

    /** A path cell, trimmed; null when blank. */
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
