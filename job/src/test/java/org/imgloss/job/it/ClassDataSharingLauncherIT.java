package org.imgloss.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class data sharing, as a user's calls go through it ({@code job/bin/imgloss}, a JVM each,
 * a cache folder of the test's own in {@code IMGLOSS_CACHE_DIR}): the first history command records the
 * classes it loads, the second makes the archive in the background, the third loads Spark's classes from
 * it; all three print the same standard output, with no word of the archive.
 */
class ClassDataSharingLauncherIT {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @TempDir
    static Path dir;

    private record Launched(int exitCode, String out, String err) {
    }

    private static Launched imgloss(String javaOpts, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("job/bin/imgloss").toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().put("IMGLOSS_CACHE_DIR", dir.resolve("cache").toString());
        pb.environment().remove("IMGLOSS_CDS");
        pb.environment().put("IMGLOSS_JAVA_OPTS", javaOpts);
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not finish: " + cmd);
        }
        return new Launched(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static List<String> cacheFiles(String suffix) throws IOException {
        Path cds = dir.resolve("cache/cds");
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cds)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("history-") && n.endsWith(suffix))
                    .toList();
        }
    }

    @Test
    void historyCommandsRecordThenArchiveThenMapSparksClasses() throws Exception {
        String history = "output.path=" + dir.resolve("history");
        Launched run = imgloss("", "run", "conf/local.yaml", "--progress-seconds", "0", "--quiet", "--set", history,
                "--set", "report.enabled=false");
        assertEquals(0, run.exitCode(), run.err());

        Launched first = imgloss("", "runs", "conf/local.yaml", "--set", history);
        assertEquals(0, first.exitCode(), first.err());
        assertFalse(first.out().isBlank(), first.err());
        assertEquals(1, cacheFiles(".part").size() + cacheFiles(".classlist").size(), "the first call's class list");
        assertTrue(cacheFiles(".jsa").isEmpty(), "no archive after the first call");

        Launched second = imgloss("", "runs", "conf/local.yaml", "--set", history);
        assertEquals(first.out(), second.out());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (cacheFiles(".jsa").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1000); // the archive is made in the background, at the lowest priority
        }
        assertEquals(1, cacheFiles(".jsa").size(), "the archive the second call started: " + cacheFiles(""));

        Path classLog = dir.resolve("class-load.log");
        Launched third = imgloss("-Xlog:class+load=info:file=" + classLog, "runs", "conf/local.yaml", "--set", history);
        assertEquals(first.out(), third.out(), "the same standard output with the archive");
        assertFalse(third.err().toLowerCase(java.util.Locale.ROOT).contains("sharing"), third.err());
        String sparkContext = Files.readAllLines(classLog).stream()
                .filter(l -> l.contains(" org.apache.spark.SparkContext ")).findFirst().orElse("");
        assertTrue(sparkContext.contains("source: shared objects file"),
                "SparkContext loaded from the archive: " + sparkContext);
    }
}
