package org.imgloss.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.imgloss.errors.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands through {@code execute(args)}: exit codes and what they print. No Spark starts here. */
class CliTest {

    @TempDir
    Path dir;
    Path config;

    @BeforeEach
    void writeConfig() throws IOException {
        Files.createDirectories(dir.resolve("recon"));
        Files.createDirectories(dir.resolve("orig"));
        Files.write(dir.resolve("recon/a.png"), new byte[] {1}); // validate pairs names, it reads no image
        Files.write(dir.resolve("orig/a.png"), new byte[] {1});
        config = Files.writeString(dir.resolve("audit.yaml"), """
                name: cli
                input: {type: directories, reconstructions: recon, originals: orig}
                metrics: [psnr, {name: ssim, variant: skimage, as: ssim_skimage}]
                output: {path: out}
                """);
    }

    @Test
    void versionAndHelp() {
        CliRun v = CliRun.of("--version");
        assertEquals(0, v.exitCode());
        assertTrue(v.out().startsWith("imgloss "), v.out());
        CliRun h = CliRun.of("--help");
        assertEquals(0, h.exitCode());
        for (String sub : new String[] {"run", "validate", "metrics", "errors", "classpath", "sql", "export", "runs", "report"}) {
            assertTrue(h.out().contains(sub), h.out());
        }
        assertTrue(h.out().contains("Exit codes"), h.out());
    }

    /** The command list shows each command's first description line: a whole sentence, never cut. */
    @Test
    void helpShowsWholeSentences() {
        CliRun h = CliRun.of("--help");
        String flat = h.out().replaceAll("\\s+", " ");
        picocli.CommandLine cl = ImglossCommand.commandLine();
        for (var sub : cl.getSubcommands().entrySet()) {
            String first = sub.getValue().getCommandSpec().usageMessage().description()[0];
            assertTrue(first.endsWith("."), sub.getKey() + ": " + first);
            assertTrue(flat.contains(first.replaceAll("\\s+", " ")), sub.getKey() + " in\n" + h.out());
        }
        assertTrue(flat.contains("Prints the local-mode classpath (the imgloss and Spark jars), for jshell, notebooks"
                + " or your own Spark programs."), h.out());
    }

    @Test
    void validateShowsThePairingAndRefusesALayoutThatPairsNothing() throws IOException {
        CliRun ok = CliRun.of("validate", config.toString(), "--base-dir", dir.toString());
        assertTrue(ok.out().contains("pairing (input.match: relative_path): 1 reconstruction(s), 1 original(s), 1 pair(s)\n"),
                ok.out());
        Files.write(dir.resolve("recon/b_x4.png"), new byte[] {1});
        Files.write(dir.resolve("orig/b.png"), new byte[] {1});
        CliRun pattern = CliRun.of("validate", config.toString(), "--base-dir", dir.toString(),
                "--set", "input.match={reconstructions: '(?<key>.+)_x4', originals: '(?<key>.+)'}");
        assertEquals(0, pattern.exitCode(), pattern.out() + pattern.err()); // b pairs by the pattern
        assertTrue(pattern.out().contains("1 pair(s)"), pattern.out());
        Files.delete(dir.resolve("recon/a.png"));
        CliRun stem = CliRun.of("validate", config.toString(), "--base-dir", dir.toString(), "--set", "input.match=stem");
        assertEquals(2, stem.exitCode(), stem.out() + stem.err());
        assertTrue(stem.out().contains("  unpaired reconstructions: 1 (with the nearest original):\n    b_x4.png  ~  b.png\n"),
                stem.out());
        assertTrue(stem.err().contains("a run would score nothing"), stem.err());
    }

    @Test
    void badUsageExitsWithTwo() {
        assertEquals(2, CliRun.of("frobnicate").exitCode());
        assertEquals(2, CliRun.of("run").exitCode());
        assertEquals(2, CliRun.of("run", config.toString(), "--no-such-option").exitCode());
        assertEquals(2, CliRun.of().exitCode());
    }

    @Test
    void metricsListsParametersAndDefaults() {
        CliRun m = CliRun.of("metrics");
        assertEquals(0, m.exitCode());
        assertTrue(m.out().contains("psnr - "), m.out());
        assertTrue(m.out().contains("\n    range:       [−1, 1], 1 for identical images\n"), m.out()); // ssim
        assertTrue(m.out().contains("\n    range:       dB, +∞ for identical images;"), m.out()); // psnr
        assertTrue(m.out().contains("data_range (double, default 1.0"), m.out());
        assertTrue(m.out().contains("variant (choice: "), m.out());
        String psnr = m.out().substring(m.out().indexOf("psnr - "), m.out().indexOf("\nssim - "));
        assertTrue(psnr.contains("\n    better:      higher\n"), psnr);
        assertTrue(psnr.contains("\n    agrees with: scikit-image 0.19 peak_signal_noise_ratio"), psnr);
        assertTrue(psnr.contains("\n    tolerance:   1e-9 relative\n"), psnr);
        assertTrue(m.out().contains("mse - mean squared error"), m.out());
        assertTrue(m.out().lines().allMatch(line -> line.length() <= MetricsCommand.WIDTH
                || !line.strip().contains(" ")), "lines wrapped at " + MetricsCommand.WIDTH + " columns");
    }

    @Test
    void errorsListsEveryCodeWithItsLevel() {
        CliRun e = CliRun.of("errors");
        assertEquals(0, e.exitCode());
        String out = e.out();
        int metricLevel = out.indexOf("metric level (metric_errors):");
        assertTrue(out.startsWith("pair level (error_code):") && metricLevel > 0, out);
        for (ErrorCode c : ErrorCode.values()) {
            int at = out.indexOf("  " + c.code() + " ");
            assertTrue(at > 0 && out.indexOf(c.meaning(), at) > 0, c + ": " + out);
            assertEquals(c.level() == ErrorCode.Level.METRIC, at > metricLevel, c + ": " + out);
        }
    }

    @Test
    void classpathPrintsTheJvmClasspath() {
        CliRun c = CliRun.of("classpath");
        assertEquals(0, c.exitCode());
        assertEquals(System.getProperty("java.class.path"), c.out().trim());
    }

    @Test
    void validateAcceptsAGoodConfigAndShowsWhatWouldRun() {
        CliRun v = CliRun.of("validate", config.toString(), "--base-dir", dir.toString());
        assertEquals(0, v.exitCode(), v.err());
        assertTrue(v.out().contains(": OK"), v.out());
        assertTrue(v.out().contains("ssim(variant=skimage"), v.out());
        assertTrue(v.out().contains("as ssim_skimage"), v.out());
    }

    /** Settings that are not reference-comparable are named when a config is validated, never silently used. */
    @Test
    void validateShowsNotesOnSettingsThatAreNotReferenceComparable() {
        CliRun plain = CliRun.of("validate", config.toString(), "--base-dir", dir.toString());
        assertFalse(plain.out().contains("note:"), plain.out());
        CliRun v = CliRun.of("validate", config.toString(), "--base-dir", dir.toString(), "--set",
                "metrics[1]={name: metameric, use_l2_foveal_loss: false, use_fullres_l0: true, equi: true}", "--set",
                "metrics[0]={name: metamer_mse, n_orientations: 6}");
        assertEquals(0, v.exitCode(), v.err());
        assertTrue(v.out().contains("      note: equi=true with use_fullres_l0=true blurs the full-resolution"), v.out());
        assertTrue(v.out().contains("      note: n_orientations=6 uses the uncropped 9x9 lowpass filter"), v.out());
        assertEquals(2, v.out().split("note:", -1).length - 1, v.out());
    }

    @Test
    void validateReportsEveryProblemWithExitTwo() {
        CliRun v = CliRun.of("validate", config.toString(), "--base-dir", dir.toString(), "--set", "input.type=folders",
                "--set", "metrics[0].data_range=-1");
        assertEquals(2, v.exitCode());
        assertTrue(v.err().contains("2 problems, nothing was run"), v.err());
        assertTrue(v.err().contains("input.type: must be one of directories, manifest, parquet, got 'folders'"), v.err());
        assertTrue(v.err().contains("metrics[0].data_range: must be a finite number > 0, got -1"), v.err());
    }

    @Test
    void runWithABadConfigExitsTwoAndRunsNothing() {
        CliRun r = CliRun.of("run", config.toString(), "--base-dir", dir.toString(), "--set", "metrics[1].k1=-3");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("metrics[1].k1: must be a finite number >= 0, got -3"), r.err());
        assertFalse(Files.exists(dir.resolve("out")), "nothing may be written");
        assertEquals("", r.out());
    }

    @Test
    void missingConfigFileIsAConfigError() {
        CliRun r = CliRun.of("validate", dir.resolve("nope.yaml").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("config: cannot read"), r.err());
    }
}
