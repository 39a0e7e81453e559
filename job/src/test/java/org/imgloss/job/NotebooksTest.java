package org.imgloss.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.imgloss.image.DecodeException;
import org.imgloss.image.DecodeOptions;
import org.imgloss.image.Image;
import org.imgloss.image.ImageDecoder;
import org.imgloss.job.cli.CliRun;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.spark.ImgLossFunctions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notebooks in {@code notebooks/} work: both are nbformat 4 with cleared outputs;
 * {@code explore_audit.ipynb}'s code runs with {@code python3} (standard library only) on the
 * tables of the sample audit and prints its facts; every SQL statement and {@code F.expr} of
 * {@code score_pairs_pyspark.ipynb} runs on the same temp views the notebook creates (rebuilt here
 * in Java, as PySpark is not installed), with the functions registered the same way.
 */
class NotebooksTest {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path NOTEBOOKS = ROOT.resolve("notebooks");
    static final Path DATA = ROOT.resolve("data-samples");
    static final ObjectMapper JSON = new ObjectMapper();
    static SparkSession spark;

    @TempDir
    static Path out;

    @BeforeAll
    static void start() {
        spark = TestSpark.session();
    }

    private static JsonNode read(String name) throws IOException {
        return JSON.readTree(NOTEBOOKS.resolve(name).toFile());
    }

    private static String source(JsonNode cell) {
        JsonNode s = cell.get("source");
        if (s.isTextual()) {
            return s.asText();
        }
        StringBuilder b = new StringBuilder();
        s.forEach(line -> b.append(line.asText()));
        return b.toString();
    }

    private static List<String> codeCells(JsonNode nb) {
        List<String> code = new ArrayList<>();
        for (JsonNode cell : nb.get("cells")) {
            if (cell.get("cell_type").asText().equals("code")) {
                code.add(source(cell));
            }
        }
        return code;
    }

    // ---- (a) format

    @Test
    void notebooksAreNbformat4WithClearedOutputs() throws IOException {
        for (String name : List.of("explore_audit.ipynb", "score_pairs_pyspark.ipynb")) {
            JsonNode nb = read(name);
            assertEquals(4, nb.get("nbformat").asInt(), name);
            assertTrue(nb.get("nbformat_minor").isInt(), name);
            assertTrue(nb.get("metadata").isObject(), name);
            assertEquals("python", nb.at("/metadata/kernelspec/language").asText(), name);
            int markdown = 0;
            int code = 0;
            for (JsonNode cell : nb.get("cells")) {
                String type = cell.get("cell_type").asText();
                assertTrue(cell.get("metadata").isObject(), name + " " + cell);
                assertTrue(cell.get("source").isArray() || cell.get("source").isTextual(), name + " " + cell);
                assertFalse(source(cell).isBlank(), name + ": an empty cell");
                if (type.equals("code")) {
                    code++;
                    assertTrue(cell.get("outputs").isArray() && cell.get("outputs").isEmpty(), name + ": outputs not cleared");
                    assertTrue(cell.get("execution_count").isNull(), name + ": execution_count not cleared");
                    for (String line : source(cell).split("\n")) {
                        assertFalse(line.startsWith("%") || line.startsWith("!"), name + ": IPython-only line " + line);
                    }
                } else {
                    assertEquals("markdown", type, name);
                    markdown++;
                }
            }
            assertTrue(code >= 5 && markdown >= code - 2, name + ": " + code + " code, " + markdown + " prose cells");
            assertEquals("markdown", nb.get("cells").get(0).get("cell_type").asText(), name + " opens with prose");
        }
    }

    // ---- (b) explore_audit.ipynb on the sample audit, with python3

    @Test
    void exploreAuditRunsOnTheSampleAudit() throws IOException, InterruptedException {
        Path output = out.resolve("local");
        CliRun r = CliRun.of("run", ROOT.resolve("conf/local.yaml").toString(), "--base-dir", ROOT.toString(),
                "--progress-seconds", "0", "--set", "output.path=" + output, "--set", "output.format=csv",
                "--set", "run_id=notebook");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("run notebook: 11 pairs, 9 scored, 2 failed"), r.out());

        JsonNode nb = read("explore_audit.ipynb");
        List<String> code = codeCells(nb);
        assertTrue(code.get(0).contains("OUTPUT = Path(os.environ.get(\"IMGLOSS_OUTPUT\""), code.get(0));
        for (String cell : code) {
            for (String line : cell.split("\n")) {
                assertFalse(line.matches("\\s*(import|from)\\s+(pandas|numpy|pyspark)\\b.*"), "stdlib only: " + line);
            }
        }
        Path script = out.resolve("explore_audit.py");
        Files.writeString(script, String.join("\n\n", code) + "\n", StandardCharsets.UTF_8);

        String printed = python(output, script.toString());

        assertTrue(printed.contains("run notebook of 'sample-audit'"), printed);
        assertTrue(printed.contains("pairs in 11, scored 9, failed 2  (runs table)"), printed);
        assertTrue(printed.contains("pairs in 11, scored 9, failed 2  (scores table)"), printed);
        assertTrue(printed.contains("MISSING_ORIGINAL: 1 pair(s)\n  rgb8/scene06: no original has key 'rgb8/scene06'"), printed);
        assertTrue(printed.contains("UNDECODABLE: 1 pair(s)\n  rgb8/scene07: reconstruction: png:"), printed);
        assertTrue(printed.contains("grouped by: ['folder']"), printed);
        assertTrue(printed.contains("summary agrees with scores"), printed);
        // the direction of each metric: the worst PSNR is the lowest (not scene05's +inf), the worst MSE the highest
        assertEquals("sar/sar01", firstWorst(printed, "psnr (lower is worse)"), printed);
        assertEquals("sar/sar01", firstWorst(printed, "mse (higher is worse)"), printed);
        assertEquals("sar/sar01", firstWorst(printed, "total_variation_diff (farther from 0 is worse)"), printed);
        assertEquals("gray16/ct02", secondWorst(printed, "ssim (lower is worse)"), printed);
        assertTrue(printed.contains("worst ms_ssim (lower is worse):\n  1. "), printed);
        assertTrue(printed.contains("worst ms_ssim_3 (lower is worse):\n  1. sar/sar01"), printed);
        // null values and their reasons
        assertFalse(printed.contains("TOO_SMALL"), "every metric has a value on the scored pairs\n" + printed);
        assertTrue(printed.contains("  rgb8/scene06             MISSING_ORIGINAL"), printed);
        // the summary table of psnr, rgb8 row: 7 pairs, 5 with a value, 2 errors
        assertTrue(Pattern.compile("== psnr \\(lower is worse\\)\\n.*\\n(.*\\n)*rgb8 +7 +5 +2 +24\\.7593").matcher(printed).find(),
                printed);
    }

    /** Runs python3 with the arguments in notebooks/, IMGLOSS_OUTPUT set; asserts exit code 0, returns stdout + stderr. */
    private static String python(Path output, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(NOTEBOOKS.toFile())
                .redirectErrorStream(true);
        pb.environment().put("IMGLOSS_OUTPUT", output.toString());
        pb.environment().put("IMGLOSS_FORMAT", "csv");
        pb.environment().remove("IMGLOSS_RUN_ID"); // the notebook picks the latest run itself
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            fail("python3 is required to run the notebooks' code (install Python 3; no packages needed): " + e);
            return null;
        }
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python3 did not finish");
        assertEquals(0, p.exitValue(), "python3 " + args[args.length - 1] + ":\n" + printed);
        return printed;
    }

    private static String[] worst(String printed, String heading) {
        Matcher m = Pattern.compile("worst " + Pattern.quote(heading) + ":\\n  1\\. (\\S+) .*\\n  2\\. (\\S+) ")
                .matcher(printed);
        assertTrue(m.find(), "no list for " + heading);
        return new String[] {m.group(1), m.group(2)};
    }

    private static String firstWorst(String printed, String heading) {
        return worst(printed, heading)[0];
    }

    private static String secondWorst(String printed, String heading) {
        return worst(printed, heading)[1];
    }

    // ---- (c) score_pairs_pyspark.ipynb: its SQL on the views it creates

    private static final Pattern SQL = Pattern.compile("spark\\.sql\\(\"\"\"(.*?)\"\"\"\\)", Pattern.DOTALL);
    private static final Pattern EXPR = Pattern.compile("F\\.expr\\(\"((?:[^\"\\\\]|\\\\.)*)\"\\)");

    /** The notebook's read_images: binaryFile, recursive, key = path below side/ without its extension. */
    private static Dataset<Row> readImages(String folder, String side) {
        return spark.read().format("binaryFile")
                .option("recursiveFileLookup", "true")
                .load(DATA.resolve(folder).resolve(side).toString())
                .select(regexp_extract(col("path"), "/" + side + "/(.+)\\.[^./]+$", 1).alias("key"),
                        col("content").alias(side));
    }

    /** PSNR with the catalogue defaults, straight from the decoder and the kernel, of a data-samples/pairs file pair. */
    private static double psnr(String file) throws IOException, DecodeException {
        Image recon = ImageDecoder.decode(Files.readAllBytes(DATA.resolve("pairs/recon").resolve(file)), DecodeOptions.DEFAULT);
        Image orig = ImageDecoder.decode(Files.readAllBytes(DATA.resolve("pairs/orig").resolve(file)), DecodeOptions.DEFAULT);
        return MetricCatalog.get("psnr").create(Map.of()).compute(recon, orig).value();
    }

    @Test
    void pysparkNotebookSqlRunsOnItsViews() throws IOException, InterruptedException, DecodeException {
        JsonNode nb = read("score_pairs_pyspark.ipynb");
        List<String> code = codeCells(nb);
        String all = String.join("\n", code);

        // what the notebook does, which this test mirrors in Java
        for (String fact : List.of(
                "job/target/imgloss-job-0.1.0-SNAPSHOT.jar",
                ".config(\"spark.jars\", IMGLOSS_JAR)",
                "spark._jvm.org.imgloss.spark.ImgLossFunctions.register(spark._jsparkSession)",
                "DATA = ROOT / \"data-samples\"",
                "spark.read.format(\"binaryFile\")",
                ".option(\"recursiveFileLookup\", \"true\")",
                ".load(str(DATA / folder / side))",
                "F.regexp_extract(\"path\", rf\"/{side}/(.+)\\.[^./]+$\", 1).alias(\"key\")",
                "F.col(\"content\").alias(side)",
                "pairs = read_images(\"pairs\", \"recon\").join(read_images(\"pairs\", \"orig\"), \"key\")",
                "pairs.createOrReplaceTempView(\"pairs\")",
                "spark.read.option(\"header\", \"true\").csv(str(DATA / \"metamer/manifest.csv\"))",
                ".select(\"key\", \"gaze_x\", \"gaze_y\")",
                "read_images(\"metamer\", \"recon\").join(read_images(\"metamer\", \"orig\"), \"key\").join(gaze, \"key\")",
                "metamer_pairs.createOrReplaceTempView(\"metamer_pairs\")")) {
            assertTrue(all.contains(fact), "the notebook no longer has: " + fact);
        }
        Matcher views = Pattern.compile("createOrReplaceTempView\\(\"(\\w+)\"\\)").matcher(all);
        List<String> viewNames = new ArrayList<>();
        while (views.find()) {
            viewNames.add(views.group(1));
        }
        assertEquals(List.of("pairs", "metamer_pairs"), viewNames, "views the test rebuilds");

        List<String> sql = new ArrayList<>();
        for (String cell : code) {
            Matcher m = SQL.matcher(cell);
            int n = 0;
            while (m.find()) {
                sql.add(m.group(1).strip());
                n++;
            }
            assertTrue(n <= 1, "one SQL statement per cell: " + cell);
            if (n == 1) {
                assertTrue(cell.strip().startsWith("spark.sql(\"\"\""), "a SQL cell holds just its statement: " + cell);
            }
        }
        assertEquals(6, sql.size(), sql.toString());

        // its Python is valid (PySpark is not needed to parse it)
        Path script = out.resolve("score_pairs_pyspark.py");
        Files.writeString(script, String.join("\n\n", code) + "\n", StandardCharsets.UTF_8);
        String parsed = python(out, "-c", "import ast, sys; ast.parse(open(sys.argv[1]).read()); print('parsed')", script.toString());
        assertEquals("parsed", parsed.strip());

        // the notebook's views, rebuilt
        Dataset<Row> pairs = readImages("pairs", "recon").join(readImages("pairs", "orig"), "key");
        pairs.createOrReplaceTempView("pairs");
        Dataset<Row> gaze = spark.read().option("header", "true").csv(DATA.resolve("metamer/manifest.csv").toString())
                .select("key", "gaze_x", "gaze_y");
        readImages("metamer", "recon").join(readImages("metamer", "orig"), "key").join(gaze, "key")
                .createOrReplaceTempView("metamer_pairs");
        List<String> names = ImgLossFunctions.register(spark);
        assertTrue(names.containsAll(List.of("ssim", "psnr", "mse", "metameric", "score_pair")), names.toString());

        // DESCRIBE FUNCTION ssim
        assertTrue(sql.get(0).startsWith("DESCRIBE FUNCTION ssim"), sql.get(0));
        List<Row> describe = spark.sql(sql.get(0)).collectAsList();
        assertTrue(describe.stream().anyMatch(row -> row.getString(0).contains("ssim")), describe.toString());

        // plain calls: 10 pairs (scene06 has no original), scene07's corrupt reconstruction gives NULLs
        List<Row> plain = spark.sql(sql.get(1)).collectAsList();
        assertEquals(10, plain.size(), plain.toString());
        for (Row row : plain) {
            String key = row.getAs("key");
            if (key.equals("rgb8/scene07")) {
                assertNull(row.getAs("ssim"));
                assertNull(row.getAs("psnr"));
            } else {
                assertTrue(row.<Double>getAs("ssim") > 0.3, row.toString());
                assertTrue(row.<Double>getAs("mse") >= 0, row.toString());
            }
        }
        assertEquals(Double.POSITIVE_INFINITY, byKey(plain).get("rgb8/scene05").<Double>getAs("psnr"));
        assertEquals(1.0, byKey(plain).get("rgb8/scene05").<Double>getAs("ssim"), 1e-12);

        // options: the rgb8 pairs
        List<Row> options = spark.sql(sql.get(2)).collectAsList();
        assertEquals(List.of("rgb8/scene01", "rgb8/scene02", "rgb8/scene03", "rgb8/scene04", "rgb8/scene05", "rgb8/scene07"),
                options.stream().map(row -> row.<String>getAs("key")).toList());
        for (Row row : options) {
            boolean corrupt = row.getAs("key").equals("rgb8/scene07");
            for (String c : List.of("ssim_skimage", "ssim_skimage_w5", "psnr_y")) {
                assertEquals(corrupt, row.isNullAt(row.fieldIndex(c)), c + " " + row);
            }
            if (!corrupt && !row.getAs("key").equals("rgb8/scene05")) { // scene05 is a perfect copy: 1 either way
                assertNotEquals(row.<Double>getAs("ssim_skimage"), row.<Double>getAs("ssim_skimage_w5"), 0.0, row.toString());
            }
        }

        // score_pair: every metric has a value (176x168: MS-SSIM's five scales fit), the corrupt pair has its error code
        List<Row> scorePair = spark.sql(sql.get(3)).collectAsList();
        assertEquals(10, scorePair.size());
        for (Row row : scorePair) {
            if (row.getAs("key").equals("rgb8/scene07")) {
                assertEquals("UNDECODABLE", row.getAs("error_code"));
                assertTrue(row.isNullAt(row.fieldIndex("ms_ssim")), row.toString());
            } else {
                assertNull(row.getAs("error_code"), row.toString());
                assertTrue(row.<Double>getAs("ssim_sk") > 0.3, row.toString());
                assertFalse(row.isNullAt(row.fieldIndex("ms_ssim")), row.toString());
                assertEquals(168, (int) row.<Integer>getAs("height"));
                assertEquals(0, ((scala.collection.Map<String, String>) row.getAs("metric_errors")).size(), row.toString());
            }
        }
        assertEquals(Double.POSITIVE_INFINITY, byKey(scorePair).get("rgb8/scene05").<Double>getAs("psnr"));

        // per-folder summary
        List<Row> folders = spark.sql(sql.get(4)).collectAsList();
        assertEquals(List.of("gray16", "rgb8", "sar"), folders.stream().map(row -> row.<String>getAs("folder")).toList());
        Map<String, Row> byFolder = Map.of("gray16", folders.get(0), "rgb8", folders.get(1), "sar", folders.get(2));
        assertEquals(6L, (long) byFolder.get("rgb8").<Long>getAs("pairs"));
        assertEquals(5L, (long) byFolder.get("rgb8").<Long>getAs("scored"));
        assertEquals(2L, (long) byFolder.get("sar").<Long>getAs("scored"));
        // worst PSNR of the sar folder: sar01's, as the PSNR kernel gives it on the decoded files
        double sar01 = psnr("sar/sar01.tif");
        assertTrue(sar01 < psnr("sar/sar02.tif"), "sar01 is the worse pair");
        assertEquals(sar01, byFolder.get("sar").<Double>getAs("worst_psnr"), 1e-12 * sar01);
        assertTrue(byFolder.get("rgb8").getList(byFolder.get("rgb8").fieldIndex("error_codes")).contains("UNDECODABLE"));

        // metamer with a gaze per pair
        List<Row> metamer = spark.sql(sql.get(5)).collectAsList();
        assertEquals(List.of("view01", "view02", "view03"), metamer.stream().map(row -> row.<String>getAs("key")).toList());
        for (Row row : metamer) {
            for (String c : List.of("metameric_at_centre", "metameric_at_gaze", "mse")) {
                assertTrue(row.<Double>getAs(c) > 0, c + " " + row);
            }
        }
        Row view01 = metamer.get(0); // gaze 0.5, 0.5: the centre
        assertEquals(view01.<Double>getAs("metameric_at_centre"), view01.<Double>getAs("metameric_at_gaze"), 1e-12);
        Row view02 = metamer.get(1); // gaze 0.25, 0.4
        assertNotEquals(view02.<Double>getAs("metameric_at_centre"), view02.<Double>getAs("metameric_at_gaze"), 1e-9);

        // the DataFrame API cell's F.expr(...) texts
        Matcher m = EXPR.matcher(all);
        List<Column> exprs = new ArrayList<>();
        exprs.add(col("key"));
        while (m.find()) {
            exprs.add(expr(m.group(1)));
        }
        assertEquals(3, exprs.size(), "two F.expr calls");
        List<Row> df = pairs.select(exprs.toArray(Column[]::new)).collectAsList();
        assertEquals(10, df.size());
        long scored = df.stream().filter(row -> !row.isNullAt(1) && row.getStruct(2).getAs("mse_ssim") != null).count();
        assertEquals(9, scored, df.toString());
    }

    private static Map<String, Row> byKey(List<Row> rows) {
        Map<String, Row> map = new java.util.HashMap<>();
        for (Row row : rows) {
            map.put(row.getAs("key"), row);
        }
        return map;
    }
}
