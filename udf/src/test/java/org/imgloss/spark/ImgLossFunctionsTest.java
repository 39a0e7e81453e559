package org.imgloss.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.DecodeException;
import org.imgloss.image.DecodeOptions;
import org.imgloss.image.ImageDecoder;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricDefinition;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.PairInputs;
import org.imgloss.scoring.PairScore;
import org.imgloss.scoring.PairScoring;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SQL, DataFrame and registerJava paths against a real local session. Expected values come
 * from calling the decoder and the kernel directly on the same bytes.
 */
class ImgLossFunctionsTest {

    private static SparkSession spark;
    /** Named fixtures: id → {reconstruction, original}. */
    private static final Map<String, byte[][]> PAIRS = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        spark = TestSpark.session();
        byte[] rgb = TestImages.png(23, 17, 3, 1);
        byte[] gray = TestImages.png(23, 17, 1, 1);
        PAIRS.put("rgb", new byte[][] {TestImages.noisy(23, 17, 3, 1, 7), rgb});
        PAIRS.put("gray", new byte[][] {TestImages.noisy(23, 17, 1, 1, 8), gray});
        PAIRS.put("identical", new byte[][] {rgb, rgb});
        PAIRS.put("tiny8x8", new byte[][] {TestImages.noisy(8, 8, 3, 2, 9), TestImages.png(8, 8, 3, 2)});
        PAIRS.put("sizeMismatch", new byte[][] {TestImages.png(22, 17, 3, 1), rgb});
        PAIRS.put("channelMismatch", new byte[][] {gray, rgb});
        PAIRS.put("corruptPng", new byte[][] {TestImages.truncated(rgb, 60), rgb});
        PAIRS.put("notAnImage", new byte[][] {rgb, TestImages.notAnImage()});
        PAIRS.put("nullReconstruction", new byte[][] {null, rgb});
        float[] nan = new float[12 * 12];
        float[] fine = new float[12 * 12];
        for (int i = 0; i < nan.length; i++) {
            fine[i] = i / 144f;
            nan[i] = i == 77 ? Float.NaN : fine[i];
        }
        PAIRS.put("nonFinite", new byte[][] {TestImages.npyFloat32(12, 12, nan), TestImages.npyFloat32(12, 12, fine)});
        List<Row> rows = new ArrayList<>();
        PAIRS.forEach((id, p) -> rows.add(RowFactory.create(id, p[0], p[1], "variant=skimage")));
        StructType schema = new StructType().add("id", DataTypes.StringType).add("r", DataTypes.BinaryType)
                .add("o", DataTypes.BinaryType).add("opts", DataTypes.StringType);
        spark.createDataFrame(rows, schema).createOrReplaceTempView("pairs");
        ImgLossFunctions.register(spark);
    }

    // ---- expected values straight from decoder + kernel ----

    private static Double expected(String metric, String id, Map<String, String> params, DecodeOptions options) {
        byte[][] p = PAIRS.get(id);
        try {
            MetricResult r = MetricCatalog.get(metric).create(params).compute(
                    ImageDecoder.decode(p[0], options), ImageDecoder.decode(p[1], options));
            return r.value();
        } catch (DecodeException e) {
            throw new AssertionError(e);
        }
    }

    private static Double expected(String metric, String id) {
        return expected(metric, id, Map.of(), DecodeOptions.DEFAULT);
    }

    private static Map<String, Row> byId(Dataset<Row> df) {
        Map<String, Row> out = new HashMap<>();
        for (Row r : df.collectAsList()) {
            out.put(r.getString(0), r);
        }
        return out;
    }

    private static Double nullableDouble(Row row, String field) {
        int i = row.fieldIndex(field);
        return row.isNullAt(i) ? null : row.getDouble(i);
    }

    // ---- SQL ----

    @Test
    void registerNamesEveryCatalogueMetricAndScorePair() {
        List<String> names = ImgLossFunctions.register(spark);
        List<String> wanted = new ArrayList<>(MetricCatalog.names());
        wanted.add("score_pair");
        assertEquals(wanted, names);
        for (String n : wanted) {
            assertTrue(spark.catalog().functionExists(n), n + " is not registered");
        }
        String usage = spark.sql("DESCRIBE FUNCTION ssim").collectAsList().toString();
        assertTrue(usage.contains("reconstruction, original[, options]"), usage);
        assertTrue(usage.contains("Better: higher. Agrees with: variant=wang: scikit-image 0.19"), usage);
        assertTrue(usage.contains("Tolerance: 1e-9 relative for every variant"), usage);
    }

    /** True when the metric can run with its defaults (lpips and perceptual need a model file). */
    static boolean runsWithDefaults(MetricDefinition d) {
        try {
            d.create(Map.of());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    void everyMetricFromSqlWithDefaultsMatchesTheKernel() {
        List<String> runnable = new ArrayList<>();
        for (MetricDefinition d : MetricCatalog.all()) {
            if (runsWithDefaults(d)) {
                runnable.add(d.name());
            } else {
                assertAnalysisError("SELECT " + d.name() + "(r, o) FROM pairs", d.name() + ": option");
            }
        }
        assertFalse(runnable.isEmpty());
        // one query, one column per metric
        StringBuilder sql = new StringBuilder("SELECT id");
        runnable.forEach(n -> sql.append(", ").append(n).append("(r, o) AS ").append(n));
        Map<String, Row> rows = byId(spark.sql(sql + " FROM pairs WHERE id IN ('rgb', 'gray', 'identical', 'tiny8x8')"));
        for (String n : runnable) {
            for (String id : List.of("rgb", "gray", "identical", "tiny8x8")) {
                assertEquals(expected(n, id), nullableDouble(rows.get(id), n), n + " on " + id);
            }
        }
    }

    @Test
    void identicalImagesGiveTheKnownValues() {
        Row r = spark.sql("SELECT mse(r, o), mae(r, o), psnr(r, o), ssim(r, o), ssim_loss(r, o) FROM pairs "
                + "WHERE id = 'identical'").first();
        assertEquals(0.0, r.getDouble(0));
        assertEquals(0.0, r.getDouble(1));
        assertEquals(Double.POSITIVE_INFINITY, r.getDouble(2));
        assertEquals(1.0, r.getDouble(3), 1e-12);
        assertEquals(0.0, r.getDouble(4), 1e-12);
    }

    @Test
    void optionsStringSelectsParameters() {
        Row r = spark.sql("SELECT ssim(r, o), ssim(r, o, 'variant=skimage'), ssim(r, o, ' Variant = skimage , "
                + "data_range=255'), ssim(r, o, map('variant', 'skimage')), ssim(r, o, NULL), "
                + "huber(r, o, 'beta=0.05'), psnr(r, o, 'data_range=255') FROM pairs WHERE id = 'rgb'").first();
        double wang = expected("ssim", "rgb");
        double skimage = expected("ssim", "rgb", Map.of("variant", "skimage"), DecodeOptions.DEFAULT);
        assertEquals(wang, r.getDouble(0));
        assertEquals(skimage, r.getDouble(1));
        assertNotEquals(wang, skimage);
        assertEquals(expected("ssim", "rgb", Map.of("variant", "skimage", "data_range", "255"), DecodeOptions.DEFAULT),
                r.getDouble(2));
        assertEquals(skimage, r.getDouble(3));
        assertEquals(wang, r.getDouble(4));
        assertEquals(expected("huber", "rgb", Map.of("beta", "0.05"), DecodeOptions.DEFAULT), r.getDouble(5));
        assertEquals(expected("psnr", "rgb", Map.of("data_range", "255"), DecodeOptions.DEFAULT), r.getDouble(6));
    }

    @Test
    void decodeKeysInTheOptionsString() {
        Row r = spark.sql("SELECT mse(r, o), mse(r, o, 'color=gray'), ssim(r, o, 'color=y_bt601, variant=skimage'),"
                + " mse(r, o, 'max_pixels=100') FROM pairs WHERE id = 'rgb'").first();
        DecodeOptions gray = DecodeOptions.DEFAULT.withColor(DecodeOptions.Color.GRAY);
        assertEquals(expected("mse", "rgb", Map.of(), gray), r.getDouble(1));
        assertNotEquals(r.getDouble(0), r.getDouble(1));
        assertEquals(expected("ssim", "rgb", Map.of("variant", "skimage"),
                DecodeOptions.DEFAULT.withColor(DecodeOptions.Color.Y_BT601)), r.getDouble(2));
        assertTrue(r.isNullAt(3), "23x17 is over max_pixels=100");
    }

    @Test
    void singleMetricFunctionsReturnNullForBadPairs() {
        Map<String, Row> rows = byId(spark.sql("SELECT id, mse(r, o), ssim(r, o) FROM pairs"));
        for (String id : List.of("sizeMismatch", "channelMismatch", "corruptPng", "notAnImage",
                "nullReconstruction", "nonFinite")) {
            assertTrue(rows.get(id).isNullAt(1), "mse of " + id);
            assertTrue(rows.get(id).isNullAt(2), "ssim of " + id);
        }
        assertEquals(expected("mse", "tiny8x8"), rows.get("tiny8x8").getDouble(1));
        assertTrue(rows.get("tiny8x8").isNullAt(2), "8x8 is smaller than the SSIM window");
    }

    @Test
    void scorePairFromSql() {
        Dataset<Row> df = spark.sql("SELECT id, score_pair(r, o, 'mse, psnr, ssim(variant=skimage) as ssim_sk, ssim')"
                + " AS s FROM pairs");
        StructType s = (StructType) df.schema().apply("s").dataType();
        assertEquals(List.of("mse", "psnr", "ssim_sk", "ssim", "width", "height", "channels", "metric_errors",
                "error_code", "error_message"), List.of(s.fieldNames()));
        assertEquals(ScorePairUdf.returnType("mse, psnr, ssim(variant=skimage) as ssim_sk, ssim"), s);
        Map<String, Row> rows = byId(df);

        Row rgb = rows.get("rgb").getStruct(1);
        assertEquals(expected("mse", "rgb"), rgb.getDouble(0));
        assertEquals(expected("psnr", "rgb"), rgb.getDouble(1));
        assertEquals(expected("ssim", "rgb", Map.of("variant", "skimage"), DecodeOptions.DEFAULT), rgb.getDouble(2));
        assertEquals(expected("ssim", "rgb"), rgb.getDouble(3));
        assertEquals(List.of(23, 17, 3), List.of(rgb.getInt(4), rgb.getInt(5), rgb.getInt(6)));
        assertTrue(rgb.getJavaMap(7).isEmpty());
        assertNull(rgb.get(8));
        assertNull(rgb.get(9));

        Row tiny = rows.get("tiny8x8").getStruct(1);
        assertEquals(expected("mse", "tiny8x8"), tiny.getDouble(0));
        assertEquals(expected("psnr", "tiny8x8"), tiny.getDouble(1));
        assertEquals(expected("ssim", "tiny8x8", Map.of("variant", "skimage"), DecodeOptions.DEFAULT), tiny.getDouble(2),
                "the 7x7 window fits an 8x8 image");
        assertTrue(tiny.isNullAt(3), "the 11x11 window does not");
        assertEquals(Map.of("ssim", ErrorCode.TOO_SMALL.code()), tiny.getJavaMap(7));
        assertNull(tiny.get(8), "a metric that does not apply is not a pair error");
        assertEquals(8, tiny.getInt(4));

        assertPairError(rows, "sizeMismatch", ErrorCode.SIZE_MISMATCH.code());
        assertPairError(rows, "channelMismatch", ErrorCode.CHANNEL_MISMATCH.code());
        assertPairError(rows, "corruptPng", ErrorCode.UNDECODABLE.code());
        assertPairError(rows, "notAnImage", ErrorCode.UNSUPPORTED_FORMAT.code());
        assertPairError(rows, "nullReconstruction", ErrorCode.EMPTY_INPUT.code());
        assertPairError(rows, "nonFinite", ErrorCode.NON_FINITE.code());
        assertEquals(23, rows.get("channelMismatch").getStruct(1).getInt(4), "the original's shape is known");
    }

    private static void assertPairError(Map<String, Row> rows, String id, String code) {
        Row s = rows.get(id).getStruct(1);
        assertEquals(code, s.getAs("error_code"), id + ": " + s.getAs("error_message"));
        assertNotNull(s.getAs("error_message"), id);
        for (int i = 0; i < 4; i++) {
            assertTrue(s.isNullAt(i), id + " field " + i);
        }
        assertTrue(errors(s).isEmpty(), id);
    }

    private static Map<String, String> errors(Row score) {
        return score.getJavaMap(score.fieldIndex("metric_errors"));
    }

    @Test
    void scorePairWithDecodeOptions() {
        Row s = spark.sql("SELECT score_pair(r, o, 'mse', 'color=gray'), score_pair(r, o, 'mse', 'max_pixels=100')"
                + " FROM pairs WHERE id = 'rgb'").first();
        Row gray = s.getStruct(0);
        assertEquals(expected("mse", "rgb", Map.of(), DecodeOptions.DEFAULT.withColor(DecodeOptions.Color.GRAY)),
                gray.getDouble(0));
        assertEquals(1, gray.getInt(3));
        assertEquals(ErrorCode.TOO_LARGE.code(), s.getStruct(1).getAs("error_code"));
    }

    @Test
    void scorePairWithAnInputsStruct() {
        Row s = spark.sql("SELECT score_pair(r, o, 'mse, ssim', NULL, named_struct('gaze_x', 3.5, 'mask', o)), "
                + "score_pair(r, o, 'mse, ssim', 'color=gray', NULL) FROM pairs WHERE id = 'rgb'").first();
        assertEquals(expected("mse", "rgb"), s.getStruct(0).getDouble(0));
        assertEquals(expected("ssim", "rgb"), s.getStruct(0).getDouble(1));
        assertEquals(expected("mse", "rgb", Map.of(), DecodeOptions.DEFAULT.withColor(DecodeOptions.Color.GRAY)),
                s.getStruct(1).getDouble(0));
        Row df = spark.table("pairs").where("id = 'rgb'").select(ImgLossFunctions.scorePair(col("r"), col("o"), "mse",
                "", functions.struct(col("id"), col("o").as("mask")))).first();
        assertEquals(expected("mse", "rgb"), df.getStruct(0).getDouble(0));
        assertAnalysisError("SELECT score_pair(r, o, 'mse', NULL, 'gaze_x=3') FROM pairs", "argument 5", "STRUCT");
        assertAnalysisError("SELECT score_pair(r, o, 'mse', NULL, NULL, 1) FROM pairs", "3 to 5 arguments", "got 6");
    }

    @Test
    void metamerGazeFromTheInputsStruct() {
        byte[] o = TestImages.png(64, 64, 3, 11);
        byte[] r = TestImages.noisy(64, 64, 3, 11, 12);
        StructType schema = new StructType().add("r", DataTypes.BinaryType).add("o", DataTypes.BinaryType);
        spark.createDataFrame(List.of(RowFactory.create(r, o)), schema).createOrReplaceTempView("gaze_pairs");
        Row s = spark.sql("SELECT score_pair(r, o, 'metameric, mse', NULL, named_struct('gaze_x', 0.2, 'gaze_y', 0.7)),"
                + " score_pair(r, o, 'metameric, mse') FROM gaze_pairs").first();
        PairScoring direct = new PairScoring(MetricSpec.parseList("metameric, mse"), DecodeOptions.DEFAULT);
        PairScore atGaze = direct.score(r, o, new PairInputs(Map.of("gaze_x", "0.2", "gaze_y", "0.7"), Map.of()));
        PairScore centred = direct.score(r, o);
        assertNotNull(atGaze.values().get("metameric"), String.valueOf(atGaze.metricMessages()));
        assertEquals(atGaze.values().get("metameric"), s.getStruct(0).getDouble(0));
        assertEquals(centred.values().get("metameric"), s.getStruct(1).getDouble(0));
        assertNotEquals(s.getStruct(0).getDouble(0), s.getStruct(1).getDouble(0), "the gaze moved the fovea");
        assertEquals(s.getStruct(0).getDouble(1), s.getStruct(1).getDouble(1));
    }

    @Test
    void inputsStructBecomesColumnsAndDecodedImages() {
        StructType type = new StructType().add("gaze_x", DataTypes.DoubleType).add("label", DataTypes.StringType)
                .add("mask", DataTypes.BinaryType).add("broken", DataTypes.BinaryType).add("absent", DataTypes.IntegerType);
        Row row = new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(
                new Object[] {12.5, "a", TestImages.png(5, 4, 1, 3), TestImages.notAnImage(), null}, type);
        PairInputs in = ScorePairInputsUdf.toInputs(row);
        assertEquals(Map.of("gaze_x", "12.5", "label", "a"), in.columns());
        assertEquals(List.of(5, 4, 1), List.of(in.image("mask").width(), in.image("mask").height(),
                in.image("mask").channels()));
        assertNull(in.image("broken"), "an undecodable auxiliary image is left out");
        assertNull(in.column("absent"));
        assertEquals(PairInputs.NONE, ScorePairInputsUdf.toInputs(null));
    }

    // ---- golden values through Spark's binaryFile source ----

    @Test
    void goldenPairsReadWithBinaryFileMatchTheReferences() throws Exception {
        Path golden = Paths.get(ImgLossFunctionsTest.class.getResource("/golden/expected.json").toURI()).getParent();
        spark.read().format("binaryFile").option("pathGlobFilter", "*.png").option("recursiveFileLookup", "true")
                .load(golden.resolve("pairs").toString())
                .selectExpr("regexp_extract(path, 'pairs/([^/]+)/[a-z]+[.]png$', 1) AS case_id",
                        "regexp_extract(path, '([a-z]+)[.]png$', 1) AS role", "content")
                .createOrReplaceTempView("golden_files");
        Map<String, String> aliasToGolden = new LinkedHashMap<>();
        aliasToGolden.put("mse", "mse");
        aliasToGolden.put("mae", "mae");
        aliasToGolden.put("h01", "smooth_l1_beta0.1");
        aliasToGolden.put("psnr", "psnr");
        aliasToGolden.put("ssim", "ssim_skimage_gauss");
        aliasToGolden.put("ssim_sk", "ssim_skimage_default");
        aliasToGolden.put("ms_ssim", "ms_ssim_pytorch_msssim");
        Map<String, Row> rows = byId(spark.sql("SELECT r.case_id, score_pair(r.content, o.content, "
                + "'mse, mae, huber(beta=0.1) as h01, psnr, ssim, ssim(variant=skimage) as ssim_sk, ms_ssim') AS s "
                + "FROM golden_files r JOIN golden_files o ON r.case_id = o.case_id "
                + "WHERE r.role = 'recon' AND o.role = 'orig'"));

        JsonNode cases = new ObjectMapper().readTree(golden.resolve("expected.json").toFile()).get("cases");
        int checked = 0;
        for (JsonNode c : cases) {
            if (!"natural".equals(c.get("kind").asText())) {
                continue;
            }
            String id = c.get("id").asText();
            Row s = rows.get(id).getStruct(1);
            assertNull(s.getAs("error_code"), id);
            JsonNode values = c.get("domains").get("unit").get("values");
            for (Map.Entry<String, String> e : aliasToGolden.entrySet()) {
                JsonNode want = values.get(e.getValue());
                Double got = nullableDouble(s, e.getKey());
                String what = id + " " + e.getKey();
                if (want.isNull()) {
                    // undefined in the reference: PSNR of identical images is +Infinity here, MS-SSIM is TOO_SMALL
                    if (e.getKey().equals("psnr")) {
                        assertEquals(Double.POSITIVE_INFINITY, got, what);
                    } else {
                        assertNull(got, what);
                        assertEquals(ErrorCode.TOO_SMALL.code(), errors(s).get(e.getKey()), what);
                    }
                } else {
                    assertNotNull(got, what + " " + errors(s));
                    assertEquals(want.asDouble(), got, 1e-9 * Math.max(1, Math.abs(want.asDouble())), what);
                }
                checked++;
            }
        }
        assertTrue(checked >= 7 * 20, "checked " + checked + " golden values");
    }

    @Test
    void goldenSarEnlLossWithTheMaskAsAnInput() throws Exception {
        Path golden = Paths.get(ImgLossFunctionsTest.class.getResource("/golden/expected.json").toURI()).getParent();
        spark.read().format("binaryFile").option("pathGlobFilter", "{orig.tif,recon.tif,mask.png}")
                .option("recursiveFileLookup", "true").load(golden.resolve("pairs").toString())
                .selectExpr("regexp_extract(path, 'pairs/([^/]+)/[a-z]+[.][a-z]+$', 1) AS case_id",
                        "regexp_extract(path, '([a-z]+)[.][a-z]+$', 1) AS role", "content")
                .createOrReplaceTempView("sar_files");
        Map<String, Row> rows = byId(spark.sql("SELECT r.case_id, "
                + "score_pair(r.content, o.content, 'enl_loss(mask=mask), mse', NULL, named_struct('mask', m.content)), "
                + "score_pair(r.content, o.content, 'enl_loss(mask=mask)', 'normalize=original_minmax', "
                + "  named_struct('mask', m.content)), "
                + "score_pair(r.content, o.content, 'enl_loss(mask=mask), mse') "
                + "FROM sar_files r JOIN sar_files o ON r.case_id = o.case_id JOIN sar_files m ON m.case_id = r.case_id "
                + "WHERE r.role = 'recon' AND o.role = 'orig' AND m.role = 'mask'"));
        JsonNode cases = new ObjectMapper().readTree(golden.resolve("expected.json").toFile()).get("cases");
        int checked = 0;
        for (JsonNode c : cases) {
            if (!c.has("files") || !c.get("files").has("homogeneous_mask")) {
                continue;
            }
            String id = c.get("id").asText();
            JsonNode domains = c.get("domains");
            double raw = domains.get("linear_raw").get("values").get("enl_loss_mask").asDouble();
            double minmax = domains.get("linear_minmax").get("values").get("enl_loss_mask").asDouble();
            Row row = rows.get(id);
            assertEquals(raw, row.getStruct(1).getDouble(0), 1e-9 * raw, id + " linear_raw");
            assertEquals(minmax, row.getStruct(2).getDouble(0), 1e-9 * minmax, id + " linear_minmax");
            Row without = row.getStruct(3);
            assertTrue(without.isNullAt(0), id + ": no mask column, no enl_loss");
            assertEquals(Map.of("enl_loss", ErrorCode.NOT_APPLICABLE.code()), errors(without), id);
            assertEquals(row.getStruct(1).getDouble(1), without.getDouble(1), id + " mse is still computed");
            checked++;
        }
        assertTrue(checked >= 3, "checked " + checked + " SAR cases");
    }

    // ---- analysis-time errors ----

    @Test
    void badOptionsFailAtAnalysisNamingTheOptionAndValue() {
        assertAnalysisError("SELECT ssim(r, o, 'variant=fast') FROM pairs", "ssim", "variant", "fast");
        assertAnalysisError("SELECT ssim(r, o, 'color=purple') FROM pairs", "color", "purple");
        assertAnalysisError("SELECT ssim(r, o, 'windowsize=7') FROM pairs", "windowsize");
        assertAnalysisError("SELECT mse(r, o, 'max_pixels=-3') FROM pairs", "max_pixels", "-3");
        assertAnalysisError("SELECT ssim(r, o, 'variant') FROM pairs", "variant", "key=value");
        assertAnalysisError("SELECT score_pair(r, o, 'mse, nosuch') FROM pairs", "score_pair", "nosuch");
        assertAnalysisError("SELECT score_pair(r, o, 'mse, ssim(variant=fast)') FROM pairs", "variant", "fast");
        assertAnalysisError("SELECT score_pair(r, o, 'mse as width') FROM pairs", "width", "reserved");
        assertAnalysisError("SELECT score_pair(r, o, 'mse', 'variant=skimage') FROM pairs", "variant",
                "not a decode option");
        assertAnalysisError("SELECT score_pair(r, o, '') FROM pairs", "empty");
        // lpips without the imgloss-perceptual jar (PerceptualFunctionsTest has it with the jar)
        assertAnalysisError("SELECT score_pair(r, o, 'mse, lpips') FROM pairs", "score_pair", "lpips",
                "imgloss-perceptual");
    }

    @Test
    void wrongCallsFailAtAnalysis() {
        assertAnalysisError("SELECT ssim(r) FROM pairs", "ssim takes 2 or 3 arguments", "got 1");
        assertAnalysisError("SELECT ssim(r, o, 'a=1', 'b=2') FROM pairs", "got 4");
        assertAnalysisError("SELECT score_pair(r, o) FROM pairs", "score_pair takes 3 to 5 arguments");
        assertAnalysisError("SELECT ssim(r, o, opts) FROM pairs", "must be a constant", "opts");
        assertAnalysisError("SELECT score_pair(r, o, opts) FROM pairs", "must be a constant");
        assertAnalysisError("SELECT ssim(id, o) FROM pairs", "argument 1", "BINARY", "STRING");
        assertAnalysisError("SELECT ssim(r, o, 42) FROM pairs", "options", "INT");
    }

    private static void assertAnalysisError(String sql, String... parts) {
        // spark.sql analyses eagerly: the error comes before any row is read.
        AnalysisException e = assertThrows(AnalysisException.class, () -> spark.sql(sql));
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), sql + " -> '" + e.getMessage() + "' should contain " + p);
        }
    }

    // ---- DataFrame API ----

    @Test
    void dataFrameApi() {
        Dataset<Row> pairs = spark.table("pairs").where("id IN ('rgb', 'tiny8x8', 'corruptPng')");
        Map<String, Row> rows = byId(pairs.select(col("id"),
                ImgLossFunctions.metric("ssim", col("r"), col("o")).as("ssim"),
                ImgLossFunctions.metric("ssim", col("r"), col("o"), "variant=skimage").as("ssim_sk"),
                ImgLossFunctions.scorePair(col("r"), col("o"), "mse, ssim").as("s"),
                ImgLossFunctions.scorePair(col("r"), col("o"), "mse", "color=gray").as("g")));
        assertEquals(expected("ssim", "rgb"), rows.get("rgb").getDouble(1));
        assertEquals(expected("ssim", "rgb", Map.of("variant", "skimage"), DecodeOptions.DEFAULT),
                rows.get("rgb").getDouble(2));
        Row s = rows.get("rgb").getStruct(3);
        assertEquals(expected("mse", "rgb"), s.getDouble(0));
        assertEquals(expected("ssim", "rgb"), s.getDouble(1));
        assertEquals(expected("mse", "rgb", Map.of(), DecodeOptions.DEFAULT.withColor(DecodeOptions.Color.GRAY)),
                rows.get("rgb").getStruct(4).getDouble(0));
        assertTrue(rows.get("tiny8x8").isNullAt(1));
        assertEquals(Map.of("ssim", ErrorCode.TOO_SMALL.code()), errors(rows.get("tiny8x8").getStruct(3)));
        assertTrue(rows.get("corruptPng").isNullAt(1));
        assertEquals(ErrorCode.UNDECODABLE.code(), rows.get("corruptPng").getStruct(3).getAs("error_code"));

        Row called = pairs.where("id = 'rgb'").select(
                functions.call_function("score_pair", col("r"), col("o"), functions.lit("mse, ssim")).as("s"),
                functions.call_function("ssim", col("r"), col("o"), functions.lit("variant=skimage"))).first();
        assertEquals(expected("mse", "rgb"), called.getStruct(0).getDouble(0));
        assertEquals(expected("ssim", "rgb", Map.of("variant", "skimage"), DecodeOptions.DEFAULT), called.getDouble(1));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImgLossFunctions.metric("ssim", col("r"), col("o"), "variant=fast"));
        assertTrue(e.getMessage().contains("variant") && e.getMessage().contains("fast"), e.getMessage());
    }

    @Test
    void scorePairUdfWithFunctionsUdf() {
        String spec = "psnr, ssim_loss as loss";
        List<MetricSpec> specs = MetricSpec.parseList(spec);
        UserDefinedFunction f = functions.udf(new ScorePairUdf(spec), ScorePairUdf.returnType(specs));
        Row s = spark.table("pairs").where("id = 'rgb'").select(f.apply(col("r"), col("o")).as("s"))
                .select("s.psnr", "s.loss", "s.error_code").first();
        assertEquals(expected("psnr", "rgb"), s.getDouble(0));
        assertEquals(expected("ssim_loss", "rgb"), s.getDouble(1));
        assertTrue(s.isNullAt(2));
    }

    // ---- registerJava (PySpark's registerJavaFunction) ----

    @Test
    void everyMetricClassThroughRegisterJava() {
        List<String> runnable = new ArrayList<>();
        for (MetricDefinition d : MetricCatalog.all()) {
            String fn = "java_" + d.name();
            if (!runsWithDefaults(d)) {
                assertThrows(Exception.class,
                        () -> spark.udf().registerJava(fn, MetricUdf.classNameFor(d.name()), DataTypes.DoubleType),
                        d.name() + " has no usable defaults");
                continue;
            }
            spark.udf().registerJava(fn, MetricUdf.classNameFor(d.name()), DataTypes.DoubleType);
            runnable.add(d.name());
        }
        assertFalse(runnable.isEmpty());
        StringBuilder sql = new StringBuilder("SELECT id");
        runnable.forEach(n -> sql.append(", java_").append(n).append("(r, o) AS ").append(n));
        Map<String, Row> rows = byId(spark.sql(sql + " FROM pairs"));
        for (String n : runnable) {
            for (String id : List.of("rgb", "gray", "identical", "tiny8x8")) {
                assertEquals(expected(n, id), nullableDouble(rows.get(id), n), "java_" + n + " on " + id);
            }
            for (String id : List.of("sizeMismatch", "channelMismatch", "corruptPng", "notAnImage",
                    "nullReconstruction", "nonFinite")) {
                assertNull(nullableDouble(rows.get(id), n), "java_" + n + " on " + id);
            }
        }
    }
}
