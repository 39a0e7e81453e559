package org.imgloss.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verdict's exit codes as a scheduler sees them: the real launcher ({@code job/bin/imgloss}, a JVM of
 * its own) run from the repository root on the sample configs. Needs the application jar (after
 * {@code package}; the launcher builds it otherwise).
 */
class VerdictLauncherIT {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @TempDir
    static Path dir;

    private record Launched(int exitCode, String out, String err) {
    }

    private static Launched imgloss(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("job/bin/imgloss").toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not finish: " + cmd);
        }
        return new Launched(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String[] run(String config, String output, String... more) {
        List<String> args = new ArrayList<>(List.of("run", config, "--progress-seconds", "0",
                "--set", "output.path=" + dir.resolve(output), "--set", "output.format=parquet"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void passingFailingAndEmptyAuditsAndTheCheckCommand() throws Exception {
        Launched passing = imgloss(run("conf/local.yaml", "local", "--set", "run_id=l1"));
        assertEquals(0, passing.exitCode(), passing.err());
        assertTrue(passing.err().endsWith("checks: 10 passed, 0 failed, 2 skipped\n"), passing.err());

        Launched failing = imgloss(run("conf/local-failing.yaml", "failing"));
        assertEquals(3, failing.exitCode(), failing.err());
        assertTrue(failing.err().endsWith("checks: 4 passed, 3 failed, 0 skipped\n"), failing.err());

        // only a warning fails: 0, unless --fail-on warning
        String warningOnly = "checks=[{metric: psnr, aggregate: mean, \">\": 30, per_group: true, level: warning}]";
        Launched warning = imgloss(run("conf/local-failing.yaml", "warning", "--set", warningOnly));
        assertEquals(0, warning.exitCode(), warning.err());
        Launched strict = imgloss(run("conf/local-failing.yaml", "warning", "--set", warningOnly, "--fail-on", "warning"));
        assertEquals(3, strict.exitCode(), strict.err());

        Files.createDirectories(dir.resolve("empty/recon"));
        Files.createDirectories(dir.resolve("empty/orig"));
        Launched empty = imgloss(run("conf/local.yaml", "empty", "--set", "input.reconstructions=" + dir.resolve("empty/recon"),
                "--set", "input.originals=" + dir.resolve("empty/orig")));
        assertEquals(3, empty.exitCode(), empty.err());
        assertTrue(empty.out().contains(": 0 pairs, 0 scored, 0 failed"), empty.out());
        assertTrue(empty.err().contains("imgloss: check failed (error): {metric: _pairs, aggregate: count, \">=\": 1}:"
                + " observed 0 vs >= 1: no pair in: 0 file(s) under input.reconstructions ("), empty.err());

        // the passing run checked again with a stricter threshold, without scoring: exit code 3
        Launched recheck = imgloss("check", "conf/local.yaml", "--set", "output.path=" + dir.resolve("local"),
                "--set", "output.format=parquet", "--set", "checks=[{metric: ssim, aggregate: mean, \">=\": 0.99}]");
        assertEquals(3, recheck.exitCode(), recheck.err());
        assertTrue(recheck.out().contains("run l1 of 'sample-audit': verdict failed"), recheck.out());
        assertTrue(recheck.err().endsWith("checks: 2 passed, 1 failed, 0 skipped\n"), recheck.err());
    }
}
