package org.imgloss.metrics.perceptual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.imgloss.image.Image;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairMetric;

/**
 * Where ONNX Runtime's native library cannot load, perceptual and lpips are NOT_APPLICABLE with the
 * loading error instead of crashing. Simulated in a child JVM whose {@code onnxruntime.native.path}
 * points at an empty directory (the runtime then refuses to fall back to the jar's library), so
 * this test JVM keeps its working runtime.
 */
class OnnxUnavailableTest {

    @TempDir
    Path dir;

    /** Run in the child JVM: prints one line per metric, "code|message". */
    public static void main(String[] args) {
        Image rec = TinyFeatureNet.pattern(8, 8, 3, true);
        Image orig = TinyFeatureNet.pattern(8, 8, 3, false);
        PairMetric perceptual = MetricCatalog.get("perceptual").create(Map.of("model", args[0], "layers", "relu1_2|relu2_2"));
        PairMetric lpips = MetricCatalog.get("lpips").create(Map.of("model", args[0], "layers", "all", "baseline", true));
        for (PairMetric k : List.of(perceptual, lpips)) {
            MetricResult r = k.compute(rec, orig);
            System.out.println("RESULT " + r.errorCode() + "|" + r.value() + "|" + r.message());
        }
    }

    @Test
    void withoutTheNativeLibraryTheMetricsAreNotApplicableWithTheReason() throws Exception {
        Path model = TinyFeatureNet.write(dir, "tiny.onnx", TinyFeatureNet.onnx(null));
        Path empty = java.nio.file.Files.createDirectories(dir.resolve("no-natives"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Donnxruntime.native.path=" + empty, OnnxUnavailableTest.class.getName(), model.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        List<String> results = out.lines().filter(l -> l.startsWith("RESULT ")).toList();
        assertEquals(2, results.size(), out);
        for (String r : results) {
            assertTrue(r.startsWith("RESULT NOT_APPLICABLE|null|"), r);
            assertTrue(r.contains("ONNX Runtime is not available") && r.contains("no-natives"), r);
        }
    }
}
