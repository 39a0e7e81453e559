package org.imgloss.job.output;

import static org.apache.spark.sql.functions.base64;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import io.delta.tables.DeltaTable;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.imgloss.job.config.OutputConfig;
import org.imgloss.job.config.OutputFormat;

/**
 * Writes one attempt at a run into the tables under {@code output.path}, partitioned by {@code run_id}
 * and {@code _attempt}, so that re-running a run id replaces that run (and only that run) in every table
 * at once. Each writer is one attempt, with a new id (a UTC timestamp and a random suffix: later attempts
 * sort after earlier ones). Every row gets the attempt id in the hidden column {@code _attempt}.
 *
 * <ol>
 *   <li>Every table but {@code runs} is added as its own partition {@code run_id=<id>/_attempt=<attempt>},
 *       beside the run id's earlier attempt, which readers ({@link History#complete}) keep showing.</li>
 *   <li>{@code runs}, written last, is the commit: its row names the attempt. From then on readers show
 *       this attempt in every table. A run that fails or is killed before this step leaves the history
 *       as readers saw it; its rows stay, unread, until the run id runs again.</li>
 *   <li>After the commit, every other attempt of the run id is deleted from every table (the previous
 *       run and any attempt that died before its commit).</li>
 * </ol>
 *
 * <ul>
 *   <li><b>delta</b>: step 1 is an append, step 2 an overwrite with {@code replaceWhere run_id = '<id>'}
 *       (one commit that swaps the runs row), step 3 a delete of partitions. {@code mergeSchema}: new metric
 *       aliases add columns. Runs with other ids written at the same time touch other partitions: a commit
 *       that loses the race to another one is retried (the rows are cached, nothing is rescored).</li>
 *   <li><b>parquet, csv, json</b>: each table's rows are written into a hidden folder
 *       ({@code _staging-<attempt>}, which readers skip) and renamed to {@code run_id=<id>/_attempt=<attempt>};
 *       for {@code runs} that one rename is the commit (until the older attempt's folder is deleted, readers
 *       take the newest attempt). Rename is atomic on local and HDFS file systems, not on S3 (a copy). The
 *       files hold {@code run_id} and {@code _attempt} too, not only the folder names.</li>
 * </ul>
 *
 * CSV gets a header row, and its map, array and struct columns are written as JSON text and
 * binary columns as base64. JSON lines keep null fields, so every row has every column.
 */
public final class TableWriter {

    /** Tries of a Delta commit that conflicts with a concurrent writer. */
    static final int DELTA_TRIES = 8;

    private static final DateTimeFormatter ATTEMPT_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final OutputConfig output;
    private final String runId;
    private final String attempt;
    private final Set<String> written = java.util.Collections.synchronizedSet(new LinkedHashSet<>()); // writes may run side by side

    /** @param runId the run every written row belongs to; that run is replaced */
    public TableWriter(OutputConfig output, String runId) {
        this.output = output;
        this.runId = runId;
        this.attempt = ATTEMPT_TIME.format(Instant.now()) + "-"
                + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    /** This attempt's id, the value of {@code _attempt} in every row it writes. */
    public String attempt() {
        return attempt;
    }

    /**
     * Writes {@code rows} (all of run {@code runId}) as this attempt's rows of {@code table}; returns its
     * location. Writing {@code runs} commits the attempt (write it last) and then deletes the run id's
     * other attempts from every table.
     */
    public String write(Dataset<Row> rows, String table) {
        String location = output.table(table);
        boolean commit = table.equals(History.RUNS);
        Dataset<Row> tagged = rows.withColumn(History.ATTEMPT, lit(attempt));
        if (output.format() == OutputFormat.DELTA) {
            writeDelta(tagged, location, commit);
        } else {
            writeFiles(tagged, location);
        }
        written.add(table);
        if (commit) {
            deleteOtherAttempts(rows.sparkSession());
        }
        return location;
    }

    private void writeDelta(Dataset<Row> rows, String location, boolean commit) {
        retryingDelta(() -> {
            DataFrameWriter<Row> w = rows.write().format("delta").option("mergeSchema", "true")
                    .partitionBy(ScoresSchema.RUN_ID, History.ATTEMPT);
            w = commit ? w.mode(SaveMode.Overwrite).option("replaceWhere", runCondition())
                    : w.mode(SaveMode.Append);
            w.save(location);
        });
    }

    private String runCondition() {
        return ScoresSchema.RUN_ID + " = '" + runId + "'"; // run ids are letters, digits, '.', '_', '-'
    }

    /** Runs a Delta commit, again when it lost a race with a concurrent writer. */
    private static void retryingDelta(Runnable commit) {
        for (int tries = 1; ; tries++) {
            try {
                commit.run();
                return;
            } catch (RuntimeException e) {
                if (tries >= DELTA_TRIES || !concurrentCommit(e)) {
                    throw e;
                }
                try {
                    Thread.sleep(100L * tries + ThreadLocalRandom.current().nextLong(200));
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
                        || n.endsWith("ConcurrentWriteException") || n.endsWith("ConcurrentDeleteReadException")
                        || n.endsWith("ConcurrentDeleteDeleteException")) {
                    return true;
                }
            }
        }
        return false;
    }

    private void writeFiles(Dataset<Row> rows, String location) {
        Dataset<Row> out = output.format() == OutputFormat.CSV ? jsonComplexColumns(rows) : rows;
        Path table = new Path(location);
        Path staging = new Path(table, "_staging-" + attempt);
        DataFrameWriter<Row> writer = out.write().mode(SaveMode.ErrorIfExists).format(output.format().configName());
        if (output.format() == OutputFormat.CSV) {
            // RFC 4180: a quote inside a field is doubled (Spark's default escape, a backslash, is misread by
            // pandas, R and spreadsheets, e.g. in a file name or a config_yaml holding a quote)
            writer = writer.option("header", "true").option("escape", "\"");
        } else if (output.format() == OutputFormat.JSON) {
            writer = writer.option("ignoreNullFields", "false"); // every row has every column
        }
        FileSystem fs = fileSystem(rows.sparkSession(), table);
        try {
            writer.save(staging.toString());
            Path runFolder = new Path(table, ScoresSchema.RUN_ID + "=" + runId);
            Path target = new Path(runFolder, History.ATTEMPT + "=" + attempt);
            if (!fs.mkdirs(runFolder) || !fs.rename(staging, target)) {
                throw new IOException("cannot rename " + staging + " to " + target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write run " + runId + " under " + table, e);
        } finally {
            deleteQuietly(fs, staging); // gone after the rename; what a failed write left otherwise
        }
    }

    /** Deletes the run id's attempts other than this one from every table of the history. */
    private void deleteOtherAttempts(SparkSession spark) {
        Set<String> tables;
        synchronized (written) {
            tables = new LinkedHashSet<>(written);
        }
        tables.addAll(History.TABLES);
        for (String table : tables) {
            Path location = new Path(output.table(table));
            FileSystem fs = fileSystem(spark, location);
            try {
                if (output.format() == OutputFormat.DELTA) {
                    if (fs.exists(new Path(location, "_delta_log")) && otherAttemptFolders(fs, location)) {
                        String others = runCondition() + " AND (" + History.ATTEMPT + " IS NULL OR "
                                + History.ATTEMPT + " <> '" + attempt + "')"; // partition columns only: no data read
                        retryingDelta(() -> DeltaTable.forPath(spark, location.toString()).delete(others));
                    }
                    continue;
                }
                Path runFolder = new Path(location, ScoresSchema.RUN_ID + "=" + runId);
                if (!fs.exists(runFolder)) {
                    continue;
                }
                for (FileStatus s : fs.listStatus(runFolder)) {
                    if (!s.getPath().getName().equals(History.ATTEMPT + "=" + attempt)) {
                        fs.delete(s.getPath(), true);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete earlier attempts of run " + runId + " under "
                        + location, e);
            }
        }
    }

    /**
     * Whether a Delta table may hold rows of the run id from another attempt: its partition folder
     * {@code run_id=<id>} holds a folder other than this attempt's. Delta writes a partition's files into
     * its folder and leaves removed files there until a vacuum, so a run id new to the table (every
     * {@code run_id: auto} run) has only this attempt's folder and needs no delete: a delete is a Delta
     * commit with a scan of the table's log, seconds on a small machine.
     */
    private boolean otherAttemptFolders(FileSystem fs, Path table) throws IOException {
        Path runFolder = new Path(table, ScoresSchema.RUN_ID + "=" + ExternalCatalogUtils.escapePathName(runId));
        if (!fs.exists(runFolder)) {
            return false;
        }
        String mine = History.ATTEMPT + "=" + ExternalCatalogUtils.escapePathName(attempt);
        for (FileStatus s : fs.listStatus(runFolder)) {
            if (!s.getPath().getName().equals(mine)) {
                return true;
            }
        }
        return false;
    }

    private static FileSystem fileSystem(SparkSession spark, Path path) {
        try {
            return path.getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + path, e);
        }
    }

    private static void deleteQuietly(FileSystem fs, Path path) {
        try {
            fs.delete(path, true);
        } catch (IOException e) {
            // a hidden folder readers skip; the next write uses another name
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
