package org.imgloss.job.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.config.ConfigLoader;
import org.imgloss.job.config.InputConfig;

/**
 * Times the directories source on a folder, for {@code bench/listing.sh} (a scripted measurement, not a
 * test): {@code SourceListingMeasurement FOLDER [REPEATS]} pairs the folder with itself (every file its own
 * pair, {@code match: relative_path}) in a {@code local[2]} session and prints the pairs and the wall time
 * from loading the source to counting its rows: the listing, the keys and the pairing, as a run does them
 * before costing. The first repeat includes Spark's start-up of its first jobs and a cold cache.
 */
public final class SourceListingMeasurement {

    private SourceListingMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]).toAbsolutePath();
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("not a folder: " + folder);
        }
        InputConfig input = new ConfigLoader(folder, Instant.now()).parse("""
                name: listing
                input: {type: directories, reconstructions: "file:%s", originals: "file:%s"}
                metrics: [mse]
                output: {path: out}
                """.formatted(folder, folder), List.of()).input();
        SparkSession spark = SparkSession.builder().master("local[2]").appName("imgloss listing measurement")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                long pairs = new DirectorySource(input).load(spark).rows().count();
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf(java.util.Locale.ROOT, "source listing %d: %d pairs, %.2f s%n", i + 1, pairs, seconds);
            }
        } finally {
            spark.stop();
        }
    }
}
