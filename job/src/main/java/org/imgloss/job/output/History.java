package org.imgloss.job.output;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.imgloss.job.config.OutputConfig;
import org.imgloss.job.config.OutputFormat;

/**
 * The audit history under {@code output.path}: the tables {@code scores}, {@code summary},
 * {@code checks}, {@code regressions} and {@code runs} of every run written there. It knows the format a history is in, whether a new run
 * fits it (checked before anything is scored), and reads it back with only the complete runs.
 *
 * <p>Every row carries the hidden column {@code _attempt}, the id of the attempt that wrote it (a
 * partition below {@code run_id}). A run writes all its tables as a new attempt and its {@code runs}
 * row last: that row names the attempt, and is the one commit that makes the attempt the run's (see
 * {@link TableWriter}). The committed attempt of a run id is the {@code _attempt} of its {@code runs}
 * row (the newest, when a crash after a file-format commit left two). Readers keep only the rows of
 * committed attempts, so they see a run id's earlier attempt or its new one across all tables, never a
 * mix, and never the rows of an attempt that failed or was killed before its commit.
 */
public final class History {

    /** The tables, in the order a run writes them ({@code runs} last: it commits the run). */
    public static final List<String> TABLES = List.of("scores", "summary", "checks", "regressions", "runs");

    /** The table whose row commits a run. */
    public static final String RUNS = "runs";

    /** The hidden column (and partition) naming the attempt that wrote a row. */
    public static final String ATTEMPT = "_attempt";

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

    /** The format of the first data file under {@code folder} (skipping hidden names, as Spark does), or null. */
    private static OutputFormat fileFormat(FileSystem fs, Path folder, int depth) throws IOException {
        for (FileStatus s : fs.listStatus(folder)) {
            String name = s.getPath().getName();
            if (hidden(name)) {
                continue;
            }
            if (s.isDirectory()) {
                OutputFormat f = depth < 3 ? fileFormat(fs, s.getPath(), depth + 1) : null;
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

    /** A name Spark's file listing skips: {@code .x}, {@code _x}, but not a partition folder {@code _attempt=…}. */
    static boolean hidden(String name) {
        return name.startsWith(".") || name.startsWith("_") && !name.contains("=");
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
        String legacy = legacyLayout(spark, output);
        if (legacy != null) {
            problems.add("output.path: " + output.path() + " holds a history written by an earlier imgloss (" + legacy
                    + ", no " + ATTEMPT + " partition); choose another output.path");
            return problems;
        }
        if (scores == null || existing != OutputFormat.DELTA && existing != OutputFormat.PARQUET) {
            return problems; // csv and json have no stored types
        }
        StructType history;
        try {
            history = read(spark, output, "scores").schema();
        } catch (Exception e) { // Spark's AnalysisException is a checked exception, thrown from Scala code
            if (noTableYet(e)) {
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

    /**
     * Where the history lacks the attempt partition (written before attempts existed): a table and its
     * layout, or null. Such a history is read (its rows count as committed) but not written to.
     */
    private static String legacyLayout(SparkSession spark, OutputConfig output) {
        try {
            for (String table : TABLES) {
                Path p = new Path(output.table(table));
                FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
                if (!fs.exists(p) || output.format() == OutputFormat.DELTA && !table.equals(RUNS)) {
                    continue; // Delta: the runs table tells (one version of imgloss writes all tables)
                }
                if (output.format() == OutputFormat.DELTA) {
                    if (fs.exists(new Path(p, "_delta_log")) && partitionedByRunIdAlone(spark, output, table)) {
                        return table + " partitioned by " + ScoresSchema.RUN_ID + " alone";
                    }
                    continue;
                }
                for (FileStatus run : fs.listStatus(p)) {
                    if (!run.isDirectory() || hidden(run.getPath().getName())) {
                        continue;
                    }
                    for (FileStatus f : fs.listStatus(run.getPath())) {
                        if (f.isFile() && !hidden(f.getPath().getName())) {
                            return table + " files directly in " + run.getPath().getName();
                        }
                    }
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look into " + output.path(), e);
        }
    }

    /**
     * Whether a Delta table lacks the {@code _attempt} column of today's layout; false while its log has no
     * first commit yet (another run is creating the history).
     */
    private static boolean partitionedByRunIdAlone(SparkSession spark, OutputConfig output, String table) {
        try {
            return !List.of(read(spark, output, table).columns()).contains(ATTEMPT);
        } catch (Exception e) { // Spark's AnalysisException is a checked exception, thrown from Scala code
            if (noTableYet(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Whether reading a table failed because there is no table yet: no folder, or (Delta) a log folder
     * without a first commit, which a run writing the history's first version makes before it commits.
     */
    private static boolean noTableYet(Exception e) {
        String message = String.valueOf(e.getMessage());
        return e.getClass().getSimpleName().endsWith("AnalysisException")
                && (message.contains("PATH_NOT_FOUND") || message.contains("DELTA_TABLE_NOT_FOUND"));
    }

    private static String firstLine(String s) {
        String t = s == null ? "" : s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    /**
     * Whether the history at {@code output.path} has this table for readers (e.g. {@code checks}, which older
     * runs lack): its folder and, in Delta, a commit in its log. A run that writes a table's first version makes
     * the log folder before it commits, and a run beside it (another run id) may look in between.
     */
    public static boolean has(SparkSession spark, OutputConfig output, String table) {
        Path p = new Path(output.table(table));
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (output.format() != OutputFormat.DELTA) {
                return fs.exists(p);
            }
            Path log = new Path(p, "_delta_log");
            if (!fs.exists(log)) {
                return false;
            }
            for (var files = fs.listStatusIterator(log); files.hasNext(); ) {
                if (DELTA_VERSION.matcher(files.next().getPath().getName()).matches()) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look into " + output.path(), e);
        }
    }

    /** A file of a Delta log that holds a version: a commit or a checkpoint (single, multi-part or v2). */
    private static final java.util.regex.Pattern DELTA_VERSION =
            java.util.regex.Pattern.compile("\\d{20}\\.(json|checkpoint\\..+)");

    /**
     * One table of the history as stored: every attempt's rows (committed or not), with {@code _attempt}.
     * File formats read {@code run_id} and {@code _attempt} as text (no guessing of digit-only ids as numbers).
     */
    public static Dataset<Row> read(SparkSession spark, OutputConfig output, String table) {
        String location = output.table(table);
        if (output.format() != OutputFormat.DELTA) {
            spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
        }
        return switch (output.format()) {
            case DELTA -> spark.read().format("delta").load(location);
            case PARQUET -> spark.read().option("mergeSchema", "true").parquet(location);
            case CSV -> spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"")
                    .option("inferSchema", "true").csv(location);
            case JSON -> spark.read().json(location);
        };
    }

    /**
     * One table of the history, the rows of committed attempts only, without {@code _attempt}: each run id
     * as its last complete run wrote it (a run is complete once its {@code runs} row is in).
     */
    public static Dataset<Row> complete(SparkSession spark, OutputConfig output, String table) {
        // the table before runs: a run commits after its other tables, so a runs row read later never
        // names an attempt whose rows this read of the table could have missed
        Dataset<Row> rows = withAttempt(read(spark, output, table));
        if (!table.equals(RUNS) && !has(spark, output, RUNS)) {
            return rows.limit(0).drop(ATTEMPT); // the history's first run has not committed yet: no run is complete
        }
        // runs itself: the same read (one snapshot or listing of the table, not two)
        Dataset<Row> committed = committedAttempts(table.equals(RUNS) ? rows : withAttempt(read(spark, output, RUNS)));
        Column sameRun = rows.col(ScoresSchema.RUN_ID).cast(DataTypes.StringType).equalTo(committed.col("_c_run_id"))
                .and(rows.col(ATTEMPT).eqNullSafe(committed.col("_c_attempt")));
        return rows.join(committed, sameRun, "left_semi").drop(ATTEMPT);
    }

    /** Run id and committed attempt of every run: its newest {@code runs} row's. */
    private static Dataset<Row> committedAttempts(Dataset<Row> runs) {
        return runs.groupBy(col(ScoresSchema.RUN_ID).cast(DataTypes.StringType).as("_c_run_id"))
                .agg(max(col(ATTEMPT)).as("_c_attempt"));
    }

    /** A table written before attempts existed: every row counts as its run's (null attempt). */
    private static Dataset<Row> withAttempt(Dataset<Row> rows) {
        return List.of(rows.columns()).contains(ATTEMPT) ? rows
                : rows.withColumn(ATTEMPT, lit(null).cast(DataTypes.StringType));
    }

    /**
     * Registers {@code scores}, {@code summary} and {@code runs} (and any other table of {@link #TABLES})
     * as temporary views of the committed attempts (see {@link #complete}).
     */
    public static void registerViews(SparkSession spark, OutputConfig output) {
        registerViews(spark, output, TABLES);
    }

    /**
     * Registers the views of those of {@code tables} that the history has (each view's reading starts
     * with its table's log or file listing: a command registers the ones it uses).
     */
    public static void registerViews(SparkSession spark, OutputConfig output, Collection<String> tables) {
        for (String table : TABLES) {
            if (tables.contains(table) && hasRows(spark, output, table)) { // a history written before checks has no checks, regressions
                complete(spark, output, table).createOrReplaceTempView(table);
            }
        }
    }

    /** Whether the table's folder is there with data a reader can take (csv and json need a file to infer from). */
    private static boolean hasRows(SparkSession spark, OutputConfig output, String table) {
        Path p = new Path(output.table(table));
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            return output.format() == OutputFormat.DELTA ? has(spark, output, table)
                    : fs.exists(p) && fileFormat(fs, p, 0) != null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look into " + output.path(), e);
        }
    }
}
