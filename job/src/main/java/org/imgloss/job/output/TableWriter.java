package org.imgloss.job.output;

import static org.apache.spark.sql.functions.base64;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.imgloss.job.config.OutputConfig;
import org.imgloss.job.config.OutputFormat;

/**
 * Writes a table under {@code output.path}, partitioned by {@code run_id} (a folder
 * {@code run_id=<id>} per run) with dynamic partition overwrite: re-running an id replaces exactly
 * that run's folder, other runs stay. CSV gets a header row, and its map, array and struct columns
 * are written as JSON text and binary (carried) columns as base64. JSON lines keep null fields, so every row has every column.
 */
public final class TableWriter {

    private final OutputConfig output;
    private final String runId;

    /** @param runId the run every written row belongs to; its folder is replaced */
    public TableWriter(OutputConfig output, String runId) {
        this.output = output;
        this.runId = runId;
    }

    /** Writes {@code table} and returns its location. */
    public String write(Dataset<Row> rows, String table) {
        Dataset<Row> out = output.format() == OutputFormat.CSV ? jsonComplexColumns(rows) : rows;
        String location = output.table(table);
        clearRun(rows.sparkSession(), location, runId);
        var writer = out.write()
                .mode(SaveMode.Overwrite)
                .option("partitionOverwriteMode", "dynamic")
                .partitionBy(ScoresSchema.RUN_ID)
                .format(output.format().configName());
        if (output.format() == OutputFormat.CSV) {
            // RFC 4180: a quote inside a field is doubled (Spark's default escape, a backslash, is misread by
            // pandas, R and spreadsheets, e.g. in a file name or a config_yaml holding a quote)
            writer = writer.option("header", "true").option("escape", "\"");
        } else if (output.format() == OutputFormat.JSON) {
            writer = writer.option("ignoreNullFields", "false"); // every row has every column
        }
        writer.save(location);
        return location;
    }

    /**
     * Deletes {@code <location>/run_id=<runId>} if it exists. Dynamic partition overwrite only
     * replaces partitions that receive rows, so without this a re-run with no pairs would leave the
     * old run's rows in place. Ids are letters, digits, '.', '_', '-': the folder name needs no escaping.
     */
    public static void clearRun(org.apache.spark.sql.SparkSession spark, String location, String runId) {
        Path p = new Path(location, ScoresSchema.RUN_ID + "=" + runId);
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            fs.delete(p, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace run " + runId + " under " + location, e);
        }
    }

    static Dataset<Row> jsonComplexColumns(Dataset<Row> rows) {
        StructType schema = rows.schema();
        List<Column> cols = new ArrayList<>();
        for (StructField f : schema.fields()) {
            boolean complex = f.dataType() instanceof MapType || f.dataType() instanceof ArrayType
                    || f.dataType() instanceof StructType;
            if (complex) {
                cols.add(to_json(col(f.name())).as(f.name()));
            } else if (f.dataType() instanceof BinaryType) {
                cols.add(base64(col(f.name())).as(f.name()));
            } else {
                cols.add(col(f.name()));
            }
        }
        return rows.select(cols.toArray(new Column[0]));
    }
}
