package org.imgloss.job.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.imgloss.job.SparkJobs;
import org.imgloss.job.TestSpark;
import org.imgloss.job.cli.CliRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample audit ({@code conf/local.yaml}) end to end: the run writes its report and prints where
 * as its last line; {@code imgloss report} writes it again from the history. Without a checks
 * table the verdict section says that no checks are configured.
 */
class SampleReportTest {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @TempDir
    static Path out;
    static CliRun run;

    /**
     * Spark jobs of the sample run with its report (Delta history, the test session), as measured: 40
     * (was 70, 41 of them the report's reading the run back from the history: it is now made from the
     * run's cached scores and the rows it wrote; was 102 before that: a job per metric for its summary rows and another for its worst pairs, and a Delta delete per table
     * of the run's earlier attempts where there were none). Each job costs planning and scheduling,
     * seconds of the first command's time on a small machine; a needless new one shows up here.
     */
    static final int RUN_JOBS = 40;

    static List<String> runJobs;

    @BeforeAll
    static void runSample() throws Exception {
        TestSpark.session();
        runJobs = SparkJobs.during(() -> run = CliRun.of("run", ROOT.resolve("conf/local.yaml").toString(), "--base-dir",
                ROOT.toString(), "--progress-seconds", "0", "--set", "output.path=" + out.resolve("local"), "--set",
                "run_id=example"));
    }

    @Test
    void theRunWithItsReportStartsFewSparkJobs() throws Exception {
        assertEquals(0, run.exitCode(), run.err());
        System.out.println("SampleReportTest: the run with its report started " + runJobs.size() + " Spark jobs: "
                + runJobs);
        assertTrue(runJobs.size() <= RUN_JOBS, runJobs.size() + " jobs: " + runJobs);
    }

    static String lastLine(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return lines.get(lines.size() - 1);
    }

    @Test
    void runWritesTheReportAndPrintsWhereAsItsLastLine() throws IOException {
        assertEquals(0, run.exitCode(), run.err());
        Path page = out.resolve("local/report/run_id=example/report.html");
        assertEquals("report: " + page.toUri().toString().replace("file:///", "file:/"), lastLine(run.out()));
        String html = Files.readString(page);
        // conf/local.yaml's checks pass (the two that compare with a previous run are skipped)
        assertTrue(html.contains("data-verdict=\"passed\""), "the verdict");
        assertEquals(10, count(html, "data-status=\"passed\""), "each passed check is a row");
        assertEquals(2, count(html, "data-status=\"skipped\""), "each skipped check is a row");
        for (String metric : List.of("psnr", "mse", "mae", "ssim", "ssim_skimage", "ms_ssim_3", "gradient_l1",
                "mse_ssim", "blursim", "total_variation_diff")) {
            assertTrue(html.contains("aria-label=\"histogram of " + metric + "\""), metric);
        }
        assertTrue(html.contains("<h3><span class=\"mono\">MISSING_ORIGINAL</span>: 1 pair(s)"), "failed pairs by code");
        assertTrue(html.contains("<h3><span class=\"mono\">UNDECODABLE</span>: 1 pair(s)"));
        assertTrue(html.contains("rgb8/scene06"));
        // the worst pairs of each directed metric, with their pictures; ssim maps from the ssim metric
        int images = count(html, "src=\"data:image/jpeg;base64,");
        assertTrue(images >= 8 * 4, "thumbnails: " + images);
        assertTrue(html.contains("alt=\"SSIM map of rgb8/scene01\""), "the SSIM map of a worst pair");
        assertTrue(html.contains("group_by"), "the effective config is in the page");
        assertFalse(Pattern.compile("(src|href)=\"(?!data:|#)").matcher(html).find(), "only data: and # references");
        assertFalse(html.contains("http://") || html.contains("https://"), "no network address");
        assertFalse(html.contains("<script"), "no script");
        assertTrue(Files.size(page) < 5_000_000, "size " + Files.size(page));
    }

    @Test
    void reportCommandWritesItAgainFromTheHistory() throws IOException {
        assertEquals(0, run.exitCode(), run.err());
        Path again = out.resolve("again.html");
        CliRun r = CliRun.of("report", ROOT.resolve("conf/local.yaml").toString(), "--base-dir", ROOT.toString(),
                "--set", "output.path=" + out.resolve("local"), "--out", again.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("report: " + again.toUri().toString().replace("file:///", "file:/"), lastLine(r.out()));
        String html = Files.readString(again);
        assertTrue(html.contains("run example"), "the newest run of the config's name");
        assertTrue(count(html, "src=\"data:image/jpeg;base64,") >= 32);
        // the run made its page from what it held, this one is from the history: the same page
        String byTheRun = Files.readString(out.resolve("local/report/run_id=example/report.html"));
        assertEquals(byTheRun.replaceAll("<footer>.*</footer>", ""), html.replaceAll("<footer>.*</footer>", ""),
                "all but the time in the footer");

        CliRun missing = CliRun.of("report", ROOT.resolve("conf/local.yaml").toString(), "--base-dir",
                ROOT.toString(), "--set", "output.path=" + out.resolve("local"), "--run-id", "nope");
        assertEquals(2, missing.exitCode(), missing.err());
        assertTrue(missing.err().contains("no complete run 'nope'"), missing.err());
    }

    static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
