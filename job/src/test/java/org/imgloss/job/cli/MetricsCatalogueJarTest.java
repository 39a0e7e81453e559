package org.imgloss.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.imgloss.job.Main;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI with and without the imgloss-perceptual jar. This test's class path has it (a test
 * dependency); the runs without it are child JVMs on the same class path minus that jar and ONNX
 * Runtime, as on a cluster where only the job jar was submitted.
 */
class MetricsCatalogueJarTest {

    @TempDir
    Path dir;
    Path config;

    @BeforeEach
    void writeConfig() throws Exception {
        Files.createDirectories(dir.resolve("recon"));
        Files.createDirectories(dir.resolve("orig"));
        config = Files.writeString(dir.resolve("audit.yaml"), """
                name: lpips-audit
                input: {type: directories, reconstructions: recon, originals: orig}
                metrics: [psnr, {name: lpips, baseline: true}]
                output: {path: out}
                """);
    }

    private record Child(int exitCode, String out, String err) {
    }

    /** The class path of this test without imgloss-perceptual and ONNX Runtime. */
    private static String withoutThePerceptualJar() {
        String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
        List<String> kept = Arrays.stream(entries).filter(e -> !e.contains("imgloss-perceptual")
                && !e.contains(File.separator + "perceptual" + File.separator + "target")
                && !e.contains("onnxruntime")).toList();
        assertTrue(kept.size() < entries.length, "the perceptual module is expected on the test class path");
        return String.join(File.pathSeparator, kept);
    }

    private static Child runWithoutThePerceptualJar(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-cp", withoutThePerceptualJar(), Main.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("imgloss-out", ".txt");
        Path err = Files.createTempFile("imgloss-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the CLI did not finish: " + cmd);
            }
            return new Child(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void withTheJarMetricsListsPerceptualAndLpips() {
        CliRun m = CliRun.of("metrics");
        assertEquals(0, m.exitCode());
        assertTrue(m.out().contains("\nperceptual - ") && m.out().contains("\nlpips - "), m.out());
        assertFalse(m.out().contains("not available"), m.out());
    }

    @Test
    void withoutTheJarMetricsSaysInOneLineWhatIsMissing() throws Exception {
        Child m = runWithoutThePerceptualJar("metrics");
        assertEquals(0, m.exitCode(), m.err());
        assertTrue(m.out().contains("psnr - ") && m.out().contains("metameric - "), m.out());
        assertFalse(m.out().contains("\nperceptual - ") || m.out().contains("\nlpips - "), m.out());
        List<String> about = m.out().lines().filter(l -> l.contains("imgloss-perceptual")).toList();
        assertEquals(1, about.size(), m.out());
        assertTrue(about.get(0).startsWith("perceptual, lpips - not available: they need the imgloss-perceptual jar"),
                about.get(0));
    }

    @Test
    void aConfigNamingLpipsNamesTheMissingJar() throws Exception {
        Child v = runWithoutThePerceptualJar("validate", config.toString(), "--base-dir", dir.toString());
        assertEquals(2, v.exitCode(), v.out() + v.err());
        assertTrue(v.err().contains("metrics[1].name: metric 'lpips' is provided by the imgloss-perceptual jar"), v.err());
        assertFalse(v.err().contains("unknown metric"), v.err());

        // with the jar the metric is known, and its own parameters are checked
        CliRun withJar = CliRun.of("validate", config.toString(), "--base-dir", dir.toString());
        assertEquals(2, withJar.exitCode(), withJar.err());
        assertTrue(withJar.err().contains("model"), withJar.err());
        assertFalse(withJar.err().contains("imgloss-perceptual"), withJar.err());
    }

    @Test
    void theApplicationJarBundlesNeitherThePerceptualJarNorOnnxRuntime() throws Exception {
        // what the shade plugin bundles into the job jar: the runtime class path, written at every build
        Path runtime = Path.of("target", "classpath-runtime.txt");
        assertTrue(Files.exists(runtime), runtime + " is written in generate-test-resources");
        String classpath = Files.readString(runtime);
        assertTrue(classpath.contains("imgloss-udf") || classpath.contains(File.separator + "udf" + File.separator), classpath);
        assertFalse(classpath.contains("onnxruntime"), classpath);
        assertFalse(classpath.contains("imgloss-perceptual") || classpath.contains(File.separator + "perceptual" + File.separator),
                classpath);
    }
}
