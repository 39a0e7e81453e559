package org.imgloss.job.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.imgloss.errors.ErrorCode;
import org.imgloss.job.TestImages;
import org.imgloss.job.TestSpark;
import org.imgloss.job.VisibleHistory;
import org.imgloss.job.cli.CliRun;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.ConfigLoader;
import org.imgloss.job.config.OutputConfig;
import org.imgloss.job.config.OutputFormat;
import org.imgloss.job.output.History;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of input and storage during a run, in local mode: input that disappears or changes after it
 * was listed, and an output folder that turns read-only while the run writes ({@link FailingFileSystem}).
 * The cluster faults (a killed executor, a killed driver) are in {@code ClusterRunIT}.
 */
class RunFaultsTest {

    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void setUp() {
        spark = TestSpark.session();
        for (int i = 0; i < 6; i++) {
            TestImages.write(dir.resolve("pairs/recon/p" + i + ".png"), TestImages.noisePng(16, 16, i));
            TestImages.write(dir.resolve("pairs/orig/p" + i + ".png"), TestImages.noisePng(16, 16, i + 100));
        }
    }

    @AfterEach
    void heal() {
        FailingFileSystem.heal();
    }

    private static AuditConfig config(String yaml) throws ConfigException {
        return new ConfigLoader(dir, Instant.now()).parse(yaml, List.of());
    }

    /** A file deleted and one emptied after the listing: their pairs are rows with an error code, the rest is scored. */
    @Test
    void inputThatDisappearsOrChangesAfterListingIsAnErrorRowAndTheRunGoesOn() throws ConfigException {
        AuditConfig c = config("""
                name: vanishing
                run_id: v1
                input: {type: directories, reconstructions: pairs/recon, originals: pairs/orig}
                metrics: [mse, psnr]
                output: {path: out/vanishing, format: parquet}
                """);
        AuditJob.Result r = new AuditJob(spark, new PrintWriter(new StringWriter()), 0)
                .injectAfterListing(() -> {
                    try {
                        Files.delete(dir.resolve("pairs/recon/p2.png"));
                        Files.write(dir.resolve("pairs/orig/p4.png"), new byte[0]); // changed: now empty
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .run(c, Instant.now());
        assertEquals(6, r.pairsIn(), "the listed pairs, all of them");
        assertEquals(2, r.pairsFailed());
        Map<String, Row> byKey = new HashMap<>();
        for (Row row : spark.read().parquet(c.output().table("scores")).collectAsList()) {
            byKey.put(row.getAs("key"), row);
        }
        assertEquals(6, byKey.size());
        Row gone = byKey.get("p2.png");
        assertEquals(ErrorCode.READ_FAILED.code(), gone.getAs("error_code"));
        String message = gone.getAs("error_message");
        assertTrue(message.startsWith("reconstruction: ") && message.contains("p2.png")
                && message.contains("FileNotFoundException"), message);
        assertEquals(ErrorCode.EMPTY_INPUT.code(), byKey.get("p4.png").getAs("error_code"));
        assertTrue(((String) byKey.get("p4.png").getAs("error_message")).startsWith("original"),
                byKey.get("p4.png").toString());
        for (String ok : List.of("p0.png", "p1.png", "p3.png", "p5.png")) {
            assertNull(byKey.get(ok).getAs("error_code"), ok);
            assertTrue((double) byKey.get(ok).getAs("mse") > 0, ok);
        }
        // put the inputs back for the other tests
        TestImages.write(dir.resolve("pairs/recon/p2.png"), TestImages.noisePng(16, 16, 2));
        TestImages.write(dir.resolve("pairs/orig/p4.png"), TestImages.noisePng(16, 16, 104));
    }

    /**
     * The output turns read-only while the scores are written, and again later while the runs row (the
     * commit) is: each time the run exits 1 with a message that names the failed write, the history
     * reads as before; once the storage works again a re-run succeeds.
     */
    @Test
    void storageThatFailsWhileWritingLeavesTheHistoryUnchangedAndARerunSucceeds() throws IOException {
        String out = FailingFileSystem.SCHEME + ":" + dir.resolve("out/failing");
        Path config = Files.writeString(dir.resolve("failing.yaml"), """
                name: failing-storage
                run_id: s1
                spark:
                  conf:
                    spark.hadoop.fs.failing.impl: %s
                    spark.hadoop.fs.AbstractFileSystem.failing.impl: %s
                input: {type: directories, reconstructions: pairs/recon, originals: pairs/orig}
                metrics: [mse, psnr]
                output: {path: "%s"}
                report: {enabled: false}
                """.formatted(FailingFileSystem.class.getName(), FailingFileSystem.Abstract.class.getName(), out));
        OutputConfig history = new OutputConfig(out, OutputFormat.DELTA, null, null, null);

        CliRun first = run(config);
        assertEquals(0, first.exitCode(), first.err());
        List<List<Row>> before = VisibleHistory.of(history);
        assertEquals(6, before.get(0).size());

        for (String when : List.of("/scores/run_id=", "/runs/run_id=")) {
            FailingFileSystem.failOnceCreated(when);
            CliRun failed = run(config, "run_id=s1");
            assertTrue(FailingFileSystem.struck(), when);
            assertEquals(1, failed.exitCode(), failed.out() + failed.err());
            assertTrue(failed.err().contains("imgloss: run s1 failed: ") && failed.err().contains("Read-only file system"),
                    failed.err());
            FailingFileSystem.heal();
            assertEquals(before, VisibleHistory.of(history), "the history after a failed write of " + when);
        }

        CliRun again = run(config, "run_id=s1");
        assertEquals(0, again.exitCode(), again.err());
        List<List<Row>> after = VisibleHistory.of(history);
        assertEquals(6, after.get(0).size(), "one scores row per pair");
        assertEquals(1, after.get(after.size() - 1).size(), "one runs row");
    }

    private static CliRun run(Path config, String... overrides) {
        List<String> args = new ArrayList<>(List.of("run", config.toString(), "--base-dir", dir.toString(),
                "--progress-seconds", "0", "-q"));
        for (String o : overrides) {
            args.add("--set");
            args.add(o);
        }
        return CliRun.of(args.toArray(new String[0]));
    }
}
