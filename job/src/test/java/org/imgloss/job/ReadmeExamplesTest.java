package org.imgloss.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.imgloss.spark.ImgLossFunctions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's entry-point examples, read from the README (see {@link ReadmeExamples}) and run: the
 * SQL on a session with the functions registered, the Java DataFrame code compiled and run, the
 * PySpark code through {@link PySparkSubset}. The command-line and notebook examples are run by
 * {@code .ci/run} as written (they need the built launcher); the spark-submit example by
 * {@code ReadmeSparkSubmitIT}. Every example exists once.
 */
class ReadmeExamplesTest {

    static SparkSession spark;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = TestSpark.session();
        ImgLossFunctions.register(spark);
    }

    @Test
    void everyEntryPointHasOneExample() throws Exception {
        for (String name : List.of("cli", "spark-submit", "sql", "dataframe", "pyspark", "notebooks")) {
            assertTrue(!ReadmeExamples.example(name).isBlank(), name);
        }
        assertTrue(ReadmeExamples.example("cli").startsWith("job/bin/imgloss run conf/local.yaml\n"),
                "the first command, which CI runs before the notebook");
        Matcher notebook = Pattern.compile("--execute (\\S+\\.ipynb)").matcher(ReadmeExamples.example("notebooks"));
        assertTrue(notebook.find() && Files.exists(ReadmeExamples.ROOT.resolve(notebook.group(1))), "the notebook CI executes");
    }

    @Test
    void sqlExample() throws Exception {
        List<Row> rows = List.of();
        for (String statement : ReadmeExamples.fromRoot(ReadmeExamples.example("sql")).split(";\\s*(\\n|$)")) {
            if (!statement.isBlank()) {
                rows = spark.sql(statement).collectAsList();
            }
        }
        assertEquals(10, rows.size(), rows.toString()); // 11 reconstructions, scene06 without an original
        Row scene01 = rows.get(2);
        assertEquals("rgb8/scene01", scene01.getAs("key"));
        assertTrue(scene01.<Double>getAs("psnr") > 15 && scene01.<Double>getAs("ssim_skimage") > 0.3, scene01.toString());
        Row s = scene01.getAs("s");
        assertTrue(s.<Double>getAs("ms_ssim_3") > 0.5 && s.<Double>getAs("mse") > 0, s.toString());
    }

    @Test
    void dataFrameExample() throws Exception {
        String code = ReadmeExamples.fromRoot(ReadmeExamples.example("dataframe"));
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : code.split("\n")) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("ReadmeDataFrameExample.java"), imports + """
                public final class ReadmeDataFrameExample {
                    public static void run(org.apache.spark.sql.SparkSession spark) {
                %s    }
                }
                """.formatted(body), StandardCharsets.UTF_8);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int status = javac.run(null, null, errors, "-classpath", classpath, "-d", classes.toString(),
                src.resolve("ReadmeDataFrameExample.java").toString());
        assertEquals(0, status, "the README's Java example does not compile:\n" + errors);

        String table;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            java.lang.reflect.Method run = loader.loadClass("ReadmeDataFrameExample").getMethod("run", SparkSession.class);
            table = shown(() -> run.invoke(null, spark));
        }
        assertTrue(table.contains("|key") && table.contains("ssim_skimage"), table);
        assertTrue(Pattern.compile("\\|rgb8/scene07 *\\|NULL *\\|NULL *\\|NULL *\\|UNDECODABLE").matcher(table).find(), table);
        assertEquals(10, table.lines().filter(l -> l.matches("\\|(rgb8|gray16|sar)/.*")).count(), table);
    }

    @Test
    void pysparkExample() throws Exception {
        String code = ReadmeExamples.example("pyspark");
        PySparkSubset python = new PySparkSubset(spark, ReadmeExamples.ROOT);
        String table = shown(() -> python.run(code));
        assertEquals(List.of("spark = SparkSession.builder..."), python.skipped());
        assertTrue(python.calls().containsAll(List.of("ImgLossFunctions.register", "Dataset.show")), python.calls().toString());
        assertEquals(10, table.lines().filter(l -> l.matches("\\|(rgb8|gray16|sar)/.*")).count(), table);
        assertTrue(Pattern.compile("\\|rgb8/scene05 *\\|1\\.0 ").matcher(table).find(), table); // a perfect copy
        List<String> pins = new ArrayList<>();
        Matcher pin = Pattern.compile("pyspark==(\\S+?)`").matcher(Files.readString(ReadmeExamples.ROOT.resolve("README.md")));
        while (pin.find()) {
            pins.add(pin.group(1));
        }
        assertTrue(!pins.isEmpty() && pins.stream().allMatch(spark.version()::equals),
                "the README pins PySpark to the jar's Spark " + spark.version() + ": " + pins);
    }

    interface Code {
        void run() throws Exception;
    }

    /** What the code prints on Scala's standard output, where Dataset.show prints. */
    static String shown(Code code) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Exception[] failed = {null};
        scala.Console$.MODULE$.withOut(new PrintStream(out, true, StandardCharsets.UTF_8), (scala.Function0<Object>) () -> {
            try {
                code.run();
            } catch (Exception e) {
                failed[0] = e;
            }
            return null;
        });
        if (failed[0] != null) {
            throw failed[0];
        }
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        return text;
    }
}
