package org.imgloss.job.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.TestSpark;
import org.imgloss.job.config.ConfigLoader;
import org.imgloss.job.config.InputConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The directories source lists its folders in Spark tasks, not on the driver: loading the source starts no
 * Spark job and reads no folder (a file added after the load is in the pairs), and the files are counted by
 * the tasks of the job that first reads the pairs (a listener sees the count in their task-end events).
 */
class FolderListingTest {

    @TempDir
    Path dir;

    @Test
    void theFoldersAreListedByTheTasksOfTheFirstJobThatReadsThePairs() throws Exception {
        for (String f : List.of("a", "b")) {
            for (int i = 0; i < 3; i++) {
                Files.createDirectories(dir.resolve("r/" + f));
                Files.createDirectories(dir.resolve("o/" + f));
                Files.writeString(dir.resolve("r/" + f + "/p" + i + "_x4.png"), "x");
                Files.writeString(dir.resolve("o/" + f + "/p" + i + ".png"), "x");
            }
        }
        Files.writeString(dir.resolve("r/_SUCCESS"), "");
        Files.writeString(dir.resolve("o/.DS_Store"), "");
        Files.writeString(dir.resolve("r/notes.txt"), "no key");
        Files.createSymbolicLink(dir.resolve("r/a/loop"), dir.resolve("r")); // listed once
        Files.createSymbolicLink(dir.resolve("o/broken.png"), dir.resolve("nowhere.png"));
        InputConfig input = new ConfigLoader(dir, Instant.parse("2026-12-05T00:00:00Z")).parse("""
                name: listing
                input: {type: directories, reconstructions: r, originals: o,
                        match: {reconstructions: "(?<key>.+)_x4", originals: "(?<key>.+)"}}
                metrics: [mse]
                output: {path: out}
                """, List.of()).input();
        SparkSession spark = TestSpark.session();
        List<String> jobs = Collections.synchronizedList(new ArrayList<>());
        List<Long> listedPerTask = Collections.synchronizedList(new ArrayList<>());
        SparkListener listener = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                jobs.add(String.valueOf(start.jobId()));
            }

            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                for (AccumulableInfo a : CollectionConverters.asJava(end.taskInfo().accumulables())) {
                    if (a.name().isDefined() && a.name().get().equals(FolderListing.FILES_LISTED) && a.update().isDefined()) {
                        listedPerTask.add(((Number) a.update().get()).longValue());
                    }
                }
            }
        };
        spark.sparkContext().addSparkListener(listener);
        try {
            Pairs pairs = new DirectorySource(input).load(spark);
            spark.sparkContext().listenerBus().waitUntilEmpty();
            assertEquals(List.of(), jobs, "loading the source runs no Spark job");
            Files.writeString(dir.resolve("r/b/late_x4.png"), "x"); // after the load: the listing has not run yet

            List<Row> rows = pairs.rows().collectAsList();
            spark.sparkContext().listenerBus().waitUntilEmpty();
            assertEquals(14, listedPerTask.stream().mapToLong(Long::longValue).sum(), listedPerTask.toString());
            assertEquals(2, listedPerTask.size(), "one listing task per root: " + listedPerTask);

            TreeSet<String> got = new TreeSet<>();
            for (Row r : rows) {
                got.add(r.getString(0) + " " + r.getString(4));
            }
            assertEquals(new TreeSet<>(List.of("a/p0 null", "a/p1 null", "a/p2 null", "b/p0 null", "b/p1 null",
                    "b/p2 null", "b/late MISSING_ORIGINAL", "notes.txt MISSING_ORIGINAL")), got);
            assertEquals(1, pairs.unreadable().size(), pairs.unreadable().toString());
            assertTrue(pairs.unreadable().get(0).location().endsWith("/o/broken.png"), pairs.unreadable().toString());
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
    }
}
