package org.imgloss.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.TestImages;
import org.imgloss.job.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of the launcher's JVM ({@code job/bin/imgloss}, which execs java) while a re-run scores
 * and while it writes: the Delta history keeps the earlier run whole, or (killed after a table's
 * commit) that table holds the new run whole; never a mix, never nothing. Needs the application jar
 * (after {@code package}; the launcher builds it otherwise).
 */
class HistoryKillIT {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final int OLD_PAIRS = 4;
    static final int NEW_PAIRS = 120;

    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void setUp() throws IOException {
        for (int i = 0; i < NEW_PAIRS; i++) {
            String folder = i < OLD_PAIRS ? "old" : "more";
            TestImages.write(dir.resolve("pairs/recon/" + folder + "/p" + i + ".png"), TestImages.noisePng(256, 256, i));
            TestImages.write(dir.resolve("pairs/orig/" + folder + "/p" + i + ".png"), TestImages.noisePng(256, 256, i + 1000));
        }
        Files.writeString(dir.resolve("audit.yaml"), """
                name: kill
                run_id: k1
                spark: {master: "local[2]"}
                input: {type: directories, reconstructions: pairs/recon, originals: pairs/orig}
                metrics: [mse, psnr, ssim, ms_ssim, blursim, gradient_l1]
                output: {path: out}
                """);
        spark = TestSpark.session();
    }


    private static Process launch(String... more) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(ROOT.resolve("job/bin/imgloss").toString(), "run",
                dir.resolve("audit.yaml").toString(), "--base-dir", dir.toString(), "--progress-seconds", "0.5"));
        cmd.addAll(List.of(more));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("launcher.log").toFile()).start();
    }

    private static long count(String table, String filter) {
        return spark.read().format("delta").load(dir.resolve("out/" + table).toString()).filter(filter).count();
    }

    /** The run k1 in every table is the old run (4 pairs) or the new one (120 pairs), whole. */
    private static void assertOldOrNew(String when) {
        long scores = count("scores", "run_id = 'k1'");
        long pairs = spark.read().format("delta").load(dir.resolve("out/summary").toString())
                .filter("run_id = 'k1' AND metric = '_pairs'").collectAsList().stream()
                .mapToLong(r -> r.<Long>getAs("pairs")).sum();
        List<Row> runs = spark.read().format("delta").load(dir.resolve("out/runs").toString())
                .filter("run_id = 'k1'").collectAsList();
        assertTrue(scores == OLD_PAIRS || scores == NEW_PAIRS, when + ": scores has " + scores + " rows of k1");
        assertTrue(pairs == OLD_PAIRS || pairs == NEW_PAIRS, when + ": summary counts " + pairs + " pairs of k1");
        assertEquals(1, runs.size(), when + ": one runs row of k1");
        long runPairs = runs.get(0).<Long>getAs("pairs_in");
        assertTrue(runPairs == OLD_PAIRS || runPairs == NEW_PAIRS, when);
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aKilledReRunLeavesTheHistoryWhole() throws Exception {
        Process first = launch("--set", "input.reconstructions=pairs/recon/old", "--set", "input.originals=pairs/orig/old");
        assertTrue(first.waitFor(5, TimeUnit.MINUTES) && first.exitValue() == 0,
                Files.readString(dir.resolve("launcher.log"), StandardCharsets.UTF_8));
        assertEquals(OLD_PAIRS, count("scores", "run_id = 'k1'"));

        // during scoring: killed at the first progress line
        Process scoring = launch();
        waitForLog("imgloss: processed", scoring);
        scoring.destroyForcibly().waitFor();
        assertEquals(OLD_PAIRS, count("scores", "run_id = 'k1'"), "killed while scoring: the old run stays");
        assertOldOrNew("killed while scoring");

        // during the writes: killed once scoring reported 100%, at growing delays
        for (long delayMs : new long[] {0, 300, 900}) {
            Process writing = launch();
            waitForLog("pairs (100%)", writing);
            Thread.sleep(delayMs);
            writing.destroyForcibly().waitFor();
            assertOldOrNew("killed " + delayMs + " ms after scoring");
        }
    }

    private static void waitForLog(String text, Process p) throws Exception {
        Path log = dir.resolve("launcher.log");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            assertTrue(p.isAlive(), "the launcher ended before '" + text + "': " + Files.readString(log));
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + text + "' in " + Files.readString(log));
    }
}
