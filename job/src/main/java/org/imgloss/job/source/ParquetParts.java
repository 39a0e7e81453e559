package org.imgloss.job.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Reads a Parquet table (a file, or a folder of part files) skipping the part files that are not
 * readable Parquet (garbage, truncated, another format), each reported as {@link UnreadableInput}
 * instead of failing the whole read. Every part file's footer is read once, in a Spark job (the
 * files spread over the executors); the table is then read from the readable files only, with the
 * folder as {@code basePath} so that partition folders ({@code model=a/}) still give columns. A part
 * file with a sound footer but corrupt data pages is not detected here; reading it fails the run.
 *
 * <p>The part files are listed on the driver: Spark's own Parquet reader plans its splits from the file
 * list on the driver anyway, and a part file holds many rows, so this is one name per part file, never one
 * per pair (a million pairs come in tens of part files).
 */
final class ParquetParts {

    /** The readable part of the table, and the files left out. */
    record Table(Dataset<Row> rows, List<UnreadableInput> unreadable) {
    }

    private ParquetParts() {
    }

    /**
     * @throws IOException when the path cannot be listed, or no file of it is readable Parquet (then the
     *                     message names each file's error)
     */
    static Table read(SparkSession spark, String path) throws IOException {
        HadoopFiles.Listing listing = HadoopFiles.listRecursively(path, spark.sparkContext().hadoopConfiguration());
        List<String> files = listing.files().stream().map(HadoopFiles.Listed::uri).toList();
        List<UnreadableInput> unreadable = new ArrayList<>(listing.unreadable());
        List<String> readable = new ArrayList<>();
        if (!files.isEmpty()) {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            Broadcast<SerializableConfiguration> conf =
                    jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
            int slices = Math.max(1, Math.min(files.size(), spark.sparkContext().defaultParallelism() * 4));
            List<String> errors = jsc.parallelize(files, slices).map(new FooterError(conf)).collect();
            for (int i = 0; i < files.size(); i++) {
                if (errors.get(i) == null) {
                    readable.add(files.get(i));
                } else {
                    unreadable.add(new UnreadableInput(files.get(i), errors.get(i)));
                }
            }
        }
        if (readable.isEmpty()) {
            throw new IOException(files.isEmpty() ? "no data file in it"
                    : "no readable Parquet file in it (" + unreadable + ")");
        }
        Path root = new Path(path);
        boolean single = root.getFileSystem(spark.sparkContext().hadoopConfiguration()).getFileStatus(root).isFile();
        Dataset<Row> rows = single ? spark.read().parquet(readable.get(0))
                : spark.read().option("basePath", path).parquet(readable.toArray(new String[0]));
        return new Table(rows, unreadable);
    }

    /** Null when the file's Parquet footer reads, else why not. */
    static final class FooterError implements Function<String, String> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<SerializableConfiguration> conf;

        FooterError(Broadcast<SerializableConfiguration> conf) {
            this.conf = conf;
        }

        @Override
        public String call(String uri) {
            try (ParquetFileReader reader = ParquetFileReader.open(
                    HadoopInputFile.fromPath(new Path(uri), conf.value().value()))) {
                reader.getFooter();
                return null;
            } catch (IOException | RuntimeException e) {
                return "not readable as Parquet: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage().split("\n")[0]);
            }
        }
    }
}
