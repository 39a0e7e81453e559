package org.imgloss.job.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.imgloss.image.Image;
import org.imgloss.job.report.ReportModel.Check;
import org.imgloss.job.report.ReportModel.Facts;
import org.imgloss.job.report.ReportModel.FailureExample;
import org.imgloss.job.report.ReportModel.FailureGroup;
import org.imgloss.job.report.ReportModel.GroupRow;
import org.imgloss.job.report.ReportModel.Histogram;
import org.imgloss.job.report.ReportModel.MetricSection;
import org.imgloss.job.report.ReportModel.Regression;
import org.imgloss.job.report.ReportModel.Regressions;
import org.imgloss.job.report.ReportModel.Thumbs;
import org.imgloss.job.report.ReportModel.Trend;
import org.imgloss.job.report.ReportModel.TrendPoint;
import org.imgloss.job.report.ReportModel.Verdict;
import org.imgloss.job.report.ReportModel.WorstList;
import org.imgloss.job.report.ReportModel.WorstPair;
import org.imgloss.metrics.MapMetric;
import org.imgloss.metrics.MetricCatalog;
import org.junit.jupiter.api.Test;

/**
 * The page from a model filled here: the verdict and the failed check come first, every
 * user-supplied string is escaped, and a page with 8 worst pairs for each of 6 metrics, with
 * thumbnails of hard-to-compress 512 × 512 noise, stays under 5 MB.
 */
class ReportPageTest {

    static final String HOSTILE = "<script>alert(1)</script>";

    static Facts facts(String name) {
        return new Facts(name, "20261205T000000.000Z-abcd", "2026-12-05 00:00:00 UTC", "2026-12-05 00:00:09 UTC",
                "directories", "file:/data/<recon>", "color=keep", 10, 9, 1, 9.0, 6.5, 1.54, "0.1.0", "4.2.0",
                "name: " + name + "\nnote: \"</pre><script>alert(2)</script>\"\n");
    }

    static Check check(String text, String level, Double observed, String threshold, String status) {
        return new Check(text, "ssim", "p05", "", level, observed, threshold, null, status,
                status.equals("failed") ? "p05 of ssim is " + observed + ", needs " + threshold : null);
    }

    /** A failing audit: one error-level check failed, listed after two that passed. */
    static ReportModel failing(List<WorstList> worst) {
        List<Check> checks = List.of(
                check("{metric: psnr, aggregate: mean, \">\": 30}", "error", 31.2, "> 30", "passed"),
                check("{metric: ssim, aggregate: p50, \">=\": 0.5}", "warning", 0.8, ">= 0.5", "passed"),
                check("{metric: ssim, aggregate: p05, \">=\": 0.85}", "error", 0.61, ">= 0.85", "failed"),
                check("{metric: lpips, compare_to: previous, max_drop: 0.1}", "error", null, "0.1", "skipped"));
        Histogram h = new Histogram(new double[] {0, 0.25, 0.5, 0.75, 1}, new long[] {1, 2, 3, 3}, 0.2, 0.6, 0.95,
                0, 1);
        List<MetricSection> metrics = List.of(new MetricSection("ssim", "ssim", "higher", h,
                List.of(new GroupRow("folder=" + HOSTILE, 10, 9, 1, 0.6, 0.1, 0.1, 0.2, 0.6, 0.95, 0.99))));
        List<Trend> trends = List.of(new Trend(checks.get(2).check(), "", List.of(
                new TrendPoint("r1", "2026-12-03", 0.9, "passed"), new TrendPoint("r2", "2026-12-04", 0.88, "passed"),
                new TrendPoint("r3", "2026-12-05", 0.61, "failed")), List.of(0.85)));
        Regressions regressions = new Regressions(true, 1, List.of(
                new Regression(HOSTILE, "ssim", 0.4, 0.9, -0.5, -0.55, "r2")));
        List<FailureGroup> failures = List.of(new FailureGroup("UNDECODABLE", "not an image", 1,
                List.of(new FailureExample("a&b", "bad header <IHDR>"))));
        return new ReportModel(facts("nightly"), new Verdict(Checks.verdict(checks), checks, null), metrics, trends,
                worst, regressions, failures);
    }

    @Test
    void failedVerdictAndFailedCheckComeFirst() {
        String html = ReportPage.render(failing(List.of()), "test", "now");
        int body = html.indexOf("<body>");
        int verdict = html.indexOf("id=\"verdict\"");
        assertTrue(verdict > body && html.substring(body, verdict).matches("(?s)<body>\\s*<main>\\s*<header "),
                "the verdict opens the page");
        assertTrue(html.contains("data-verdict=\"failed\""));
        assertTrue(html.contains("<title>FAILED · nightly"), "the tab says it too");
        int firstCheck = html.indexOf("class=\"check ");
        assertTrue(html.startsWith("class=\"check failed\"", firstCheck), "the failed check is listed first");
        assertTrue(html.indexOf("p05 of ssim is 0.61") < html.indexOf("{metric: psnr"));
        assertTrue(html.contains("1 failed, 2 passed, 1 skipped"));
        assertTrue(html.contains("aria-label=\"trend of {metric: ssim, aggregate: p05, &quot;&gt;=&quot;: 0.85}\""));
        assertTrue(html.contains("<title>threshold 0.85</title>"), "the threshold drawn in the trend");
    }

    @Test
    void warningsAloneDoNotFailTheVerdict() {
        List<Check> checks = List.of(check("w", "warning", 0.1, ">= 0.2", "failed"),
                check("e", "error", 0.9, ">= 0.2", "passed"));
        assertEquals("passed", Checks.verdict(checks));
        assertEquals("no checks", Checks.verdict(List.of()));
        assertEquals(List.of("w", "e"), new Verdict("passed", List.of(checks.get(1), checks.get(0)), null).checks()
                .stream().map(Check::check).toList());
    }

    @Test
    void everyUserStringIsEscaped() {
        Thumbs none = new Thumbs(null, null, null, 0, null, null, 0, 0, "not read: " + HOSTILE);
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("ssim", 0.1);
        List<WorstList> worst = List.of(new WorstList("ssim", "higher",
                List.of(new WorstPair(HOSTILE, Map.of("folder", HOSTILE), scores, none))));
        String html = ReportPage.render(failing(worst), "test", "now");
        assertFalse(html.contains("<script"), "no markup from the data");
        assertFalse(html.contains("</pre><script"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the key shown as text");
        assertTrue(html.contains("a&amp;b") && html.contains("bad header &lt;IHDR&gt;"));
        assertTrue(html.contains("file:/data/&lt;recon&gt;"));
    }

    @Test
    void eightWorstPairsOfSixMetricsStayUnderFiveMegabytes() {
        List<WorstList> worst = new ArrayList<>();
        MapMetric ssim = (MapMetric) MetricCatalog.get("ssim").create(Map.of());
        ThumbnailMaker maker = new ThumbnailMaker(org.imgloss.image.DecodeOptions.DEFAULT, ssim, false,
                Thumbnails.byteCap(6 * 8));
        for (int m = 0; m < 6; m++) {
            List<WorstPair> pairs = new ArrayList<>();
            for (int p = 0; p < 8; p++) {
                Image o = noise(512, 512, 3, 100L * m + p);
                Image r = noise(512, 512, 3, 100L * m + p + 50);
                ThumbnailMaker.Made t = maker.make(options -> r, options -> o);
                Thumbs thumbs = new Thumbs(uri(t.reconstruction()), uri(t.original()), uri(t.error()), t.errorMax(),
                        uri(t.ssim()), "ssim", t.width(), t.height(), t.note());
                pairs.add(new WorstPair("m" + m + "/pair" + p, Map.of(), Map.of("ssim", 0.01), thumbs));
            }
            worst.add(new WorstList("metric" + m, "higher", pairs));
        }
        String html = ReportPage.render(failing(worst), "test", "now");
        assertEquals(6 * 8 * 4, SampleReportTest.count(html, "src=\"data:image/jpeg;base64,"));
        long bytes = html.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertTrue(bytes < 5_000_000, "page of " + bytes + " bytes");
    }

    @Test
    void thumbnailsKeepTheLongSideWithin256() {
        assertEquals(List.of(256, 128), List.of(ThumbnailMaker.thumbSize(1024, 512)[0],
                ThumbnailMaker.thumbSize(1024, 512)[1]));
        assertEquals(List.of(24, 20), List.of(ThumbnailMaker.thumbSize(24, 20)[0], ThumbnailMaker.thumbSize(24, 20)[1]));
        double[] plane = {0, 1, 2, 3, 4, 5, 6, 7};
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {2.5, 4.5},
                ThumbnailMaker.resize(plane, 4, 2, 2, 1), "area averages");
    }

    private static String uri(byte[] jpeg) {
        return jpeg == null ? null : "data:image/jpeg;base64," + java.util.Base64.getEncoder().encodeToString(jpeg);
    }

    private static Image noise(int w, int h, int channels, long seed) {
        Random rnd = new Random(seed);
        double[][] planes = new double[channels][w * h];
        for (double[] p : planes) {
            for (int i = 0; i < p.length; i++) {
                p[i] = rnd.nextDouble();
            }
        }
        return Image.ofPlanes(w, h, planes);
    }
}
