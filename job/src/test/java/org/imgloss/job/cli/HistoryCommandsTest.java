package org.imgloss.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.TestImages;
import org.imgloss.job.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code imgloss sql}, {@code export} and {@code runs} on a history of two runs, through the CLI; and
 * a run into a history of another format refused with exit code 2.
 */
class HistoryCommandsTest {

    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path config;

    @BeforeAll
    static void setUp() throws Exception {
        spark = TestSpark.session();
        int[] a = TestImages.base(1);
        int[] b = TestImages.base(2);
        TestImages.write(dir.resolve("recon/a.png"), TestImages.png(TestImages.noisy(a, 5, 1)));
        TestImages.write(dir.resolve("orig/a.png"), TestImages.png(a));
        TestImages.write(dir.resolve("recon/b.png"), TestImages.png(TestImages.noisy(b, 9, 2)));
        TestImages.write(dir.resolve("orig/b.png"), TestImages.png(b));
        TestImages.write(dir.resolve("recon/c.png"), TestImages.png(b)); // no original
        config = Files.writeString(dir.resolve("audit.yaml"), """
                name: cmds
                input: {type: directories, reconstructions: recon, originals: orig}
                metrics: [mse, psnr]
                output: {path: out}
                """);
        for (String id : List.of("r1", "r2")) {
            CliRun r = cli("run", config.toString(), "--progress-seconds", "0", "--set", "run_id=" + id);
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.out().contains("tables (delta, partition run_id=" + id + " in each)"), r.out());
        }
    }


    static CliRun cli(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--base-dir";
        all[args.length + 1] = dir.toString();
        return CliRun.of(all);
    }

    @Test
    void sqlPrintsAnAlignedTableOrCsv() {
        CliRun r = cli("sql", config.toString(),
                "SELECT run_id, count(*) AS pairs, count(error_code) AS failed FROM scores GROUP BY run_id ORDER BY run_id");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("""
                run_id  pairs  failed
                ------  -----  ------
                r1      3      1
                r2      3      1
                (2 rows)
                """, r.out());
        CliRun csv = cli("sql", config.toString(), "SELECT key, round(mse * 0, 1) AS z, error_code FROM scores"
                + " WHERE run_id = 'r1' ORDER BY key", "--csv");
        assertEquals(0, csv.exitCode(), csv.err());
        assertEquals("key,z,error_code\na.png,0.0,\nb.png,0.0,\nc.png,,MISSING_ORIGINAL\n", csv.out());
    }

    @Test
    void sqlHasTheImglossFunctionsAndDeltaTimeTravel() {
        CliRun f = cli("sql", config.toString(), "SELECT count(*) AS n FROM summary WHERE metric = 'psnr'"
                + " AND mean IS NOT NULL");
        assertEquals(0, f.exitCode(), f.err());
        assertTrue(f.out().contains("\n2\n"), f.out());
        CliRun tt = cli("sql", config.toString(), "SELECT DISTINCT run_id FROM delta.`" + dir.resolve("out/scores")
                + "` VERSION AS OF 0", "--csv");
        assertEquals(0, tt.exitCode(), tt.err());
        assertEquals("run_id\nr1\n", tt.out());
        CliRun fn = cli("sql", config.toString(), "DESCRIBE FUNCTION ms_ssim");
        assertEquals(0, fn.exitCode(), "the imgloss functions are registered: " + fn.err());
        assertTrue(fn.out().contains("ms_ssim"), fn.out());
    }

    @Test
    void aSqlErrorIsExitTwoWithSparksMessage() {
        CliRun r = cli("sql", config.toString(), "SELECT nope FROM scores");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("imgloss: sql: [UNRESOLVED_COLUMN"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals(2, cli("sql", config.toString(), "SELEC 1").exitCode());
    }

    @Test
    void exportWritesCsvOrJsonLines() throws Exception {
        CliRun csv = cli("export", config.toString(), "--table", "runs");
        assertEquals(0, csv.exitCode(), csv.err());
        assertTrue(csv.out().startsWith("name,start_time,end_time,"), csv.out());
        Path file = dir.resolve("scores-r2.json");
        CliRun json = cli("export", config.toString(), "--table", "scores", "--run-id", "r2", "--format", "json",
                "--out", file.toString());
        assertEquals(0, json.exitCode(), json.err());
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.stream().allMatch(l -> l.startsWith("{\"key\":") && l.contains("\"run_id\":\"r2\"")
                && l.contains("\"error_code\":")), lines.toString());
        assertEquals(2, cli("export", config.toString(), "--table", "scores", "--run-id", "nope").exitCode());
        assertEquals(2, cli("export", config.toString(), "--table", "tables").exitCode());
    }

    @Test
    void runsListsCompleteRunsNewestFirst() {
        CliRun r = cli("runs", config.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("run_id  start_time           pairs_in  pairs_scored  pairs_failed"),
                r.out());
        assertTrue(lines.get(2).startsWith("r2  ") && lines.get(3).startsWith("r1  "), r.out());
        assertTrue(lines.get(0).endsWith("pairs_per_second  verdict"), r.out());
        assertTrue(lines.get(2).matches("r2 +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +3 +2 +1 +[0-9.]+ +passed"), r.out());
    }

    @Test
    void aRunIntoAHistoryOfAnotherFormatIsRefused() {
        CliRun r = cli("run", config.toString(), "--progress-seconds", "0", "--set", "run_id=r3",
                "--set", "output.format=parquet");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("already holds a history in delta, this run would write parquet"), r.err());
        CliRun runs = cli("runs", config.toString());
        assertFalse(runs.out().contains("r3"), runs.out());
    }
}
