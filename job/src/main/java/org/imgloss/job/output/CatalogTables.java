package org.imgloss.job.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.imgloss.job.config.CatalogConfig;
import org.imgloss.job.config.OutputConfig;
import org.imgloss.job.config.OutputFormat;

/**
 * Keeps the written tables in the Spark session's catalog ({@code output.catalog}): the Hive metastore,
 * Glue or Unity catalog the session is configured with, or a local session's in-memory one. The database
 * is created when missing, and each table is registered once over its folder
 * ({@code CREATE TABLE IF NOT EXISTS db.scores USING parquet LOCATION '<output.path>/scores'}), so the
 * catalog table and the folder are one history. A Delta table's partitions and columns are in its own
 * log: the catalog table is only refreshed. For the file formats, after each run the run's partition (its
 * committed attempt, {@code run_id=<id>/_attempt=<attempt>}) replaces the run's earlier one in the catalog,
 * columns a run adds (new metrics, group columns) are added to the table's schema (not for CSV, which is
 * read by column position: runs with other columns do not fit a CSV table), and the table is refreshed.
 */
public final class CatalogTables {

    private CatalogTables() {
    }

    /**
     * Registers (or updates) the tables just written.
     *
     * @param tables table name to the rows written (their schema as written, before any CSV conversion)
     * @return the catalog names of the tables, e.g. {@code db.scores}
     */
    public static List<String> register(SparkSession spark, OutputConfig output, String runId,
                                        Map<String, Dataset<Row>> tables) {
        CatalogConfig catalog = output.catalog();
        if (!spark.catalog().databaseExists(catalog.database())) {
            spark.sql("CREATE DATABASE IF NOT EXISTS " + catalog.quotedDatabase());
        }
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Dataset<Row>> t : tables.entrySet()) {
            String name = catalog.quotedTable(t.getKey());
            StructType written = t.getValue().schema();
            if (!spark.catalog().tableExists(catalog.table(t.getKey()))) {
                spark.sql("CREATE TABLE IF NOT EXISTS " + name + " USING " + output.format().configName()
                        + options(output.format()) + " LOCATION '" + escape(output.table(t.getKey())) + "'");
                if (output.format() != OutputFormat.DELTA) {
                    recoverPartitions(spark, name); // every run written before
                }
            } else if (output.format() != OutputFormat.DELTA) {
                if (output.format() != OutputFormat.CSV) { // CSV is read by position: new columns cannot be added
                    addColumns(spark, name, written);
                }
                replacePartition(spark, name, output.table(t.getKey()), runId);
            }
            spark.sql("REFRESH TABLE " + name);
            names.add(catalog.table(t.getKey()));
        }
        return names;
    }

    /** How the tables are read back: CSV with the options {@link TableWriter} writes with, types inferred. */
    private static String options(OutputFormat format) {
        return switch (format) {
            case CSV -> " OPTIONS (header 'true', escape '\"', multiLine 'true', inferSchema 'true')";
            case PARQUET -> " OPTIONS (mergeSchema 'true')"; // runs with other metrics have other columns
            default -> "";
        };
    }

    private static boolean partitioned(SparkSession spark, String name) {
        return spark.sql("DESCRIBE TABLE " + name).collectAsList().stream()
                .anyMatch(r -> "# Partition Information".equals(r.getString(0)));
    }

    /** Makes the catalog list every run folder (file tables whose partitions the catalog tracks). */
    private static void recoverPartitions(SparkSession spark, String name) {
        if (partitioned(spark, name)) {
            spark.sql("ALTER TABLE " + name + " RECOVER PARTITIONS");
        }
    }

    /** Points the catalog's partitions of the run id at the attempt folders now under it (the committed one). */
    private static void replacePartition(SparkSession spark, String name, String location, String runId) {
        if (!partitioned(spark, name)) {
            return;
        }
        String run = ScoresSchema.RUN_ID + " = '" + escape(runId) + "'";
        spark.sql("ALTER TABLE " + name + " DROP IF EXISTS PARTITION (" + run + ")");
        Path runFolder = new Path(location, ScoresSchema.RUN_ID + "=" + runId);
        try {
            FileSystem fs = runFolder.getFileSystem(spark.sparkContext().hadoopConfiguration());
            for (FileStatus s : fs.listStatus(runFolder)) {
                String folder = s.getPath().getName();
                if (s.isDirectory() && folder.startsWith(History.ATTEMPT + "=")) {
                    spark.sql("ALTER TABLE " + name + " ADD IF NOT EXISTS PARTITION (" + run + ", " + History.ATTEMPT
                            + " = '" + escape(folder.substring(History.ATTEMPT.length() + 1)) + "')");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runFolder, e);
        }
    }

    /** Adds the written columns the catalog table lacks (e.g. a metric a later run scores). */
    private static void addColumns(SparkSession spark, String name, StructType written) {
        Set<String> known = new HashSet<>();
        Arrays.stream(spark.table(name).schema().fields()).forEach(f -> known.add(f.name().toLowerCase(Locale.ROOT)));
        List<String> added = new ArrayList<>();
        for (StructField f : written.fields()) {
            if (!known.contains(f.name().toLowerCase(Locale.ROOT))) {
                added.add("`" + f.name().replace("`", "``") + "` " + f.dataType().sql());
            }
        }
        if (!added.isEmpty()) {
            spark.sql("ALTER TABLE " + name + " ADD COLUMNS (" + String.join(", ", added) + ")");
        }
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("'", "\\'");
    }
}
