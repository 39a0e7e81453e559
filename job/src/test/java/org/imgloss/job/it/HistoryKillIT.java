package org.imgloss.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.TestImages;
import org.imgloss.job.TestSpark;
import org.imgloss.job.config.OutputConfig;
import org.imgloss.job.config.OutputFormat;
import org.imgloss.job.output.History;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A re-run of a run id killed from outside: SIGKILL of the launcher's JVM ({@code job/bin/imgloss},
 * which execs java), by its process id, while it scores; SIGKILL and SIGTERM between the commits of its
 * tables (its new {@code scores} in, its {@code runs} row not yet); SIGKILL once its {@code runs} row
 * is in. Readers of the Delta
 * history ({@link History#complete}) then see the earlier run, the same in all three tables as before
 * the kill; the new attempt's rows are in the stored tables but belong to no run. A re-run that
 * completes replaces the run in every table and removes those rows. Needs the application jar (after
 * {@code package}; the launcher builds it otherwise).
 */
class HistoryKillIT {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final int OLD_PAIRS = 4;
    static final int NEW_PAIRS = 120;

    @TempDir
    static Path dir;
    static SparkSession spark;
    static OutputConfig history;

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
                metrics: [mse, psnr, ssim]
                output: {path: out}
                """);
        spark = TestSpark.session();
        history = new OutputConfig(dir.resolve("out").toString(), OutputFormat.DELTA, null, null, null);
    }

    private static Process launch(String... more) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("job/bin/imgloss").toString(), "run",
                dir.resolve("audit.yaml").toString(), "--base-dir", dir.toString(), "--progress-seconds", "0.5"));
        cmd.addAll(List.of(more));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("launcher.log").toFile()).start();
    }

    /** Sends {@code signal} (KILL or TERM) to the launcher's JVM by its process id and waits for it to end. */
    private static void kill(Process p, String signal) throws Exception {
        Process k = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, k.waitFor(), "kill -" + signal + " " + p.pid());
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the JVM ended after SIG" + signal);
    }

    /** What readers see of the tables, in a fixed order. */
    private static List<List<Row>> visible() {
        List<List<Row>> tables = new ArrayList<>();
        for (String table : History.TABLES) {
            String[] order = switch (table) {
                case "scores" -> new String[] {"key"};
                case "summary" -> new String[] {"metric"};
                case "checks" -> new String[] {"run_id", "check"};
                case "regressions" -> new String[] {"run_id", "metric", "key"};
                default -> new String[] {"run_id"};
            };
            tables.add(History.complete(spark, history, table).orderBy(order[0],
                    java.util.Arrays.copyOfRange(order, 1, order.length)).collectAsList());
        }
        return tables;
    }

    /** Pairs of k1 as each table tells them (scores rows, the summary's _pairs rows, the runs row). */
    private static List<Long> pairsOfK1() {
        long scores = History.complete(spark, history, "scores").filter("run_id = 'k1'").count();
        long summary = History.complete(spark, history, "summary").filter("run_id = 'k1' AND metric = '_pairs'")
                .collectAsList().stream().mapToLong(r -> r.<Long>getAs("pairs")).sum();
        List<Row> runs = History.complete(spark, history, "runs").filter("run_id = 'k1'").collectAsList();
        assertEquals(1, runs.size(), "one runs row of k1");
        return List.of(scores, summary, runs.get(0).<Long>getAs("pairs_in"));
    }

    private static long storedScoresOfK1() {
        return History.read(spark, history, "scores").filter("run_id = 'k1'").count();
    }

    private static long commits(String table) throws IOException {
        try (Stream<Path> log = Files.list(dir.resolve("out").resolve(table).resolve("_delta_log"))) {
            return log.filter(p -> p.getFileName().toString().matches("\\d{20}\\.json")).count();
        }
    }

    @Test
    @Timeout(value = 40, unit = TimeUnit.MINUTES)
    void aKilledReRunLeavesTheHistoryAsItWas() throws Exception {
        Process first = launch("--set", "input.reconstructions=pairs/recon/old", "--set", "input.originals=pairs/orig/old");
        assertTrue(first.waitFor(10, TimeUnit.MINUTES) && first.exitValue() == 0,
                Files.readString(dir.resolve("launcher.log"), StandardCharsets.UTF_8));
        List<List<Row>> before = visible();
        assertEquals(List.of((long) OLD_PAIRS, (long) OLD_PAIRS, (long) OLD_PAIRS), pairsOfK1());

        // while scoring (its scores are being written): at the first progress line
        Process scoring = launch();
        waitFor(scoring, "the first progress line", HistoryKillIT::progressLine);
        kill(scoring, "KILL");
        assertEquals(before, visible(), "SIGKILL while scoring");

        // between the tables: the new scores committed, the runs row not yet (what mixed them before)
        for (String signal : List.of("KILL", "TERM")) {
            long scoresCommits = commits("scores");
            Process writing = launch();
            waitFor(writing, "a new commit of scores", () -> commits("scores") > scoresCommits);
            kill(writing, signal);
            assertEquals(before, visible(), "SIG" + signal + " after the scores commit");
            assertTrue(storedScoresOfK1() > OLD_PAIRS, "the new attempt's scores were in the stored table");
        }

        // once its runs row is in, while the earlier attempts are deleted: the new run, whole
        long runsCommits = commits("runs");
        Process cleaning = launch();
        waitFor(cleaning, "a new commit of runs", () -> commits("runs") > runsCommits);
        kill(cleaning, "KILL");
        assertEquals(List.of((long) NEW_PAIRS, (long) NEW_PAIRS, (long) NEW_PAIRS), pairsOfK1(),
                "SIGKILL after the runs commit");

        // a re-run that completes: the new run in every table, the killed attempts' rows gone
        Process last = launch();
        assertTrue(last.waitFor(10, TimeUnit.MINUTES) && last.exitValue() == 0,
                Files.readString(dir.resolve("launcher.log"), StandardCharsets.UTF_8));
        assertEquals(List.of((long) NEW_PAIRS, (long) NEW_PAIRS, (long) NEW_PAIRS), pairsOfK1());
        assertEquals(NEW_PAIRS, storedScoresOfK1());
        for (String table : History.TABLES) { // regressions has no row: no per-pair check
            assertEquals(table.equals("regressions") ? 0 : 1,
                    History.read(spark, history, table).select(History.ATTEMPT).distinct().count(), table);
        }
    }

    /** A progress line of the run in the launcher's log (its wording changes: any line after the first). */
    private static boolean progressLine() throws IOException {
        String log = Files.readString(dir.resolve("launcher.log"), StandardCharsets.UTF_8);
        return log.contains("imgloss: scored ") || log.contains("imgloss: processed ");
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits until {@code condition} holds, while the launcher runs. */
    private static void waitFor(Process p, String what, Condition condition) throws Exception {
        Path log = dir.resolve("launcher.log");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && condition.holds()) {
                return;
            }
            assertTrue(p.isAlive(), "the launcher ended before " + what + ": " + Files.readString(log));
            Thread.sleep(20);
        }
        throw new AssertionError("no " + what + " in time: " + Files.readString(log));
    }
}
