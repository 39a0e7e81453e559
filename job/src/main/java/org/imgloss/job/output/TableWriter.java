package org.imgloss.job.output;

import static org.apache.spark.sql.functions.base64;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
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
 * Writes one run into a table under {@code output.path}, partitioned by {@code run_id}, replacing
 * that run (and only that run) as one step:
 *
 * <ul>
 *   <li><b>delta</b>: one Delta commit, an overwrite with {@code replaceWhere run_id = '<id>'}
 *       and {@code mergeSchema} (new metric aliases add columns). Readers see the old run's rows or
 *       the new ones. Runs with other ids written at the same time are other partitions: a commit
 *       that loses the race to another one is retried (the rows are cached, nothing is rescored).</li>
 *   <li><b>parquet, csv, json</b>: the run is written into a hidden folder beside the others
 *       ({@code _staging-<id>-<random>}, which readers skip), then swapped in by renaming: the old
 *       {@code run_id=<id>} folder aside, the new one into its place, the old one deleted. Rename is
 *       atomic on local and HDFS file systems, not on S3 (a copy). The files hold {@code run_id}
 *       too, not only the folder name.</li>
 * </ul>
 *
 * CSV gets a header row, and its map, array and struct columns are written as JSON text and
 * binary columns as base64. JSON lines keep null fields, so every row has every column.
 */
public final class TableWriter {

    /** Attempts at a Delta commit that conflicts with a concurrent writer. */
    static final int DELTA_ATTEMPTS = 8;

    private final OutputConfig output;
    private final String runId;

    /** @param runId the run every written row belongs to; that run is replaced */
    public TableWriter(OutputConfig output, String runId) {
        this.output = output;
        this.runId = runId;
    }

    /** Writes {@code rows} (all of run {@code runId}) as that run of {@code table}; returns its location. */
    public String write(Dataset<Row> rows, String table) {
        String location = output.table(table);
        if (output.format() == OutputFormat.DELTA) {
            writeDelta(rows, location);
        } else {
            writeFiles(rows, location);
        }
        return location;
    }

    private void writeDelta(Dataset<Row> rows, String location) {
        for (int attempt = 1; ; attempt++) {
            try {
                rows.write().format("delta").mode(SaveMode.Overwrite)
                        .option("replaceWhere", ScoresSchema.RUN_ID + " = '" + runId + "'")
                        .option("mergeSchema", "true")
                        .partitionBy(ScoresSchema.RUN_ID)
                        .save(location);
                return;
            } catch (RuntimeException e) {
                if (attempt >= DELTA_ATTEMPTS || !concurrentCommit(e)) {
                    throw e;
                }
                try {
                    Thread.sleep(100L * attempt + ThreadLocalRandom.current().nextLong(200));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** A Delta commit that lost a race with another writer (io.delta.exceptions.*), worth retrying. */
    static boolean concurrentCommit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
                String n = c.getName();
                if (n.endsWith("ConcurrentModificationException") || n.endsWith("ProtocolChangedException")
                        || n.endsWith("MetadataChangedException") || n.endsWith("ConcurrentAppendException")
                        || n.endsWith("ConcurrentWriteException")) {
                    return true;
                }
            }
        }
        return false;
    }

    private void writeFiles(Dataset<Row> rows, String location) {
        Dataset<Row> out = output.format() == OutputFormat.CSV ? jsonComplexColumns(rows) : rows;
        String tag = runId + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path table = new Path(location);
        Path staging = new Path(table, "_staging-" + tag);
        DataFrameWriter<Row> writer = out.write().mode(SaveMode.ErrorIfExists).format(output.format().configName());
        if (output.format() == OutputFormat.CSV) {
            // RFC 4180: a quote inside a field is doubled (Spark's default escape, a backslash, is misread by
            // pandas, R and spreadsheets, e.g. in a file name or a config_yaml holding a quote)
            writer = writer.option("header", "true").option("escape", "\"");
        } else if (output.format() == OutputFormat.JSON) {
            writer = writer.option("ignoreNullFields", "false"); // every row has every column
        }
        writer.save(staging.toString());
        swapIn(rows.sparkSession(), table, staging, tag);
    }

    /** Renames {@code staging} to {@code run_id=<id>}, the previous folder of that run aside first, then deletes it. */
    private void swapIn(org.apache.spark.sql.SparkSession spark, Path table, Path staging, String tag) {
        Path target = new Path(table, ScoresSchema.RUN_ID + "=" + runId);
        Path replaced = new Path(table, "_replaced-" + tag);
        try {
            FileSystem fs = table.getFileSystem(spark.sparkContext().hadoopConfiguration());
            boolean hadOld = fs.exists(target);
            if (hadOld && !fs.rename(target, replaced)) {
                throw new IOException("cannot move " + target + " aside");
            }
            if (!fs.rename(staging, target)) {
                if (hadOld) {
                    fs.rename(replaced, target);
                }
                throw new IOException("cannot rename " + staging + " to " + target);
            }
            if (hadOld) {
                fs.delete(replaced, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace run " + runId + " under " + table, e);
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
