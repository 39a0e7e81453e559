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
 * The verdict's exit code as a scheduler sees it: the real launcher ({@code job/bin/imgloss}, a JVM of
 * its own) run from the repository root on the failing sample config. Needs the application jar (after
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

    /**
     * A failing audit exits 3 through the launcher. The passing sample audit's exit 0 is the README's
     * first command (run by CI); warnings, {@code --fail-on}, empty audits and {@code imgloss check} are
     * covered in-process by {@code ChecksTest}, through the same command line.
     */
    @Test
    void aFailingAuditExits3() throws Exception {
        Launched failing = imgloss(run("conf/local-failing.yaml", "failing"));
        assertEquals(3, failing.exitCode(), failing.err());
        assertTrue(failing.err().endsWith("checks: 4 passed, 3 failed, 0 skipped\n"), failing.err());
        assertTrue(failing.err().contains("imgloss: check failed (error): "), failing.err());
    }
}
