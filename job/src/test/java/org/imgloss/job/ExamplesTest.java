package org.imgloss.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.cli.CliRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every config in {@code conf/} is an example that must work: the local ones run through the CLI
 * ({@code imgloss run}, as the README's first command does) against the committed sample data,
 * the cluster one is validated (its paths are remote).
 */
class ExamplesTest {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static SparkSession spark;

    @TempDir
    static Path out;

    @BeforeAll
    static void start() {
        spark = TestSpark.session();
    }

    private static CliRun run(String config, String outName, String... more) {
        String[] args = Stream.concat(Stream.of("run", ROOT.resolve(config).toString(), "--base-dir", ROOT.toString(),
                "--progress-seconds", "0", "--set", "output.path=" + out.resolve(outName), "--set", "run_id=example"),
                Stream.of(more)).toArray(String[]::new);
        return CliRun.of(args);
    }

    @Test
    void everyConfigIsCovered() throws IOException {
        try (Stream<Path> s = Files.list(ROOT.resolve("conf"))) {
            List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
            assertEquals(List.of("cluster.yaml", "local-failing.yaml", "local.yaml", "manifest.yaml", "metamer.yaml", "parquet.yaml", "sar.yaml"), names,
                    "a new example config needs a test here");
        }
    }

    @Test
    void localSampleAudit() {
        CliRun r = run("conf/local.yaml", "local");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("run example: 11 pairs, 9 scored, 2 failed"), r.out());
        assertTrue(r.out().contains("scores:  " + out.resolve("local/scores")), r.out());
        // the console summary: one aligned row per folder and metric, then the failed pairs by code
        assertTrue(r.out().contains("\nsummary of run example (finite values, by folder):\n"
                + "folder  metric                count  errors  mean"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("rgb8    ssim                  5      2       0\\.\\d{4}  .*")), r.out());
        assertReadmeShowsThisOutput(r);
        assertTrue(r.out().contains("\nfailed pairs: 2 of 11\n"
                + "error_code        pairs  example key\n"
                + "----------------  -----  ------------\n"
                + "MISSING_ORIGINAL  1      rgb8/scene06\n"
                + "UNDECODABLE       1      rgb8/scene07\n"), r.out());
        // its checks pass; the two that compare with the previous run have none to compare with
        assertTrue(r.err().endsWith("checks: 10 passed, 0 failed, 2 skipped\n"), r.err());
        assertTrue(r.err().contains("imgloss: check skipped: {metric: ssim, compare_to: previous, per_pair: true,"
                + " max_drop: 0.02}: no earlier complete run of 'sample-audit' in the history"), r.err());
        assertEquals("passed", spark.read().format("delta").load(out.resolve("local/runs").toString()).first()
                .getAs("verdict"));
        Dataset<Row> scores = spark.read().format("delta").load(out.resolve("local/scores").toString());
        assertEquals(11, scores.count());
        Map<String, String> codes = new HashMap<>();
        for (Row row : scores.collectAsList()) {
            codes.put(row.getAs("key"), row.getAs("error_code"));
        }
        assertEquals("MISSING_ORIGINAL", codes.get("rgb8/scene06"));
        assertEquals("UNDECODABLE", codes.get("rgb8/scene07"));
        assertEquals(9, codes.values().stream().filter(c -> c == null).count(), codes.toString());
        Row identical = scores.filter("key = 'rgb8/scene05'").first();
        assertEquals(Double.POSITIVE_INFINITY, identical.getAs("psnr"));
        Row sar = scores.filter("key = 'sar/sar01'").first();
        assertEquals(1, (int) sar.getAs("channels"));
        assertTrue((double) sar.getAs("mse") > 0);

        Dataset<Row> summary = spark.read().format("delta").load(out.resolve("local/summary").toString());
        long pairs = 0;
        for (Row s : summary.filter("metric = '_pairs'").collectAsList()) {
            pairs += (long) s.getAs("pairs");
        }
        assertEquals(11, pairs);
        for (Row s : summary.collectAsList()) {
            assertEquals((long) s.getAs("pairs"), (long) s.getAs("count") + (long) s.getAs("errors"), s.toString());
        }
        assertEquals(3 * 12, summary.count()); // folders rgb8, gray16, sar x (11 metrics + _pairs)

        Row scene = scores.filter("key = 'rgb8/scene01'").first();
        // every metric of the sample config has a value on every pair that was scored (MS-SSIM's 5 scales fit)
        for (String metric : List.of("psnr", "mse", "mae", "ssim", "ssim_skimage", "ms_ssim", "ms_ssim_3", "gradient_l1",
                "mse_ssim", "blursim", "total_variation_diff")) {
            assertEquals(9, scores.filter(metric + " IS NOT NULL AND error_code IS NULL").count(), metric);
        }
        assertEquals(0, scores.filter("size(metric_errors) > 0").count());
        assertTrue(Double.isFinite(scene.<Double>getAs("ms_ssim")));
        assertTrue(scene.<Double>getAs("total_variation_diff") < 0, "scene01 is blurred: smoother than its original");
    }

    /**
     * The README's console block (under "What you get") is the real output of its first command: its
     * standard-output lines are the run's, and its first line is the run's first line on standard error,
     * once run ids, table folders and timings (which differ from run to run) are masked; progress lines
     * (time only) are left out.
     */
    private static void assertReadmeShowsThisOutput(CliRun r) {
        String readme;
        try {
            readme = Files.readString(ROOT.resolve("README.md"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int at = readme.indexOf("```\n", readme.indexOf("## What you get")) + 4;
        List<String> block = readme.substring(at, readme.indexOf("```", at)).lines().map(ExamplesTest::timeless).toList();
        List<String> readmeOut = block.stream().filter(l -> !l.startsWith("imgloss: ")).toList();
        List<String> readmeErr = block.stream().filter(l -> l.startsWith("imgloss: ")).toList();
        assertEquals(r.out().lines().map(ExamplesTest::timeless).toList(), readmeOut, "README's console block vs the run's output");
        assertEquals(timeless(r.err().lines().findFirst().orElse("")), readmeErr.get(0));
        assertTrue(readmeErr.stream().anyMatch(l -> l.startsWith("imgloss: processed 11/11 pairs (2 failed)")), block.toString());
    }

    /** A console line with what differs between runs masked: run ids, table folders, timings. */
    static String timeless(String line) {
        return line.replaceAll("\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{4}|\\bexample\\b", "<run>")
                .replaceAll("(scores|summary|checks|runs):( +)\\S+/(scores|summary|checks|runs)$", "$1:$2<path>/$3")
                .replaceAll("^report: \\S+/report/run_id=(\\S+)/report.html$", "report: <path>/report/run_id=$1/report.html")
                .replaceAll(", scoring [\\d.]+s \\([\\d.]+ pairs/s\\)$", ", scoring <time>")
                .replaceAll(", [\\d.]+ pairs/s, done in .*$", ", <time>");
    }

    /** The same samples against checks they fail: exit code 3, each failed check on stderr. */
    @Test
    void localFailingAudit() {
        CliRun r = run("conf/local-failing.yaml", "local-failing");
        assertEquals(3, r.exitCode(), r.err());
        assertTrue(r.out().contains("run example: 11 pairs, 9 scored, 2 failed"), r.out());
        assertTrue(r.err().contains("imgloss: check failed (error): {metric: ssim, aggregate: p05, \">=\": 0.9}: observed"),
                r.err());
        assertTrue(r.err().contains("imgloss: check failed (error): {metric: _pairs, aggregate: error_rate, \"<=\": 0.01}:"
                + " observed 0.181818 vs <= 0.01"), r.err());
        assertTrue(r.err().contains("imgloss: check failed (warning): {metric: psnr, aggregate: mean, \">\": 30,"
                + " per_group: true, level: warning} group {folder=rgb8}: observed 24.7593"), r.err());
        assertTrue(r.err().endsWith("checks: 4 passed, 3 failed, 0 skipped\n"), r.err());
        Dataset<Row> checks = spark.read().format("delta").load(out.resolve("local-failing/checks").toString());
        assertEquals(7, checks.count());
        assertEquals(3, checks.filter("status = 'failed'").count());
    }

    @Test
    void sarExample() {
        CliRun r = run("conf/sar.yaml", "sar");
        assertEquals(0, r.exitCode(), r.err());
        Dataset<Row> scores = spark.read().parquet(out.resolve("sar/scores").toString());
        assertEquals(3, scores.count());
        for (Row row : scores.collectAsList()) {
            assertTrue(row.isNullAt(row.fieldIndex("error_code")), row.toString());
            assertEquals(0, ((scala.collection.Map<?, ?>) row.getAs("metric_errors")).size(), row.toString());
            int looks = Integer.parseInt(row.getAs("looks"));
            // over the mask, the speckled original has ENL close to its number of looks, the despeckled more
            double enlOriginal = row.getAs("enl_original");
            assertEquals(looks, enlOriginal, 0.25 * looks, row.toString());
            assertTrue(row.<Double>getAs("enl_reconstruction") > 2 * enlOriginal, row.toString());
            assertEquals(1.0, row.<Double>getAs("ratio_mean"), 0.1, row.toString());
            for (String metric : List.of("mse", "psnr", "ssim", "enl_auto_mask", "enl_loss", "ratio_variance",
                    "sar_reconstruction")) {
                assertTrue(Double.isFinite(row.<Double>getAs(metric)), metric + " " + row);
            }
        }
    }

    @Test
    void metamerExample() throws IOException {
        CliRun r = run("conf/metamer.yaml", "metamer");
        assertEquals(0, r.exitCode(), r.err());
        assertFalse(r.err().contains("note:"), "odak's defaults are odak-comparable: " + r.err());
        assertTrue(r.out().contains("metamers (metamer_mse, 16-bit PNG): " + out.resolve("metamer/metamers/run_id=example")),
                r.out());
        Dataset<Row> scores = spark.read().parquet(out.resolve("metamer/scores").toString());
        assertEquals(3, scores.count());
        for (Row row : scores.collectAsList()) {
            assertTrue(row.isNullAt(row.fieldIndex("error_code")), row.toString());
            assertTrue(row.<Double>getAs("metameric") > 0, row.toString());
            assertTrue(row.<Double>getAs("metamer_mse") > 0, row.toString());
        }
        Path metamers = out.resolve("metamer/metamers/run_id=example");
        for (String key : List.of("view01", "view02", "view03")) {
            assertTrue(Files.size(metamers.resolve(key + ".png")) > 0, key);
        }
        try (Stream<Path> files = Files.list(metamers)) {
            assertEquals(3, files.count());
        }
    }

    /** A setting that is not odak-comparable is named on stderr before the run, and the run goes ahead. */
    @Test
    void runNamesSettingsThatAreNotReferenceComparable() {
        CliRun r = run("conf/metamer.yaml", "metamer-notes", "--set", "metrics=[{name: metamer_mse, n_orientations: 6}]");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("imgloss: note: metamer_mse (metamer_mse): n_orientations=6 uses the uncropped 9x9"
                + " lowpass filter"), r.err());
        assertTrue(r.err().startsWith("imgloss: run example of 'sample-metamer': 1 metric(s), manifest input\nimgloss: note:"),
                r.err());
        assertTrue(r.out().contains("run example: 3 pairs, 3 scored, 0 failed"), r.out());
    }

    @Test
    void manifestExample() {
        CliRun r = run("conf/manifest.yaml", "manifest", "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        assertFalse(r.out().contains("summary of run"), "--quiet: no console summary\n" + r.out());
        assertTrue(r.out().contains("  runs:    "), r.out());
        Dataset<Row> scores = spark.read().option("header", "true").csv(out.resolve("manifest/scores").toString());
        assertEquals(11, scores.count());
        assertTrue(List.of(scores.columns()).containsAll(List.of("model", "split", "psnr", "ssim_skimage")));
        assertEquals("1", scores.filter("key = 'gray16/ct01'").first().getAs("channels"));
        assertEquals("1", scores.filter("key = 'rgb8/scene01'").first().getAs("channels")); // color: gray
    }

    @Test
    void parquetExample() {
        CliRun r = run("conf/parquet.yaml", "parquet");
        assertEquals(0, r.exitCode(), r.err());
        Dataset<Row> scores = spark.read().json(out.resolve("parquet/scores").toString());
        assertEquals(9, scores.count());
        assertEquals(0, scores.filter("error_code IS NOT NULL").count());
    }

    @Test
    void readmeCommandsMatchTheExamplesAndCi() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertTrue(readme.contains("\njob/bin/imgloss run conf/local.yaml\n"), "README's first command");
        String ci = Files.readString(ROOT.resolve(".ci/run"));
        String testCommand = ci.lines().filter(l -> l.startsWith("mvn ")).findFirst().orElseThrow();
        assertTrue(readme.contains("\n" + testCommand + "\n"), "README's second command is .ci/run's: " + testCommand);
        assertTrue(Files.isExecutable(ROOT.resolve("job/bin/imgloss")));
        // for users: no material outside the repository, a licence, a changelog at the current version
        for (String internal : List.of("../shared", "shared/design", "§", "the seed", "branch ")) {
            assertFalse(readme.contains(internal), "README mentions " + internal);
        }
        String license = Files.readString(ROOT.resolve("LICENSE"));
        assertTrue(license.contains("Apache License") && license.contains("Version 2.0, January 2004"), "LICENSE");
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        String version = pom.substring(pom.indexOf("<version>") + 9, pom.indexOf("</version>")).replace("-SNAPSHOT", "");
        assertTrue(Files.readString(ROOT.resolve("CHANGELOG.md")).contains("## [" + version + "]"), "CHANGELOG at " + version);
    }

    @Test
    void clusterExampleValidates() {
        CliRun v = CliRun.of("validate", ROOT.resolve("conf/cluster.yaml").toString(), "--base-dir", ROOT.toString());
        assertEquals(0, v.exitCode(), v.err());
        assertFalse(v.out().isEmpty());
    }
}
