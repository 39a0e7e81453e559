package org.imgloss.job.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code checks} section: the reference's examples read as written, each mistake a config problem. */
class ChecksConfigTest {

    @TempDir
    Path dir;
    private ConfigLoader loader;

    @BeforeEach
    void folders() throws IOException {
        Files.createDirectories(dir.resolve("recon"));
        Files.createDirectories(dir.resolve("orig"));
        loader = new ConfigLoader(dir, Instant.parse("2026-11-23T02:30:05Z"));
    }

    private static String config(String checks) {
        return """
                name: sample
                input: {type: directories, reconstructions: recon, originals: orig, group_by: [folder]}
                metrics: [ssim, psnr, lpips_like_mse_as_loss]
                output: {path: out}
                checks:
                """.replace("lpips_like_mse_as_loss", "{name: mse, as: loss}") + checks;
    }

    private List<String> errors(String checks, String... overrides) {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(config(checks), List.of(overrides)));
        return e.errors();
    }

    private static void assertHas(List<String> errors, String expected) {
        assertTrue(errors.contains(expected), "expected <" + expected + "> in " + errors);
    }

    @Test
    void theReferenceExamplesAreChecks() throws ConfigException {
        AuditConfig c = loader.parse(config("""
                  - {metric: ssim, aggregate: p05, ">=": 0.85}
                  - {metric: psnr, aggregate: mean, ">": 30, per_group: true, level: warning}
                  - {metric: ssim, aggregate: "fraction_below(0.7)", "<=": 0.02}
                  - {metric: _pairs, aggregate: error_rate, "<=": 0.01}
                  - {metric: ssim, aggregate: mean, compare_to: previous, max_drop: 0.005}
                  - {metric: loss, aggregate: p95, compare_to: "last_n(14)", max_zscore: 3}
                  - {metric: ssim, compare_to: "baseline(20261101T000000Z)", per_pair: true, max_drop: 0.05}
                  - {metric: ssim, aggregate: mean, between: [0.5, 1], where: "folder = 'rgb8'"}
                """), List.of());
        List<Check> checks = c.checks().checks();
        assertEquals(8, checks.size());
        assertEquals("{metric: ssim, aggregate: p05, \">=\": 0.85}", checks.get(0).written());
        assertEquals(Check.Level.ERROR, checks.get(0).level());
        assertEquals(Check.Level.WARNING, checks.get(1).level());
        assertTrue(checks.get(1).perGroup());
        assertEquals(new Check.Aggregate("fraction_below", 0.7), checks.get(2).aggregate());
        assertEquals("{metric: ssim, aggregate: \"fraction_below(0.7)\", \"<=\": 0.02}", checks.get(2).written());
        assertEquals(new Check.Comparison(Check.Compare.LAST_N, null, 14), checks.get(5).comparison());
        assertEquals(new Check.Comparison(Check.Compare.BASELINE, "20261101T000000Z", 1), checks.get(6).comparison());
        assertTrue(checks.get(6).perPair());
        assertEquals(0, checks.get(6).maxPairs());
        assertEquals("folder = 'rgb8'", checks.get(7).where());
        assertEquals(List.of("{metric: _pairs, aggregate: count, \">=\": 1}", "{metric: _pairs, aggregate: scored,"
                + " \">=\": 1}"), Check.withBuiltIns(checks).subList(0, 2).stream().map(Check::written).toList());
    }

    @Test
    void noChecksSectionLeavesTheBuiltInOnes() throws ConfigException {
        AuditConfig c = loader.parse(config("").replace("checks:\n", ""), List.of());
        assertEquals(List.of(), c.checks().checks());
        assertEquals(2, Check.withBuiltIns(c.checks().checks()).size());
    }

    @Test
    void eachMistakeIsAProblemOfItsField() {
        List<String> e = errors("""
                  - {metric: sharpness, aggregate: mean, ">": 1}
                  - {metric: ssim, aggregate: median, ">": 1}
                  - {metric: ssim, aggregate: mean, ">": 1, "<": 2}
                  - {metric: ssim, aggregate: mean, compare_to: "baseline(bad id)", max_drop: 1}
                  - {metric: ssim, aggregate: mean}
                  - {metric: ssim, aggregate: mean, compare_to: previous, max_zscore: 3}
                  - {metric: ssim, aggregate: mean, compare_to: yesterday, max_drop: 1}
                  - {metric: ssim, aggregate: mean, max_drop: 0.1}
                  - {metric: ssim, aggregate: mean, compare_to: previous, ">=": 0.1}
                  - {metric: ssim, aggregate: mean, ">": 1, level: fatal}
                  - {metric: _pairs, aggregate: p05, ">": 1}
                  - {metric: ssim, per_pair: true, max_drop: 0.1}
                  - {metric: ssim, aggregate: "fraction_below(x)", ">": 1}
                  - {metric: ssim, aggregate: mean, between: [2, 1]}
                  - {metric: ssim, aggregate: mean, ">": 1, max_pairs: 3}
                  - {metric: ssim, aggregate: mean, ">": 1, threshold: 3}
                """);
        assertHas(e, "checks[0].metric: 'sharpness' is not an alias of the config's metrics (aliases: ssim, psnr, loss)"
                + " nor _pairs");
        assertHas(e, "checks[1].aggregate: unknown aggregate 'median' for a metric (known: mean, stddev, min, max, p01,"
                + " p05, p50, p95, p99, count, error_rate, fraction_below(x), fraction_above(x))");
        assertHas(e, "checks[2]: has 2 thresholds (\">\", \"<\"), give exactly one of \">=\", \">\", \"<=\", \"<\" or"
                + " between: [lo, hi]");
        assertHas(e, "checks[3].compare_to: baseline needs a run id (letters, digits, '.', '_', '-'), got 'bad id'");
        assertHas(e, "checks[4]: needs a threshold: \">=\", \">\", \"<=\", \"<\" or between: [lo, hi]");
        assertHas(e, "checks[5].max_zscore: needs compare_to: last_n(N) with N >= 3 (a mean and a standard deviation"
                + " over runs), got compare_to: previous");
        assertHas(e, "checks[6].compare_to: must be previous, baseline(<run_id>) or last_n(N), got 'yesterday'");
        assertHas(e, "checks[7].max_drop: needs compare_to: previous, baseline(<run_id>) or last_n(N)");
        assertHas(e, "checks[8].\">=\": with compare_to the threshold is max_drop, max_rise, max_relative_drop or"
                + " max_zscore");
        assertTrue(e.stream().anyMatch(l -> l.startsWith("checks[9].level: must be one of error, warning")), e.toString());
        assertHas(e, "checks[10].aggregate: unknown aggregate 'p05' for _pairs (known: count, scored, failed,"
                + " error_rate)");
        assertHas(e, "checks[11].per_pair: needs compare_to: previous, baseline(<run_id>) or last_n(N)");
        assertHas(e, "checks[12].aggregate: fraction_below needs a number, e.g. fraction_below(0.7), got"
                + " 'fraction_below(x)'");
        assertHas(e, "checks[13].between: must be [lo, hi] with lo <= hi, got [2.0, 1.0]");
        assertHas(e, "checks[14].max_pairs: only with per_pair: true (how many pairs may regress)");
        assertTrue(e.stream().anyMatch(l -> l.startsWith("checks[15].threshold: unknown key (known: metric, aggregate,"
                + " >=, >, <=, <, between, compare_to, max_drop, max_rise, max_relative_drop, max_zscore, per_group,"
                + " where, per_pair, max_pairs, level, on_missing_baseline)")), e.toString());
    }

    @Test
    void perGroupNeedsGroupBy() {
        assertHas(errors("  - {metric: ssim, aggregate: mean, \">\": 0, per_group: true}\n", "input.group_by=[]"),
                "checks[0].per_group: needs input.group_by (one outcome per group)");
    }

    @Test
    void perPairTakesADropLimit() {
        assertHas(errors("  - {metric: ssim, compare_to: previous, per_pair: true, max_zscore: 3}\n"),
                "checks[0].max_zscore: a per_pair check takes max_drop or max_relative_drop");
        assertHas(errors("  - {metric: ssim, aggregate: mean, compare_to: previous, per_pair: true, max_drop: 1}\n"),
                "checks[0].aggregate: a per_pair check compares each pair's value: leave 'aggregate' out");
    }
}
