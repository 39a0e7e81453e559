package org.imgloss.job.output;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.imgloss.job.config.OutputConfig;
import org.imgloss.job.config.OutputFormat;

/**
 * The audit history under {@code output.path}: the tables {@code scores}, {@code summary} and
 * {@code runs} of every run written there. It knows the format a history is in, whether a new run
 * fits it (checked before anything is scored), and reads it back with only the complete runs (those
 * with their row in {@code runs}, which a run writes last).
 */
public final class History {

    /** The three tables, in the order a run writes them ({@code runs} last: it marks a complete run). */
    public static final List<String> TABLES = List.of("scores", "summary", "runs");

    private History() {
    }

    /** The format the history at {@code output.path} is in, or null when there is none yet. */
    public static OutputFormat existingFormat(SparkSession spark, OutputConfig output) {
        try {
            for (String table : TABLES) {
                Path p = new Path(output.table(table));
                FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
                if (!fs.exists(p)) {
                    continue;
                }
                if (fs.exists(new Path(p, "_delta_log"))) {
                    return OutputFormat.DELTA;
                }
                OutputFormat f = fileFormat(fs, p, 0);
                if (f != null) {
                    return f;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look into " + output.path(), e);
        }
    }

    /** The format of the first data file under {@code folder} (skipping hidden names), or null. */
    private static OutputFormat fileFormat(FileSystem fs, Path folder, int depth) throws IOException {
        for (FileStatus s : fs.listStatus(folder)) {
            String name = s.getPath().getName();
            if (name.startsWith("_") || name.startsWith(".")) {
                continue;
            }
            if (s.isDirectory()) {
                OutputFormat f = depth < 2 ? fileFormat(fs, s.getPath(), depth + 1) : null;
                if (f != null) {
                    return f;
                }
            } else if (name.endsWith(".parquet")) {
                return OutputFormat.PARQUET;
            } else if (name.endsWith(".csv") || name.endsWith(".csv.gz")) {
                return OutputFormat.CSV;
            } else if (name.endsWith(".json") || name.endsWith(".json.gz")) {
                return OutputFormat.JSON;
            }
        }
        return null;
    }

    /**
     * What keeps a run with these scores from joining the history at {@code output.path}: a history
     * in another format, or a scores column whose type differs from the history's. Empty when it fits.
     *
     * @param scores the run's scores schema, or null to check the format only
     */
    public static List<String> conflicts(SparkSession spark, OutputConfig output, StructType scores) {
        List<String> problems = new ArrayList<>();
        OutputFormat existing = existingFormat(spark, output);
        if (existing == null) {
            return problems;
        }
        if (existing != output.format()) {
            problems.add("output.format: " + output.path() + " already holds a history in " + existing.configName()
                    + ", this run would write " + output.format().configName()
                    + "; set output.format: " + existing.configName() + " or choose another output.path");
            return problems;
        }
        if (scores == null || existing != OutputFormat.DELTA && existing != OutputFormat.PARQUET) {
            return problems; // csv and json have no stored types
        }
        StructType history;
        try {
            history = read(spark, output, "scores").schema();
        } catch (RuntimeException e) {
            if (e.getClass().getSimpleName().equals("AnalysisException")
                    && String.valueOf(e.getMessage()).contains("PATH_NOT_FOUND")) {
                return problems;
            }
            problems.add("output.path: the scores already under " + output.path() + " cannot be read together ("
                    + firstLine(e.getMessage()) + "); choose another output.path");
            return problems;
        }
        for (StructField f : scores.fields()) {
            if (f.name().equals(ScoresSchema.RUN_ID)) {
                continue;
            }
            for (StructField h : history.fields()) {
                if (h.name().equalsIgnoreCase(f.name())
                        && !h.dataType().catalogString().equals(f.dataType().catalogString())) {
                    problems.add("output: column '" + f.name() + "' of scores is "
                            + f.dataType().catalogString().toUpperCase(Locale.ROOT) + " in this run but "
                            + h.dataType().catalogString().toUpperCase(Locale.ROOT) + " in the history at "
                            + output.path() + "; rename it (a metric's 'as') or choose another output.path");
                }
            }
        }
        return problems;
    }

    private static String firstLine(String s) {
        String t = s == null ? "" : s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    /** Whether the history at {@code output.path} has this table (e.g. {@code checks}, which older runs lack). */
    public static boolean has(SparkSession spark, OutputConfig output, String table) {
        Path p = new Path(output.table(table));
        try {
            return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look into " + output.path(), e);
        }
    }

    /** One table of the history, every row (complete runs or not). */
    public static Dataset<Row> read(SparkSession spark, OutputConfig output, String table) {
        String location = output.table(table);
        return switch (output.format()) {
            case DELTA -> spark.read().format("delta").load(location);
            case PARQUET -> spark.read().option("mergeSchema", "true").parquet(location);
            case CSV -> spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"")
                    .option("inferSchema", "true").csv(location);
            case JSON -> spark.read().json(location);
        };
    }

    /** One table of the history, the rows of complete runs only (a run is complete once its {@code runs} row is in). */
    public static Dataset<Row> complete(SparkSession spark, OutputConfig output, String table) {
        Dataset<Row> rows = read(spark, output, table);
        if (table.equals("runs")) {
            return rows;
        }
        Dataset<Row> ids = read(spark, output, "runs").select(col(ScoresSchema.RUN_ID).cast("string").as("_complete"))
                .distinct();
        return rows.join(ids, rows.col(ScoresSchema.RUN_ID).cast("string").equalTo(ids.col("_complete")), "left_semi");
    }

    /**
     * Registers {@code scores}, {@code summary} and {@code runs} as temporary views of the complete
     * runs. File formats read {@code run_id} as text (no guessing of digit-only ids as numbers).
     */
    public static void registerViews(SparkSession spark, OutputConfig output) {
        spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
        for (String table : TABLES) {
            complete(spark, output, table).createOrReplaceTempView(table);
        }
    }
}
