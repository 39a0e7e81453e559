package org.imgloss.metrics.perceptual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.imgloss.errors.ErrorCode;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.imgloss.image.DecodeException;
import org.imgloss.image.DecodeOptions;
import org.imgloss.image.ImageDecoder;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricResult;
import org.imgloss.spark.ImgLossFunctions;
import org.imgloss.spark.LpipsUdf;
import org.imgloss.spark.MetricUdf;
import org.imgloss.spark.PerceptualUdf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code perceptual} and {@code lpips} as Spark SQL functions, with this module on the class path:
 * registered by {@link ImgLossFunctions#register} like every other metric, scored through SQL and
 * {@code score_pair} with the values of the kernels, and their option errors at analysis time.
 */
class PerceptualFunctionsTest {

    @TempDir
    static Path dir;
    static Path model;
    static Path head;
    static SparkSession spark;
    /** id → {reconstruction, original} PNG bytes. */
    static final Map<String, byte[][]> PAIRS = new LinkedHashMap<>();

    static String perceptualOptions;
    static String lpipsOptions;

    @BeforeAll
    static void start() throws Exception {
        model = TinyFeatureNet.write(dir, "tiny.onnx", TinyFeatureNet.onnx(null));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("relu1_2", NpyTestFiles.npy(new double[] {0.7, 0.2}, "<f4", "1, 2, 1, 1", false, 1));
        entries.put("relu2_2", NpyTestFiles.npy(new double[] {0.1, 1.5, 0.4}, "<f4", "1, 3, 1, 1", false, 1));
        head = TinyFeatureNet.write(dir, "head.npz", NpyTestFiles.npz(entries, true));
        perceptualOptions = "model=" + model + ", layers=relu1_2|relu2_2, min_size=2";
        lpipsOptions = "model=" + model + ", weights=" + head + ", layers=relu1_2|relu2_2, min_size=2";

        PAIRS.put("a", new byte[][] {png(9, 7, 1), png(9, 7, 2)});
        PAIRS.put("b", new byte[][] {png(12, 10, 3), png(12, 10, 4)});
        PAIRS.put("identical", new byte[][] {png(8, 8, 5), png(8, 8, 5)});
        PAIRS.put("tiny", new byte[][] {png(1, 1, 6), png(1, 1, 7)});
        spark = SparkSession.builder().master("local[2]").appName("PerceptualFunctionsTest")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        List<Row> rows = new ArrayList<>();
        PAIRS.forEach((id, p) -> rows.add(RowFactory.create(id, p[0], p[1])));
        StructType schema = new StructType().add("id", DataTypes.StringType).add("r", DataTypes.BinaryType)
                .add("o", DataTypes.BinaryType);
        spark.createDataFrame(rows, schema).createOrReplaceTempView("pairs");
        ImgLossFunctions.register(spark);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static byte[] png(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        long s = seed;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                s = s * 6364136223846793005L + 1442695040888963407L;
                img.setRGB(x, y, (int) (s >>> 40) & 0xFFFFFF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Map<String, String> options(String text) {
        Map<String, String> m = new HashMap<>();
        for (String kv : text.split(",")) {
            String[] p = kv.split("=", 2);
            m.put(p[0].trim(), p[1].trim());
        }
        return m;
    }

    /** The kernel's value on the decoded pair, straight from the catalogue. */
    private static Double expected(String metric, String options, String id) {
        byte[][] p = PAIRS.get(id);
        try {
            MetricResult r = MetricCatalog.get(metric).create(options(options)).compute(
                    ImageDecoder.decode(p[0], DecodeOptions.DEFAULT), ImageDecoder.decode(p[1], DecodeOptions.DEFAULT));
            return r.value();
        } catch (DecodeException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertValue(Double expected, Row row, int i, String what) {
        if (expected == null) {
            assertTrue(row.isNullAt(i), what + " should be null");
        } else {
            assertEquals(expected, row.getDouble(i), 1e-9 * Math.abs(expected) + 1e-12, what);
        }
    }

    @Test
    void theCatalogueAndRegisterIncludeThePerceptualMetrics() {
        List<String> names = MetricCatalog.names();
        assertTrue(names.contains("perceptual") && names.contains("lpips"), names.toString());
        assertTrue(names.indexOf("blursim") < names.indexOf("perceptual")
                && names.indexOf("lpips") < names.indexOf("metameric"), "documentation order: " + names);
        assertTrue(MetricCatalog.missingJars().isEmpty(), MetricCatalog.missingJars().toString());
        assertTrue(MetricCatalog.missingJar("lpips").isEmpty());
        List<String> registered = ImgLossFunctions.register(spark);
        assertTrue(registered.contains("perceptual") && registered.contains("lpips"), registered.toString());
        assertTrue(spark.catalog().functionExists("lpips"));
    }

    @Test
    void sqlFunctionsGiveTheKernelValues() {
        List<Row> rows = spark.sql("SELECT id, perceptual(r, o, '" + perceptualOptions + "'), lpips(r, o, '"
                + lpipsOptions + "') FROM pairs ORDER BY id").collectAsList();
        assertEquals(PAIRS.size(), rows.size());
        for (Row row : rows) {
            String id = row.getString(0);
            assertValue(expected("perceptual", perceptualOptions, id), row, 1, "perceptual on " + id);
            assertValue(expected("lpips", lpipsOptions, id), row, 2, "lpips on " + id);
        }
        Row a = rows.get(0);
        assertTrue(a.getDouble(1) > 0 && a.getDouble(2) > 0, a.toString());
        Row identical = rows.get(2);
        assertEquals(0.0, identical.getDouble(1), 0.0);
        assertEquals(0.0, identical.getDouble(2), 1e-12);
        assertTrue(rows.get(3).isNullAt(1) && rows.get(3).isNullAt(2), "a 1x1 pair is too small");
    }

    @Test
    void scorePairScoresBothWithOtherMetricsAndReportsTooSmall() {
        String spec = "mse, perceptual(" + perceptualOptions + ") as p, lpips(" + lpipsOptions + ") as l";
        List<Row> rows = spark.sql("SELECT id, s.mse, s.p, s.l, s.metric_errors, s.error_code FROM (SELECT id, "
                + "score_pair(r, o, '" + spec + "') AS s FROM pairs) ORDER BY id").collectAsList();
        for (Row row : rows) {
            String id = row.getString(0);
            assertNull(row.get(5), id);
            assertNotNull(row.get(1), id);
            assertValue(expected("perceptual", perceptualOptions, id), row, 2, "p on " + id);
            assertValue(expected("lpips", lpipsOptions, id), row, 3, "l on " + id);
        }
        Map<String, String> tiny = rows.get(3).getJavaMap(4);
        assertEquals(ErrorCode.TOO_SMALL.code(), tiny.get("p"));
        assertEquals(ErrorCode.TOO_SMALL.code(), tiny.get("l"));
    }

    @Test
    void optionErrorsFailAtAnalysisNamingTheParameter() {
        assertAnalysisError("SELECT score_pair(r, o, 'mse, lpips') FROM pairs", "score_pair", "model");
        assertAnalysisError("SELECT lpips(r, o) FROM pairs", "lpips: option", "model");
        assertAnalysisError("SELECT perceptual(r, o, 'model=/nowhere/vgg.onnx') FROM pairs", "model",
                "file not found", "/nowhere/vgg.onnx");
        assertAnalysisError("SELECT perceptual(r, o, '" + perceptualOptions + ", distance=l3') FROM pairs",
                "distance", "l3");
    }

    private static void assertAnalysisError(String sql, String... parts) {
        AnalysisException e = assertThrows(AnalysisException.class, () -> spark.sql(sql));
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), sql + " -> '" + e.getMessage() + "' should contain " + p);
        }
    }

    @Test
    void udfClassesNeedAModelAndScoreWithOne() throws Exception {
        for (Class<?> type : List.of(PerceptualUdf.class, LpipsUdf.class)) {
            InvocationTargetException e = assertThrows(InvocationTargetException.class,
                    () -> type.getConstructor().newInstance(), type.getName());
            assertTrue(e.getCause() instanceof IllegalArgumentException && e.getCause().getMessage().contains("model"),
                    type + ": " + e.getCause());
        }
        byte[][] a = PAIRS.get("a");
        assertEquals(expected("lpips", lpipsOptions, "a"), new MetricUdf("lpips", lpipsOptions).call(a[0], a[1]), 1e-12);
        assertEquals(expected("perceptual", perceptualOptions, "a"),
                new MetricUdf("perceptual", perceptualOptions).call(a[0], a[1]), 1e-12);
    }
}
