package org.imgloss.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.cli.CliRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notebooks in {@code notebooks/}: both nbformat 4 and stored without outputs.
 * {@code explore_audit.ipynb} is executed end to end by Jupyter in CI ({@code .ci/run}, on the
 * first command's history); here, that its defaults are that command's and that it reads the
 * history through {@code imgloss export}. Every statement of {@code quickstart_pyspark.ipynb} (its
 * SQL, its DataFrame and {@code F.*} calls, the registration, the Delta reads) runs on the JVM
 * through {@link PySparkSubset}, on the sample pairs and a sample audit's history, so a renamed
 * function, metric or column fails here.
 */
class NotebooksTest {

    static final Path ROOT = ReadmeExamples.ROOT;
    static final Path NOTEBOOKS = ROOT.resolve("notebooks");
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> NOTEBOOK_NAMES = List.of("explore_audit.ipynb", "quickstart_pyspark.ipynb");
    static SparkSession spark;

    @TempDir
    static Path out;

    @BeforeAll
    static void start() {
        spark = TestSpark.session();
    }

    static JsonNode read(String name) throws IOException {
        return JSON.readTree(NOTEBOOKS.resolve(name).toFile());
    }

    static String source(JsonNode cell) {
        JsonNode s = cell.get("source");
        if (s.isTextual()) {
            return s.asText();
        }
        StringBuilder b = new StringBuilder();
        s.forEach(line -> b.append(line.asText()));
        return b.toString();
    }

    static List<String> codeCells(JsonNode nb) {
        List<String> code = new ArrayList<>();
        for (JsonNode cell : nb.get("cells")) {
            if (cell.get("cell_type").asText().equals("code")) {
                code.add(source(cell));
            }
        }
        return code;
    }

    @Test
    void notebooksAreStoredWithoutOutputs() throws IOException {
        for (String name : NOTEBOOK_NAMES) {
            JsonNode nb = read(name);
            assertEquals(4, nb.get("nbformat").asInt(), name);
            assertEquals("python3", nb.at("/metadata/kernelspec/name").asText(), name);
            assertEquals("markdown", nb.get("cells").get(0).get("cell_type").asText(), name + " opens with what it needs");
            for (JsonNode cell : nb.get("cells")) {
                assertFalse(source(cell).isBlank(), name + ": an empty cell");
                if (cell.get("cell_type").asText().equals("code")) {
                    assertTrue(cell.get("outputs").isArray() && cell.get("outputs").isEmpty(),
                            name + ": stored with outputs (clear them before committing): " + source(cell));
                    assertTrue(cell.get("execution_count").isNull(), name + ": execution_count not cleared");
                    for (String line : source(cell).split("\n")) {
                        assertFalse(line.startsWith("%") || line.startsWith("!"), name + ": IPython-only line " + line);
                    }
                } else {
                    assertEquals("markdown", cell.get("cell_type").asText(), name);
                }
            }
        }
    }

    /** Its defaults are the README's first command's history; it reads tables through imgloss export, no Spark in Python. */
    @Test
    void exploreNotebookDefaultsToTheFirstCommandsHistory() throws IOException {
        Matcher first = Pattern.compile("job/bin/imgloss run (\\S+)").matcher(ReadmeExamples.example("cli"));
        assertTrue(first.find(), "the cli example runs an audit");
        List<String> code = codeCells(read("explore_audit.ipynb"));
        String settings = code.get(0);
        assertTrue(settings.contains("CONFIG = os.environ.get(\"IMGLOSS_CONFIG\", \"" + first.group(1) + "\")"), settings);
        assertTrue(settings.contains("IMGLOSS = str(ROOT / \"job\" / \"bin\" / \"imgloss\")"), settings);
        String all = String.join("\n", code);
        assertTrue(all.contains("imgloss(\"export\", CONFIG, \"--table\", table, \"--format\", \"json\""), "reads through export");
        assertTrue(all.contains("TABLES = [\"runs\", \"summary\", \"scores\", \"checks\", \"regressions\"]"), all);
        for (String line : all.split("\n")) {
            assertFalse(line.matches("\\s*(import|from)\\s+(pyspark|pyarrow|deltalake)\\b.*"), "no Spark in Python: " + line);
        }
    }

    @Test
    void quickstartNotebookRunsOnTheJvm() throws Exception {
        Path history = out.resolve("sample-audit");
        CliRun r = CliRun.of("run", ROOT.resolve("conf/local.yaml").toString(), "--base-dir", ROOT.toString(),
                "--progress-seconds", "0", "--set", "output.path=" + history, "--set", "run_id=quickstart");
        assertEquals(0, r.exitCode(), r.err());

        List<String> code = codeCells(read("quickstart_pyspark.ipynb"));
        assertTrue(code.get(0).contains("PYSPARK_VERSION = \"" + spark.version() + "\""),
                "the first code cell pins the Spark of the jar, " + spark.version() + ": " + code.get(0));
        assertTrue(code.get(0).contains("assert pyspark.__version__ == PYSPARK_VERSION"), code.get(0));
        String intro = source(read("quickstart_pyspark.ipynb").get("cells").get(0));
        assertTrue(intro.contains("pip install pyspark==" + spark.version()), intro);

        PySparkSubset python = new PySparkSubset(spark, NOTEBOOKS).environment("IMGLOSS_HISTORY", history.toString());
        for (String cell : code) {
            python.run(cell);
        }

        assertEquals(List.of("spark = SparkSession.builder...", "spark.stop()"), python.skipped());
        String all = String.join("\n", code);
        assertEquals(count(all, "spark.sql("), python.calls().stream().filter(c -> c.equals("SparkSession.sql")).count(),
                "every spark.sql ran");
        assertEquals(count(all, ".show("), python.calls().stream().filter(c -> c.equals("Dataset.show")).count(),
                "every show ran");
        assertTrue(python.calls().contains("ImgLossFunctions.register"), python.calls().toString());
        assertTrue(python.printed().contains("10 pairs"), python.printed().toString()); // scene06 has no original

        Dataset<Row> scored = (Dataset<Row>) python.get("scored");
        assertEquals(List.of("key", "ssim", "psnr", "mse_ssim", "error_code"), List.of(scored.columns()));
        assertEquals(10, scored.count());
        assertEquals(1, scored.where("error_code = 'UNDECODABLE'").count());
        List<Row> folders = ((Dataset<Row>) python.get("by_folder")).collectAsList();
        assertEquals("[[gray16,2,2], [rgb8,6,5], [sar,2,2]]",
                folders.stream().map(row -> "[" + row.getAs("folder") + "," + row.getAs("pairs") + "," + row.getAs("scored") + "]")
                        .toList().toString());
        Dataset<Row> summary = (Dataset<Row>) python.get("summary");
        assertEquals(3 * 12, summary.where("run_id = 'quickstart'").count());
    }

    static long count(String text, String what) {
        return Pattern.compile(Pattern.quote(what)).matcher(text).results().count();
    }
}
