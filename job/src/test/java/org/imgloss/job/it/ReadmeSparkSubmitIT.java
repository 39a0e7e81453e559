package org.imgloss.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.imgloss.job.ReadmeExamples;
import org.imgloss.job.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's spark-submit example, read from the README and run from the repository root as
 * {@code spark-submit} runs it: {@code org.apache.spark.deploy.SparkSubmit} in a JVM of its own on
 * Spark's jars (target/classpath-spark.txt), with the application jar that {@code package} built. Two
 * changes, both stated here: {@code --packages} (Delta Lake, which a Spark distribution lacks) is left
 * out because Delta is among those jars already (no download from Maven Central in a test), and
 * {@code output.path} is set to a temporary folder after the example's own arguments.
 *
 * <p>An integration test (failsafe): it needs the application jar.
 */
class ReadmeSparkSubmitIT {

    @TempDir
    static Path dir;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void sparkSubmitExample() throws Exception {
        List<String> words = shellWords(ReadmeExamples.example("spark-submit"));
        assertEquals("spark-submit", words.get(0), words.toString());
        List<String> args = new ArrayList<>();
        for (int i = 1; i < words.size(); i++) {
            if (words.get(i).equals("--packages")) {
                assertTrue(words.get(i + 1).startsWith("io.delta:delta-spark_"), words.get(i + 1));
                i++;
            } else {
                args.add(words.get(i));
            }
        }
        Path out = dir.resolve("out");
        args.addAll(List.of("--set", "output.path=" + out, "--set", "run_id=readme", "--progress-seconds", "0"));

        Path target = Path.of("target").toAbsolutePath();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ClusterRunIT.OPENS);
        cmd.add("-Xmx1g");
        cmd.add("-cp");
        cmd.add(Files.readString(target.resolve("classpath-spark.txt")).trim());
        cmd.add("org.apache.spark.deploy.SparkSubmit");
        cmd.addAll(args);
        Path log = target.resolve("readme-spark-submit.log"); // kept for a look after a failure
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ReadmeExamples.ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        boolean finished = p.waitFor(7, TimeUnit.MINUTES);
        if (!finished) {
            ClusterRunIT.stop(p);
        }
        String printed = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(finished, "spark-submit did not finish:\n" + ClusterRunIT.tail(printed));
        assertEquals(0, p.exitValue(), ClusterRunIT.tail(printed));
        assertTrue(printed.contains("run readme: 11 pairs, 9 scored, 2 failed"), ClusterRunIT.tail(printed));
        assertEquals(11, TestSpark.session().read().format("delta").load(out.resolve("scores").toString()).count());
    }

    /** The words of a shell command: backslash-newline joins lines, single and double quotes group. */
    static List<String> shellWords(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        String text = command.replace("\\\n", " ");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
