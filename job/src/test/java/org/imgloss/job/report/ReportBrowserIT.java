package org.imgloss.job.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.imgloss.job.TestImages;
import org.imgloss.job.TestSpark;
import org.imgloss.job.cli.CliRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The report in a real browser: Debian's headless Chromium driven by Selenium through Debian's
 * chromedriver ({@code .ci/run} installs both). The sample audit's report loads without a console
 * error and without any network request (only the page's own file: and data: URIs), shows the
 * verdict, and every thumbnail has decoded; a pair keyed {@code <script>alert(1)</script>} shows its
 * key as text and no dialog opens; a failing audit's page opens on its failed verdict and failed
 * check. Full-page screenshots go to {@code job/target/report-screenshots/} (the README's picture
 * is {@code sample-report-top.png}).
 */
class ReportBrowserIT {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path SHOTS = Path.of("target/report-screenshots").toAbsolutePath();
    static final String HOSTILE = "<script>alert(1)</script>";

    @TempDir
    static Path dir;
    static ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        TestSpark.session();
        Files.createDirectories(SHOTS);
        ChromeOptions o = new ChromeOptions();
        o.setBinary("/usr/bin/chromium");
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1600", "--hide-scrollbars", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).withLogOutput(System.err).build();
        browser = new ChromeDriver(service, o);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** Opens the page, and returns the URLs it requested (Chrome's network log). */
    static List<String> open(Path page) {
        browser.manage().logs().get(LogType.PERFORMANCE); // drop what earlier pages logged
        browser.manage().logs().get(LogType.BROWSER);
        browser.get(page.toUri().toString());
        List<String> urls = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.PERFORMANCE)) {
            String m = e.getMessage();
            if (m.contains("\"Network.requestWillBeSent\"")) {
                int at = m.indexOf("\"url\":\"");
                urls.add(at < 0 ? m : m.substring(at + 7, Math.min(m.length(), m.indexOf('"', at + 7))));
            }
        }
        return urls;
    }

    static void assertNoConsoleError() {
        List<String> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).map(LogEntry::getMessage).toList();
        assertEquals(List.of(), severe, "console errors and warnings");
    }

    static void assertOnlyThePageItself(List<String> urls, Path page) {
        for (String u : urls) {
            assertTrue(u.startsWith("data:") || u.equals(page.toUri().toString()) || u.startsWith("file:")
                    && Path.of(java.net.URI.create(u)).equals(page), "a request to " + u);
        }
    }

    static void assertNoDialog() {
        assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert(), "no dialog is open");
    }

    @SuppressWarnings("unchecked")
    static void assertEveryThumbnailLoaded(int atLeast) {
        List<Object> widths = (List<Object>) browser.executeScript(
                "return Array.from(document.images).map(i => i.complete ? i.naturalWidth : -1);");
        assertTrue(widths.size() >= atLeast, widths.size() + " images");
        for (Object w : widths) {
            assertTrue(((Number) w).longValue() > 0, "an image that did not load: " + widths);
        }
    }

    /** Saves the whole page (beyond the window) as a PNG, and the first 1600 px as {@code <name>-top.png}. */
    @SuppressWarnings("unchecked")
    static void screenshot(String name) throws IOException {
        Map<String, Object> metrics = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        double w = ((Number) size.get("width")).doubleValue();
        double h = ((Number) size.get("height")).doubleValue();
        for (Object[] shot : new Object[][] {{name + ".png", h}, {name + "-top.png", Math.min(h, 1600)}}) {
            Map<String, Object> r = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                    "captureBeyondViewport", true,
                    "clip", Map.of("x", 0, "y", 0, "width", w, "height", shot[1], "scale", 1)));
            Files.write(SHOTS.resolve((String) shot[0]), Base64.getDecoder().decode((String) r.get("data")));
        }
    }

    @Test
    void sampleAuditReport() throws IOException {
        CliRun run = CliRun.of("run", ROOT.resolve("conf/local.yaml").toString(), "--base-dir", ROOT.toString(),
                "--progress-seconds", "0", "--set", "output.path=" + dir.resolve("sample"), "--set", "run_id=browser");
        assertEquals(0, run.exitCode(), run.err());
        Path page = dir.resolve("sample/report/run_id=browser/report.html");
        List<String> requests = open(page);
        assertOnlyThePageItself(requests, page);
        assertNoConsoleError();
        assertNoDialog();
        WebElement verdict = browser.findElement(By.id("verdict-status"));
        assertTrue(verdict.isDisplayed());
        assertTrue(verdict.getText().startsWith("NO VERDICT") || verdict.getText().startsWith("PASSED")
                || verdict.getText().startsWith("FAILED"), verdict.getText());
        for (WebElement check : browser.findElements(By.cssSelector("tr.check"))) {
            assertTrue(check.isDisplayed(), check.getText());
        }
        assertTrue(browser.findElement(By.id("pair-counts")).getText().contains("11 in, 9 scored, 2 failed"));
        assertEveryThumbnailLoaded(32);
        assertTrue(browser.findElements(By.cssSelector("svg[aria-label^='histogram of']")).size() >= 10);
        screenshot("sample-report");
    }

    @Test
    void hostileKeyIsShownAsTextAndRunsNothing() throws IOException {
        Path recon = dir.resolve("hostile/recon.png");
        Path orig = dir.resolve("hostile/orig.png");
        int[] base = TestImages.base(7);
        TestImages.write(orig, TestImages.png(base));
        TestImages.write(recon, TestImages.png(TestImages.noisy(base, 40, 3)));
        TestImages.write(dir.resolve("hostile/ok.png"), TestImages.png(TestImages.base(8)));
        Path manifest = dir.resolve("hostile/pairs.csv");
        Files.writeString(manifest, "key,reconstruction,original\n"
                + "\"" + HOSTILE + "\",recon.png,orig.png\n"
                + "fine,ok.png,ok.png\n"
                + "\"<img src=x onerror=alert(2)>\",gone.png,orig.png\n");
        Path config = dir.resolve("hostile/audit.yaml");
        Files.writeString(config, """
                name: "<b>hostile</b>"
                run_id: h1
                spark: {master: "local[2]"}
                input: {type: manifest, path: pairs.csv}
                metrics: [psnr, ssim, mae]
                output: {path: out}
                """);
        CliRun run = CliRun.of("run", config.toString(), "--base-dir", dir.resolve("hostile").toString(),
                "--progress-seconds", "0");
        assertEquals(0, run.exitCode(), run.err());
        Path page = dir.resolve("hostile/out/report/run_id=h1/report.html");
        assertOnlyThePageItself(open(page), page);
        assertNoDialog();
        assertNoConsoleError();
        List<String> keys = browser.findElements(By.cssSelector(".pair .key")).stream().map(WebElement::getText)
                .toList();
        assertTrue(keys.contains(HOSTILE), "the key as text: " + keys);
        assertTrue(browser.findElement(By.id("failures")).getText().contains("<img src=x onerror=alert(2)>"));
        assertTrue(browser.findElement(By.tagName("h1")).getText().contains("<b>hostile</b>"));
        assertEquals(0L, browser.executeScript("return document.scripts.length;"));
        assertEveryThumbnailLoaded(4);
        screenshot("hostile-report");
    }

    @Test
    void failingAuditOpensOnItsFailedCheck() throws IOException {
        Path page = dir.resolve("failing.html");
        Files.writeString(page, ReportPage.render(ReportPageTest.failing(List.of()), "test", "now"));
        assertOnlyThePageItself(open(page), page);
        assertNoConsoleError();
        WebElement verdict = browser.findElement(By.id("verdict-status"));
        assertTrue(verdict.getText().startsWith("FAILED"), verdict.getText());
        assertEquals(0L, ((Number) browser.executeScript(
                "return Math.round(document.getElementById('verdict').getBoundingClientRect().top);")).longValue(),
                "the verdict is at the top of the page");
        WebElement first = browser.findElements(By.cssSelector("tr.check")).get(0);
        assertEquals("failed", first.getAttribute("data-status"));
        assertTrue(first.isDisplayed() && first.getRect().getY() + first.getRect().getHeight() < 600,
                "the failed check is in the first screenful: " + first.getRect());
        screenshot("failing-report");
    }
}
