package org.imgloss.job.samples;

import static org.apache.spark.sql.functions.col;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Makes {@code data-samples/pairs.parquet} from {@code data-samples/manifest.csv}: one row per pair
 * that has both images, columns {@code key}, {@code model}, {@code split}, {@code reconstruction}
 * and {@code original} (BINARY: the encoded files' bytes), one Parquet file. See
 * data-samples/README.md for the command.
 */
public final class WriteSampleParquet {

    private WriteSampleParquet() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "data-samples").toAbsolutePath();
        SparkSession spark = SparkSession.builder().master("local[1]").appName("write-sample-parquet")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            Dataset<Row> manifest = spark.read().option("header", "true").csv(root.resolve("manifest.csv").toString())
                    .filter(col("reconstruction").isNotNull().and(col("original").isNotNull()))
                    .filter(col("reconstruction").contains("scene07").unary_$bang()); // keep the corrupt one out
            String base = "file:" + root + "/"; // as binaryFile writes its path column
            Dataset<Row> files = spark.read().format("binaryFile").option("recursiveFileLookup", "true")
                    .load(root.resolve("pairs").toString()).select(col("path"), col("content"));
            Dataset<Row> r = files.withColumnRenamed("path", "r_path").withColumnRenamed("content", "reconstruction");
            Dataset<Row> o = files.withColumnRenamed("path", "o_path").withColumnRenamed("content", "original");
            Dataset<Row> m = manifest
                    .withColumn("r_path", functions.concat(functions.lit(base), col("reconstruction")))
                    .withColumn("o_path", functions.concat(functions.lit(base), col("original")))
                    .drop("reconstruction", "original");
            Dataset<Row> out = m.join(r, "r_path").join(o, "o_path")
                    .select("key", "model", "split", "reconstruction", "original").orderBy("key").coalesce(1);
            Path tmp = Files.createTempDirectory("pairs-parquet");
            out.write().mode("overwrite").parquet(tmp.toUri().toString());
            Path part;
            try (var s = Files.list(tmp)) {
                part = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
            }
            Files.copy(part, root.resolve("pairs.parquet"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            System.out.println("wrote " + root.resolve("pairs.parquet") + " (" + out.count() + " pairs)");
        } finally {
            spark.stop();
        }
    }
}
