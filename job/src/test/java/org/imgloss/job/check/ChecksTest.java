package org.imgloss.job.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.TestImages;
import org.imgloss.job.TestSpark;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigLoader;
import org.imgloss.job.output.History;
import org.imgloss.job.report.AuditReport;
import org.imgloss.job.run.AuditJob;
import org.imgloss.job.run.Version;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks against a run and the history: absolute thresholds per group, the built-in empty-audit checks,
 * previous / baseline / last_n comparisons (evaluated, and skipped when they cannot be), per-pair
 * regressions of degraded copies, and the {@code checks}, {@code regressions} and {@code runs} columns.
 */
class ChecksTest {

    @TempDir
    static Path dir;
    static SparkSession spark;

    /** Keys p1..p6 in folders f0, f1; run "degraded" has p2 and p5 far noisier. */
    static final List<String> DEGRADED = List.of("f0/p2.png", "f1/p5.png");

    @BeforeAll
    static void setUp() {
        spark = TestSpark.session();
        for (int i = 1; i <= 6; i++) {
            int[] p = TestImages.base(i);
            String key = "f" + (i % 2 == 0 ? 0 : 1) + "/p" + i + ".png";
            byte[] recon = TestImages.png(TestImages.noisy(p, 4, i));
            TestImages.write(dir.resolve("orig/" + key), TestImages.png(p));
            TestImages.write(dir.resolve("good/" + key), recon);
            TestImages.write(dir.resolve("degraded/" + key), DEGRADED.contains(key)
                    ? TestImages.png(TestImages.noisy(p, 60, i)) : recon);
        }
        TestImages.write(dir.resolve("unpaired/img_000_recon.png"), TestImages.png(TestImages.base(1)));
        TestImages.write(dir.resolve("unpaired/img_001_recon.png"), TestImages.png(TestImages.base(2)));
        TestImages.write(dir.resolve("unpaired-orig/img_000.png"), TestImages.png(TestImages.base(1)));
        dir.resolve("empty/r").toFile().mkdirs();
        dir.resolve("empty/o").toFile().mkdirs();
    }

    static final String AUDIT = """
            name: checked
            input: {type: directories, reconstructions: good, originals: orig, group_by: [folder]}
            metrics: [ssim, psnr, mse]
            output: {path: out/x}
            """;

    private static AuditConfig config(String... overrides) throws Exception {
        return new ConfigLoader(dir, Instant.now()).parse(AUDIT, List.of(overrides));
    }

    private static AuditJob.Result run(String... overrides) throws Exception {
        return new AuditJob(spark, new PrintWriter(new StringWriter()), 0).run(config(overrides), Instant.now());
    }

    private static String stderr(Verdict v) {
        StringWriter s = new StringWriter();
        v.print(new PrintWriter(s));
        return s.toString();
    }

    /** The run's rows of one table as stored, without the hidden attempt column every table has. */
    private static Dataset<Row> table(String out, String table, String runId) {
        return spark.read().format("delta").load(dir.resolve(out).resolve(table).toString())
                .filter("run_id = '" + runId + "'").drop(History.ATTEMPT);
    }

    /** check as written (plus group) -> status. */
    private static Map<String, String> statuses(Verdict v) {
        return v.outcomes().stream().collect(Collectors.toMap(
                o -> o.check().written() + (o.group().isEmpty() ? "" : " " + o.group()), o -> o.status().tableName(),
                (a, b) -> a + "," + b, TreeMap::new));
    }

    @Test
    void absoluteChecksPerGroupAndTheirTable() throws Exception {
        AuditJob.Result r = run("run_id=a1", "output.path=out/abs", "checks=["
                + "{metric: ssim, aggregate: p05, \">=\": 0.5},"
                + "{metric: psnr, aggregate: mean, \">\": 99, per_group: true, level: warning},"
                + "{metric: ssim, aggregate: \"fraction_below(0.5)\", \"<=\": 0},"
                + "{metric: _pairs, aggregate: error_rate, between: [0, 0.01]},"
                + "{metric: mse, aggregate: max, \"<\": 1000, where: \"folder = 'f0'\"}]");
        Verdict v = r.verdict();
        assertEquals(Map.of(
                "{metric: _pairs, aggregate: count, \">=\": 1}", "passed",
                "{metric: _pairs, aggregate: scored, \">=\": 1}", "passed",
                "{metric: ssim, aggregate: p05, \">=\": 0.5}", "passed",
                "{metric: psnr, aggregate: mean, \">\": 99, per_group: true, level: warning} {folder=f0}", "failed",
                "{metric: psnr, aggregate: mean, \">\": 99, per_group: true, level: warning} {folder=f1}", "failed",
                "{metric: ssim, aggregate: \"fraction_below(0.5)\", \"<=\": 0}", "passed",
                "{metric: _pairs, aggregate: error_rate, between: [0, 0.01]}", "passed",
                "{metric: mse, aggregate: max, \"<\": 1000, where: \"folder = 'f0'\"}", "passed"), statuses(v));
        assertEquals("warning", v.verdict());
        assertTrue(!v.fails(false) && v.fails(true), "a failed warning fails only with --fail-on warning");
        String err = stderr(v);
        assertTrue(err.contains("imgloss: check failed (warning): {metric: psnr, aggregate: mean, \">\": 99, per_group:"
                + " true, level: warning} group {folder=f0}: observed "), err);
        assertTrue(err.endsWith("checks: 6 passed, 2 failed, 0 skipped\n"), err);

        Dataset<Row> checks = table("out/abs", "checks", "a1");
        assertEquals(List.of("check", "metric", "aggregate", "group", "level", "observed", "threshold", "compared_run_id",
                "status", "message", "name", "run_id"), List.of(checks.columns()));
        assertEquals(8, checks.count());
        Row p05 = checks.filter("aggregate = 'p05'").first();
        double expected = spark.read().format("delta").load(dir.resolve("out/abs/scores").toString())
                .selectExpr("percentile(ssim, 0.05)").first().getDouble(0);
        assertEquals(expected, p05.<Double>getAs("observed"), 1e-12);
        assertEquals(">= 0.5", p05.getAs("threshold"));
        assertEquals("error", p05.getAs("level"));
        Row runs = table("out/abs", "runs", "a1").first();
        assertEquals(6L, runs.<Long>getAs("checks_passed"));
        assertEquals(2L, runs.<Long>getAs("checks_failed"));
        assertEquals(0L, runs.<Long>getAs("checks_skipped"));
        assertEquals("warning", runs.getAs("verdict"));
    }

    @Test
    void anEmptyAuditFailsWithItsReason() throws Exception {
        Verdict none = run("run_id=e1", "output.path=out/empty", "input.reconstructions=empty/r",
                "input.originals=empty/o").verdict();
        assertEquals("failed", none.verdict());
        String err = stderr(none);
        assertTrue(err.contains("imgloss: check failed (error): {metric: _pairs, aggregate: count, \">=\": 1}: observed 0"
                + " vs >= 1: no pair in: 0 file(s) under input.reconstructions ("), err);
        assertTrue(err.endsWith("checks: 0 passed, 2 failed, 0 skipped\n"), err);

        Verdict unpaired = run("run_id=e2", "output.path=out/unpaired", "input.reconstructions=unpaired",
                "input.originals=unpaired-orig", "input.group_by=[]").verdict();
        err = stderr(unpaired);
        assertTrue(err.contains("{metric: _pairs, aggregate: scored, \">=\": 1}: observed 0 vs >= 1: no pair scored: 2"
                + " file(s) under input.reconstructions"), err);
        assertTrue(err.contains("1 under input.originals"), err);
        assertTrue(err.contains("reconstructions without an original, e.g. img_000_recon.png, img_001_recon.png"), err);
        assertTrue(err.contains("originals without a reconstruction, e.g. img_000.png"), err);
        assertTrue(err.contains("MISSING_ORIGINAL 2"), err);
        assertTrue(err.endsWith("checks: 1 passed, 1 failed, 0 skipped\n"), err);

        Verdict relaxed = run("run_id=e3", "output.path=out/relaxed", "input.reconstructions=empty/r",
                "input.originals=empty/o", "checks=[{metric: _pairs, aggregate: count, \">=\": 0},"
                        + " {metric: _pairs, aggregate: scored, \">=\": 0}]").verdict();
        assertEquals("passed", relaxed.verdict(), stderr(relaxed));
        assertEquals(2, relaxed.outcomes().size(), "the config's own _pairs checks replace the built-in ones");
    }

    @Test
    void perPairRegressionsListExactlyTheDegradedKeys() throws Exception {
        String checks = "checks=[{metric: ssim, compare_to: previous, per_pair: true, max_drop: 0.05},"
                + "{metric: psnr, compare_to: previous, per_pair: true, max_relative_drop: 0.1, per_group: true,"
                + " max_pairs: 1}]";
        Verdict first = run("run_id=r1", "output.path=out/reg", checks).verdict();
        assertEquals(Map.of(
                "{metric: _pairs, aggregate: count, \">=\": 1}", "passed",
                "{metric: _pairs, aggregate: scored, \">=\": 1}", "passed",
                "{metric: ssim, compare_to: previous, per_pair: true, max_drop: 0.05}", "skipped",
                "{metric: psnr, compare_to: previous, per_pair: true, max_relative_drop: 0.1, per_group: true,"
                        + " max_pairs: 1}", "skipped"), statuses(first));
        assertTrue(stderr(first).contains("imgloss: check skipped: {metric: ssim, compare_to: previous, per_pair: true,"
                + " max_drop: 0.05}: no earlier complete run of 'checked' in the history"), stderr(first));

        AuditJob.Result secondRun = run("run_id=r2", "output.path=out/reg", "input.reconstructions=degraded", checks);
        Verdict second = secondRun.verdict();
        Dataset<Row> regressions = table("out/reg", "regressions", "r2");
        assertEquals(List.of("key", "metric", "value", "compared_value", "change", "relative_change", "compared_run_id",
                "folder", "name", "run_id"), List.of(regressions.columns()));
        assertEquals(DEGRADED, regressions.filter("metric = 'ssim'").orderBy("key").collectAsList().stream()
                .map(row -> row.<String>getAs("key")).toList());
        assertEquals(DEGRADED, regressions.filter("metric = 'psnr'").orderBy("key").collectAsList().stream()
                .map(row -> row.<String>getAs("key")).toList());
        for (Row row : regressions.collectAsList()) {
            assertEquals("r1", row.getAs("compared_run_id"));
            double change = row.<Double>getAs("value") - row.<Double>getAs("compared_value");
            assertEquals(change, row.<Double>getAs("change"), 1e-12);
            assertTrue(change < 0, "ssim and psnr fell: " + row);
            assertEquals(change / Math.abs(row.<Double>getAs("compared_value")), row.<Double>getAs("relative_change"),
                    1e-12);
        }
        Map<String, String> s = statuses(second);
        assertEquals("failed", s.get("{metric: ssim, compare_to: previous, per_pair: true, max_drop: 0.05}"));
        for (String folder : List.of("f0", "f1")) {
            assertEquals("passed", s.get("{metric: psnr, compare_to: previous, per_pair: true, max_relative_drop: 0.1,"
                    + " per_group: true, max_pairs: 1} {folder=" + folder + "}"), "one regressed pair per folder, 1 allowed");
        }
        Outcome ssim = second.outcomes().stream().filter(o -> o.check().metric().equals("ssim")).findFirst().orElseThrow();
        assertEquals(2.0, ssim.observed());
        assertEquals("r1", ssim.comparedRunId());
        assertTrue(ssim.message().startsWith("2 of 6 pair(s) matched by key got worse"), ssim.message());

        // the run made its report from what it held (regressions, trends with r1): the page imgloss report
        // makes from the history is the same, but for the time in its footer
        Path again = dir.resolve("again-r2.html");
        AuditConfig c = config("run_id=r2", "output.path=out/reg", "input.reconstructions=degraded", checks);
        AuditReport.write(spark, c, c.output(), "r2", again.toString(), Version.get());
        String fromHistory = Files.readString(again);
        assertTrue(fromHistory.contains("4 pair(s) got worse"), "a page with the regressions");
        assertEquals(Files.readString(Path.of(URI.create(secondRun.report().location())))
                .replaceAll("<footer>.*</footer>", ""), fromHistory.replaceAll("<footer>.*</footer>", ""));
    }

    @Test
    void previousBaselineAndLastN() throws Exception {
        String out = "output.path=out/cmp";
        String checks = "checks=[{metric: ssim, aggregate: mean, compare_to: previous, max_drop: 0.01},"
                + "{metric: ssim, aggregate: mean, compare_to: \"baseline(b1)\", max_drop: 0.01},"
                + "{metric: ssim, aggregate: mean, compare_to: \"baseline(nope)\", max_drop: 0.01,"
                + " on_missing_baseline: fail, level: warning},"
                + "{metric: ssim, aggregate: mean, compare_to: \"last_n(3)\", max_zscore: 3},"
                + "{metric: ssim, aggregate: mean, compare_to: \"last_n(3)\", max_zscore: 1},"
                + "{metric: mse, aggregate: mean, compare_to: \"last_n(2)\", max_rise: 1000}]";
        Map<String, String> s = statuses(run("run_id=b1", out, checks).verdict());
        String prev = "{metric: ssim, aggregate: mean, compare_to: previous, max_drop: 0.01}";
        String base = "{metric: ssim, aggregate: mean, compare_to: \"baseline(b1)\", max_drop: 0.01}";
        String nope = "{metric: ssim, aggregate: mean, compare_to: \"baseline(nope)\", max_drop: 0.01,"
                + " on_missing_baseline: fail, level: warning}";
        String zscore = "{metric: ssim, aggregate: mean, compare_to: \"last_n(3)\", max_zscore: 3}";
        String zscore1 = "{metric: ssim, aggregate: mean, compare_to: \"last_n(3)\", max_zscore: 1}";
        String rise = "{metric: mse, aggregate: mean, compare_to: \"last_n(2)\", max_rise: 1000}";
        assertEquals("skipped", s.get(prev));
        assertEquals("skipped", s.get(base), "the baseline is this run");
        assertEquals("failed", s.get(nope), "on_missing_baseline: fail");
        assertEquals("skipped", s.get(zscore));
        assertEquals("skipped", s.get(rise));

        // a run without ssim: the next run's previous has no ssim -> skipped
        run("run_id=b2", out, "metrics=[psnr, mse]", "checks=[]");
        Verdict third = run("run_id=b3", out, "input.reconstructions=degraded", checks).verdict();
        s = statuses(third);
        assertEquals("skipped", s.get(prev), stderr(third));
        assertTrue(stderr(third).contains("metric 'ssim' is not in the compared run b2"), stderr(third));
        assertEquals("failed", s.get(base), "degraded: mean ssim fell by more than 0.01 from b1");
        assertEquals("skipped", s.get(zscore), "last_n(3): b2 has no ssim, b1 is one run with a value");
        assertEquals("passed", s.get(rise), "mse rose (got worse): a rise counts improvements only");
        Outcome b = third.outcomes().stream().filter(o -> o.check().written().equals(base)).findFirst().orElseThrow();
        assertEquals("b1", b.comparedRunId());
        Outcome r = third.outcomes().stream().filter(o -> o.check().written().equals(rise)).findFirst().orElseThrow();
        assertEquals("b2,b1", r.comparedRunId(), "newest first");

        run("run_id=b4", out, checks);
        run("run_id=b5", out, checks);
        Verdict sixth = run("run_id=b6", out, "input.reconstructions=degraded", checks).verdict();
        s = statuses(sixth);
        assertEquals("failed", s.get(prev), "b5 (good) to b6 (degraded)");
        // last_n(3) = b5, b4 (good, value g), b3 (degraded, d): mean (2g + d) / 3, sample stddev (g - d) / sqrt(3);
        // b6 (d) is worse than the mean by 2 (g - d) / 3: a z-score of 2 / sqrt(3) = 1.15
        assertEquals("passed", s.get(zscore), stderr(sixth));
        assertEquals("failed", s.get(zscore1), stderr(sixth));
        Outcome z = sixth.outcomes().stream().filter(o -> o.check().written().equals(zscore1)).findFirst().orElseThrow();
        assertEquals("b5,b4,b3", z.comparedRunId());
        assertTrue(z.message().contains("a z-score of 1.1547"), z.message());
    }

    @Test
    void exitCodesAndTheCheckCommand() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("cli.yaml"), AUDIT.replace("out/x", "out/cli")
                + "checks: [{metric: ssim, aggregate: mean, \">=\": 0.9999}]\n");
        String config = dir.resolve("cli.yaml").toString();
        org.imgloss.job.cli.CliRun failing = org.imgloss.job.cli.CliRun.of("run", config, "--base-dir", dir.toString(),
                "--progress-seconds", "0", "--set", "run_id=c1");
        assertEquals(3, failing.exitCode(), failing.err());
        assertTrue(failing.err().contains("imgloss: check failed (error): {metric: ssim, aggregate: mean, \">=\": 0.9999}:"
                + " observed 0."), failing.err());
        assertTrue(failing.err().endsWith("checks: 2 passed, 1 failed, 0 skipped\n"), failing.err());
        assertTrue(failing.out().contains("/out/cli/checks\n"), failing.out());
        assertEquals("failed", table("out/cli", "runs", "c1").first().getAs("verdict"));

        // thresholds edited: the run checked again, no scoring; its checks and verdict replaced
        org.imgloss.job.cli.CliRun relaxed = org.imgloss.job.cli.CliRun.of("check", config, "--base-dir", dir.toString(),
                "--set", "checks=[{metric: ssim, aggregate: mean, \">=\": 0.5, level: warning},"
                        + " {metric: psnr, aggregate: min, \">\": 1000, level: warning}]");
        assertEquals(0, relaxed.exitCode(), relaxed.err());
        assertTrue(relaxed.out().contains("run c1 of 'checked': verdict warning"), relaxed.out());
        assertTrue(relaxed.err().endsWith("checks: 3 passed, 1 failed, 0 skipped\n"), relaxed.err());
        Row runs = table("out/cli", "runs", "c1").first();
        assertEquals("warning", runs.getAs("verdict"));
        assertEquals(3L, runs.<Long>getAs("checks_passed"));
        assertEquals(6L, runs.<Long>getAs("pairs_in"), "the rest of the row is kept");
        assertEquals(4, table("out/cli", "checks", "c1").count(), "the run's checks replaced");

        org.imgloss.job.cli.CliRun strict = org.imgloss.job.cli.CliRun.of("check", config, "--base-dir", dir.toString(),
                "--run-id", "c1", "--fail-on", "warning", "--set", "checks=[{metric: psnr, aggregate: min, \">\": 1000,"
                        + " level: warning}]");
        assertEquals(3, strict.exitCode(), strict.err());
        org.imgloss.job.cli.CliRun warned = org.imgloss.job.cli.CliRun.of("run", config, "--base-dir", dir.toString(),
                "--progress-seconds", "0", "--set", "run_id=c2", "--set", "checks=[{metric: psnr, aggregate: min,"
                        + " \">\": 1000, level: warning}]");
        assertEquals(0, warned.exitCode(), "a failed warning alone passes a run: " + warned.err());
        org.imgloss.job.cli.CliRun warnedStrict = org.imgloss.job.cli.CliRun.of("run", config, "--base-dir",
                dir.toString(), "--progress-seconds", "0", "--set", "run_id=c3", "--fail-on", "warning", "--set",
                "checks=[{metric: psnr, aggregate: min, \">\": 1000, level: warning}]");
        assertEquals(3, warnedStrict.exitCode(), warnedStrict.err());
        org.imgloss.job.cli.CliRun missing = org.imgloss.job.cli.CliRun.of("check", config, "--base-dir", dir.toString(),
                "--run-id", "nope");
        assertEquals(2, missing.exitCode(), missing.err());
        assertTrue(missing.err().contains("--run-id: no complete run nope in the history at "), missing.err());
    }
}
