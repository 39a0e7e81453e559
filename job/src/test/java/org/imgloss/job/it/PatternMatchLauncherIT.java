package org.imgloss.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.imgloss.job.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The super-resolution / codec layout ({@code recon/img_000_recon.png} next to {@code orig/img_000.png})
 * through the real launcher {@code job/bin/imgloss}: paired by an {@code input.match} pattern, every
 * pair is scored; with {@code match: stem} nothing pairs, and {@code validate} shows the pairing report
 * and exits 2. Needs the application jar (after {@code package}; the launcher builds it otherwise).
 */
class PatternMatchLauncherIT {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final int PAIRS = 6;

    @TempDir
    static Path dir;

    @BeforeAll
    static void layout() throws IOException {
        for (int i = 0; i < PAIRS; i++) {
            String name = String.format("img_%03d", i);
            TestImages.write(dir.resolve("recon/" + name + "_recon.png"), TestImages.noisePng(40, 32, i));
            TestImages.write(dir.resolve("orig/" + name + ".png"), TestImages.noisePng(40, 32, i + 100));
        }
        Files.writeString(dir.resolve("sr.yaml"), """
                name: sr
                run_id: pattern
                spark: {master: "local[1]"}
                input:
                  type: directories
                  reconstructions: recon
                  originals: orig
                  match: {reconstructions: "(?<key>.+)_recon", originals: "(?<key>.+)"}
                metrics: [psnr, ssim]
                output: {path: out, format: parquet}
                """);
    }

    record Launched(int exitCode, String out, String err) {
    }

    private static Launched launch(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("job/bin/imgloss").toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "launcher timed out");
        return new Launched(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aPatternPairsTheSuffixLayoutAndEveryPairIsScored() throws Exception {
        Launched v = launch("validate", "sr.yaml");
        assertEquals(0, v.exitCode(), v.out() + v.err());
        assertTrue(v.out().contains("pairing (input.match: {reconstructions: '(?<key>.+)_recon', originals: '(?<key>.+)'}):"
                + " 6 reconstruction(s), 6 original(s), 6 pair(s)\n"), v.out());

        Launched r = launch("run", "sr.yaml", "--progress-seconds", "1");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().startsWith("run pattern: 6 pairs, 6 scored, 0 failed"), r.out());
        assertTrue(r.out().contains("\nsummary of run pattern (finite values):\n"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("psnr    6      0       \\d+\\.\\d{4}  .*")), r.out());
        assertTrue(r.err().contains("imgloss: processed 6/6 pairs (0 failed)"), r.err());
        assertFalse(r.err().contains(" INFO "), "warnings only by default:\n" + r.err());
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void validateShowsTheUnpairedLayoutAndExits2() throws Exception {
        Launched v = launch("validate", "sr.yaml", "--set", "input.match=stem");
        assertEquals(2, v.exitCode(), v.out() + v.err());
        assertTrue(v.out().startsWith("sr.yaml: no file pairs\n"), v.out());
        assertTrue(v.out().contains("pairing (input.match: stem): 6 reconstruction(s), 6 original(s), 0 pair(s)\n"
                + "  unpaired reconstructions: 6, the first 5 (with the nearest original):\n"
                + "    img_000_recon.png  ~  img_000.png\n"), v.out());
        assertTrue(v.out().contains("  unpaired originals: 6, the first 5 (with the nearest reconstruction):\n"
                + "    img_000.png  ~  img_000_recon.png\n"), v.out());
        assertTrue(v.err().contains("no reconstruction pairs with an original under input.match stem"), v.err());
    }
}
