package org.imgloss.job.source;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.imgloss.errors.ErrorCode;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.InputConfig;
import org.imgloss.job.config.Secrets;
import org.imgloss.spark.ImageStructs;

/**
 * Pairs stored in two image columns of a Parquet table, each either BINARY (encoded images: PNG,
 * TIFF, ...) or Spark's image struct ({@value ImageStructs#SCHEMA}, as {@code spark.read.format("image")}
 * gives; see {@link ImageStructs}, decoded by {@link org.imgloss.image.OpenCvPixels}), with a key
 * column and other columns carried into the outputs. The key column is optional unless named in
 * the config: without it the key is the reconstruction struct's {@code origin} when the
 * reconstruction column is an image struct with an origin (a null or blank origin, and BINARY
 * columns, give {@code row-<n>}); repeated origins are {@code DUPLICATE_KEY} rows. An image
 * struct's {@code origin} is also the row's {@code reconstruction_path} / {@code original_path}
 * (null for BINARY columns). The rows are scored where they are read: they are never
 * shuffled. A null image gives a {@code MISSING_*} row, a repeated key a {@code DUPLICATE_KEY} row
 * each. As in a manifest, keys are kept verbatim as text, and a null or empty key is a
 * {@code MISSING_KEY} row. Part files that are not readable Parquet are left out and reported
 * ({@link ParquetParts}).
 */
public final class ParquetSource implements PairSource {

    private final InputConfig input;

    public ParquetSource(InputConfig input) {
        this.input = input;
    }

    @Override
    public Pairs load(SparkSession spark) throws ConfigException {
        Dataset<Row> table;
        List<UnreadableInput> unreadable;
        try {
            ParquetParts.Table parts = ParquetParts.read(spark, input.path());
            table = parts.rows();
            unreadable = parts.unreadable();
        } catch (java.io.FileNotFoundException e) {
            throw new ConfigException(Secrets.maskUserInfo("input.path: cannot read '" + input.path()
                    + "': no such file or folder"));
        } catch (java.io.IOException | RuntimeException e) { // AnalysisException: not Parquet
            throw new ConfigException(Secrets.maskUserInfo("input.path: cannot read '" + input.path() + "' as Parquet: "
                    + String.valueOf(e.getMessage()).split("\n")[0]));
        }
        List<String> columns = Arrays.asList(table.columns());
        List<String> errors = new ArrayList<>();
        requireImage(table, columns, "reconstruction_column", input.reconstructionColumn(), errors);
        requireImage(table, columns, "original_column", input.originalColumn(), errors);
        boolean hasKey = columns.contains(input.keyColumn());
        if (input.keyColumnExplicit()) {
            ManifestSource.requireColumn(columns, "key_column", input.keyColumn(), errors);
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        List<String> carried = ManifestSource.carriedColumns(columns, input, hasKey);
        // as in a manifest: the key is the column's value as text, verbatim; a null or empty key is a
        // MISSING_KEY row (never a key of its own, so such rows are not DUPLICATE_KEY rows of each other)
        Column reconOrigin = origin(table, input.reconstructionColumn());
        Column origOrigin = origin(table, input.originalColumn());
        Column rowId = concat(lit("row-"), monotonically_increasing_id().cast("string"));
        boolean originKey = !hasKey && ImageStructs.hasOrigin(typeOf(table, input.reconstructionColumn()));
        Column key = hasKey ? ManifestSource.verbatimKey(col(input.keyColumn()))
                : originKey ? coalesce(ManifestSource.nonEmpty(reconOrigin), rowId) : rowId;
        List<Column> select = new ArrayList<>();
        select.add(key.as(PairColumns.KEY));
        select.add(reconOrigin.as(PairColumns.RECONSTRUCTION_PATH));
        select.add(origOrigin.as(PairColumns.ORIGINAL_PATH));
        for (String c : carried) {
            select.add(col(c));
        }
        select.add(col(input.reconstructionColumn()).as(PairColumns.RECONSTRUCTION_BYTES));
        select.add(col(input.originalColumn()).as(PairColumns.ORIGINAL_BYTES));
        Column missingK = col(PairColumns.KEY).isNull();
        Column missingR = col(PairColumns.RECONSTRUCTION_BYTES).isNull();
        Column missingO = col(PairColumns.ORIGINAL_BYTES).isNull();
        Dataset<Row> rows = table.select(select.toArray(new Column[0]))
                .withColumn(PairColumns.SOURCE_ERROR_CODE,
                        when(missingK, lit(ErrorCode.MISSING_KEY.code()))
                                .when(missingR, lit(ErrorCode.MISSING_RECONSTRUCTION.code()))
                                .when(missingO, lit(ErrorCode.MISSING_ORIGINAL.code())))
                .withColumn(PairColumns.SOURCE_ERROR_MESSAGE,
                        when(missingK, lit("column '" + input.keyColumn() + "' is null or empty"))
                                .when(missingR, lit("column '" + input.reconstructionColumn() + "' is null"))
                                .when(missingO, lit("column '" + input.originalColumn() + "' is null")));
        if (!hasKey && !originKey) {
            return new Pairs(rows, carried, true, null, unreadable);
        }
        return new Pairs(Duplicates.mark(rows), carried, true, null, unreadable);
    }

    private static DataType typeOf(Dataset<Row> table, String column) {
        return table.schema().apply(column).dataType();
    }

    /** The image struct's origin (trimmed, blank is null), or a null string for a BINARY column. */
    private static Column origin(Dataset<Row> table, String column) {
        return ImageStructs.hasOrigin(typeOf(table, column))
                ? ManifestSource.nonEmpty(col(column).getField(ImageStructs.ORIGIN))
                : lit(null).cast("string");
    }

    private static void requireImage(Dataset<Row> table, List<String> columns, String key, String name,
                                     List<String> errors) {
        if (!columns.contains(name)) {
            ManifestSource.requireColumn(columns, key, name, errors);
            return;
        }
        DataType t = typeOf(table, name);
        if (!t.equals(DataTypes.BinaryType) && !ImageStructs.isImageStruct(t)) {
            errors.add("input." + key + ": column '" + name + "' must be BINARY (encoded image bytes) or an image "
                    + "struct (" + ImageStructs.SCHEMA + ", as spark.read.format(\"image\") gives), got "
                    + t.simpleString());
        }
    }
}
