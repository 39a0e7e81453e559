package org.imgloss.metrics.perceptual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.Image;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricDefinition;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.PairMetric;
import org.imgloss.metrics.ParameterException;

class PerceptualLossTest {

    private static final double REL_TOL = 1e-5;
    private static final int[][] SIZES = {{7, 9}, {8, 8}, {13, 5}, {2, 17}, {11, 11}, {3, 2}};

    @TempDir
    static Path dir;
    static Path model;
    static Path fixedBatchModel;

    @BeforeAll
    static void writeModels() throws Exception {
        model = TinyFeatureNet.write(dir, "tiny.onnx", TinyFeatureNet.onnx(null));
        fixedBatchModel = TinyFeatureNet.write(dir, "tiny_batch1.onnx", TinyFeatureNet.onnx(1));
    }

    private static PairMetric kernel(Map<String, Object> extra) {
        Map<String, Object> raw = new HashMap<>(extra);
        raw.putIfAbsent("model", model.toString());
        raw.putIfAbsent("layers", "relu1_2|relu2_2");
        raw.putIfAbsent("min_size", 2);       // the tiny net has one 2x2 max-pool
        return MetricCatalog.get("perceptual").create(raw);
    }

    /** Oracle: per-layer distance over plain loops. */
    private static double oracle(Image rec, Image orig, double[][] ab, String distance, double[] weights) {
        int h = rec.height();
        int w = rec.width();
        double[][][] fa = TinyFeatureNet.forward(TinyFeatureNet.modelInput(rec, ab[0], ab[1]), h, w);
        double[][][] fb = TinyFeatureNet.forward(TinyFeatureNet.modelInput(orig, ab[0], ab[1]), h, w);
        double total = 0;
        for (int l = 0; l < 2; l++) {
            int channels = fa[l].length;
            int positions = fa[l][0].length;
            double d = 0;
            if (distance.equals("cosine")) {
                for (int p = 0; p < positions; p++) {
                    double dot = 0;
                    double na = 0;
                    double nb = 0;
                    for (int c = 0; c < channels; c++) {
                        dot += fa[l][c][p] * fb[l][c][p];
                        na += fa[l][c][p] * fa[l][c][p];
                        nb += fb[l][c][p] * fb[l][c][p];
                    }
                    if (na > 0 || nb > 0) {
                        d += (na == 0 || nb == 0) ? 1 : 1 - dot / (Math.sqrt(na) * Math.sqrt(nb));
                    }
                }
                d /= positions;
            } else {
                for (int c = 0; c < channels; c++) {
                    for (int p = 0; p < positions; p++) {
                        double diff = fa[l][c][p] - fb[l][c][p];
                        d += distance.equals("mse") ? diff * diff : Math.abs(diff);
                    }
                }
                d /= channels * positions;
            }
            total += weights[l] * d;
        }
        return total;
    }

    private static void assertClose(double expected, MetricResult r, String what) {
        assertTrue(r.hasValue(), what + ": " + r);
        assertTrue(expected > 0, what + ": degenerate oracle value " + expected);
        assertEquals(expected, r.value(), REL_TOL * Math.abs(expected), what);
    }

    @Test
    void mseMatchesTheHandComputedNetworkOverAwkwardSizes() {
        PairMetric k = kernel(Map.of());
        for (int[] s : SIZES) {
            Image rec = TinyFeatureNet.pattern(s[0], s[1], 3, true);
            Image orig = TinyFeatureNet.pattern(s[0], s[1], 3, false);
            double expected = oracle(rec, orig, TinyFeatureNet.imagenet(), "mse", new double[] {1, 1});
            assertClose(expected, k.compute(rec, orig), "mse " + s[0] + "x" + s[1]);
        }
    }

    @Test
    void l1AndCosineMatchTheOracle() {
        PairMetric l1 = kernel(Map.of("distance", "l1"));
        PairMetric cos = kernel(Map.of("distance", "COSINE"));
        for (int[] s : SIZES) {
            Image rec = TinyFeatureNet.pattern(s[0], s[1], 3, true);
            Image orig = TinyFeatureNet.pattern(s[0], s[1], 3, false);
            double[][] ab = TinyFeatureNet.imagenet();
            assertClose(oracle(rec, orig, ab, "l1", new double[] {1, 1}), l1.compute(rec, orig), "l1 " + s[0] + "x" + s[1]);
            assertClose(oracle(rec, orig, ab, "cosine", new double[] {1, 1}), cos.compute(rec, orig),
                    "cosine " + s[0] + "x" + s[1]);
        }
    }

    @Test
    void cosineComparesDirectionsPerPixelByHand() throws Exception {
        // identity "network", no normalisation: the features are the RGB vectors themselves
        Path identity = TinyFeatureNet.write(dir, "identity.onnx", TinyFeatureNet.identityOnnx());
        PairMetric cos = MetricCatalog.get("perceptual").create(Map.of("model", identity.toString(), "layers", "pixels",
                "imagenet_norm", false, "distance", "cosine", "min_size", 1));
        // 2x2 pixels, RGB vectors: proportional (0), both black (0), orthogonal (1), one black (1); mean 0.5
        Image rec = Image.ofPlanes(2, 2, new double[] {0.2, 0, 1, 0}, new double[] {0.4, 0, 0, 0}, new double[] {0.6, 0, 0, 0});
        Image orig = Image.ofPlanes(2, 2, new double[] {0.1, 0, 0, 0.5}, new double[] {0.2, 0, 1, 0.5},
                new double[] {0.3, 0, 0, 0.5});
        assertEquals(0.5, cos.compute(rec, orig).value(), 1e-7);
        // 45 degrees at one pixel of one: 1 - cos(45°)
        Image a = Image.ofPlanes(1, 1, new double[] {1}, new double[] {0}, new double[] {0});
        Image b = Image.ofPlanes(1, 1, new double[] {1}, new double[] {1}, new double[] {0});
        assertEquals(1 - Math.sqrt(0.5), cos.compute(a, b).value(), 1e-7);
        Image orig2 = TinyFeatureNet.pattern(9, 10, 3, false);
        assertEquals(0.0, kernel(Map.of("distance", "cosine")).compute(orig2, orig2).value(), 0.0);
    }

    @Test
    void layerWeightsAndIndicesSelectAndWeightTheTaps() {
        Image rec = TinyFeatureNet.pattern(10, 12, 3, true);
        Image orig = TinyFeatureNet.pattern(10, 12, 3, false);
        double[][] ab = TinyFeatureNet.imagenet();
        PairMetric weighted = kernel(Map.of("layer_weights", List.of(0.25, 3.0)));
        assertClose(oracle(rec, orig, ab, "mse", new double[] {0.25, 3.0}), weighted.compute(rec, orig), "weighted");
        PairMetric second = kernel(Map.of("layers", "1"));
        assertClose(oracle(rec, orig, ab, "mse", new double[] {0, 1}), second.compute(rec, orig), "index 1");
        PairMetric all = kernel(Map.of("layers", "all"));
        assertClose(oracle(rec, orig, ab, "mse", new double[] {1, 1}), all.compute(rec, orig), "all");
    }

    @Test
    void withoutNormalisationTheRawUnitIntervalGoesIn() {
        Image rec = TinyFeatureNet.pattern(9, 7, 3, true);
        Image orig = TinyFeatureNet.pattern(9, 7, 3, false);
        double[][] identity = {{1, 1, 1}, {0, 0, 0}};
        assertClose(oracle(rec, orig, identity, "mse", new double[] {1, 1}),
                kernel(Map.of("imagenet_norm", false)).compute(rec, orig), "imagenet_norm=false");
        double[][] custom = {{1 / 0.5, 1 / 0.25, 1 / 2.0}, {-0.1 / 0.5, -0.2 / 0.25, -0.3 / 2.0}};
        assertClose(oracle(rec, orig, custom, "mse", new double[] {1, 1}),
                kernel(Map.of("mean", "0.1|0.2|0.3", "std", "0.5 0.25 2")).compute(rec, orig), "custom mean/std");
    }

    @Test
    void grayInputIsReplicatedIntoThreeChannels() {
        Image grayRec = TinyFeatureNet.pattern(8, 11, 1, true);
        Image grayOrig = TinyFeatureNet.pattern(8, 11, 1, false);
        Image rgbRec = Image.ofPlanes(11, 8, grayRec.plane(0), grayRec.plane(0), grayRec.plane(0));
        Image rgbOrig = Image.ofPlanes(11, 8, grayOrig.plane(0), grayOrig.plane(0), grayOrig.plane(0));
        PairMetric k = kernel(Map.of());
        MetricResult gray = k.compute(grayRec, grayOrig);
        assertEquals(k.compute(rgbRec, rgbOrig).value(), gray.value(), 0.0);
        assertClose(oracle(grayRec, grayOrig, TinyFeatureNet.imagenet(), "mse", new double[] {1, 1}), gray, "gray");
        MetricResult off = kernel(Map.of("gray_to_rgb", false)).compute(grayRec, grayOrig);
        assertEquals(ErrorCode.NOT_APPLICABLE, off.errorCode());
        assertTrue(off.message().contains("gray_to_rgb"), off.message());
    }

    @Test
    void identicalImagesScoreZero() {
        Image im = TinyFeatureNet.pattern(12, 12, 3, true);
        assertEquals(0.0, kernel(Map.of()).compute(im, im).value(), 0.0);
    }

    @Test
    void batchScoringEqualsPairByPairAndMixesShapes() {
        List<Image> recs = new ArrayList<>();
        List<Image> origs = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            int h = i % 3 == 0 ? 6 : 9;
            recs.add(TinyFeatureNet.pattern(h, 7 + i % 2, 3, true));
            origs.add(TinyFeatureNet.pattern(h, 7 + i % 2, 3, false));
        }
        recs.add(TinyFeatureNet.pattern(5, 5, 4, true));    // 4 channels: not applicable, others go on
        origs.add(TinyFeatureNet.pattern(5, 5, 4, false));
        OnnxFeatureMetric batched = (OnnxFeatureMetric) kernel(Map.of("batch_size", 3));
        PairMetric single = kernel(Map.of());
        OnnxFeatureMetric fixed = (OnnxFeatureMetric) MetricCatalog.get("perceptual")
                .create(Map.of("model", fixedBatchModel.toString(), "layers", "relu1_2|relu2_2"));
        List<MetricResult> all = batched.computeBatch(recs, origs);
        List<MetricResult> fixedAll = fixed.computeBatch(recs, origs);
        assertEquals(recs.size(), all.size());
        for (int i = 0; i < 9; i++) {
            MetricResult one = single.compute(recs.get(i), origs.get(i));
            assertEquals(one.value(), all.get(i).value(), 1e-6 * one.value(), "pair " + i);
            assertEquals(one.value(), fixedAll.get(i).value(), 1e-6 * one.value(), "fixed batch, pair " + i);
        }
        assertEquals(ErrorCode.NOT_APPLICABLE, all.get(9).errorCode());
        assertTrue(all.get(9).message().contains("4 channels"), all.get(9).message());
    }

    @Test
    void theSessionIsLoadedOncePerJvmAndShared() throws Exception {
        kernel(Map.of());
        int before = OnnxModel.cachedSessions();
        for (int i = 0; i < 3; i++) {
            kernel(Map.of("distance", i == 0 ? "l1" : "mse"));
        }
        assertEquals(before, OnnxModel.cachedSessions());
        assertTrue(OnnxModel.load(model, 1) == OnnxModel.load(model, 1));
    }

    @Test
    void kernelsOnSeveralThreadsShareTheSessionAndAgree() throws Exception {
        Image rec = TinyFeatureNet.pattern(15, 14, 3, true);
        Image orig = TinyFeatureNet.pattern(15, 14, 3, false);
        double expected = kernel(Map.of()).compute(rec, orig).value();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<Double>> futures = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                futures.add(pool.submit(() -> {
                    PairMetric k = kernel(Map.of());    // one kernel per thread, one session for all
                    double last = Double.NaN;
                    for (int i = 0; i < 20; i++) {
                        last = k.compute(rec, orig).value();
                        assertEquals(expected, last, 0.0);
                    }
                    return last;
                }));
            }
            for (java.util.concurrent.Future<Double> f : futures) {
                assertEquals(expected, f.get(), 0.0);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void missingModelFileIsAParameterErrorNamingThePath() {
        MetricDefinition d = MetricCatalog.get("perceptual");
        ParameterException bind = assertThrows(ParameterException.class, () -> d.bind(Map.of("model", "/x.onnx")));
        assertEquals("model", bind.parameter());
        assertEquals("model: file not found: /x.onnx", bind.getMessage());
        ParameterException spec = assertThrows(ParameterException.class,
                () -> MetricSpec.of("perceptual", Map.of("model", "/no/such/dir/vgg16_features.onnx")));
        assertTrue(spec.getMessage().contains("/no/such/dir/vgg16_features.onnx"), spec.getMessage());
        ParameterException absent = assertThrows(ParameterException.class, () -> d.create(Map.of()));
        assertEquals("model", absent.parameter());
        assertThrows(IllegalArgumentException.class, () -> MetricSpec.parseList("perceptual(model=/x.onnx)"));
    }

    @Test
    void badModelOrLayersAreParameterErrors() throws Exception {
        Path garbage = TinyFeatureNet.write(dir, "garbage.onnx", new byte[] {1, 2, 3, 4, 5});
        ParameterException bad = assertThrows(ParameterException.class,
                () -> MetricCatalog.get("perceptual").create(Map.of("model", garbage.toString())));
        assertEquals("model", bad.parameter());
        assertTrue(bad.getMessage().contains("garbage.onnx"), bad.getMessage());
        // the defaults name VGG taps the tiny model does not have
        ParameterException layers = assertThrows(ParameterException.class,
                () -> MetricCatalog.get("perceptual").create(Map.of("model", model.toString())));
        assertEquals("layers", layers.parameter());
        assertTrue(layers.getMessage().contains("relu3_3") && layers.getMessage().contains("relu1_2, relu2_2"),
                layers.getMessage());
        assertThrows(ParameterException.class, () -> kernel(Map.of("layers", "5")));
        ParameterException weights = assertThrows(ParameterException.class,
                () -> kernel(Map.of("layer_weights", "1|2|3")));
        assertEquals("layer_weights", weights.parameter());
        Path directory = Files.createDirectories(dir.resolve("adir.onnx"));
        assertThrows(ParameterException.class, () -> kernel(Map.of("model", directory.toString())));
    }

    @Test
    void pairsItCannotScoreAreValuesNotExceptions() {
        PairMetric k = kernel(Map.of());
        Image orig = TinyFeatureNet.pattern(6, 6, 3, false);
        double[] hot = orig.plane(0).clone();
        hot[7] = 1.5;
        Image outOfRange = Image.ofPlanes(6, 6, hot, orig.plane(1), orig.plane(2));
        MetricResult r = k.compute(outOfRange, orig);
        assertEquals(ErrorCode.NOT_APPLICABLE, r.errorCode());
        assertTrue(r.message().contains("[0, 1]") && r.message().contains("row 1, column 1"), r.message());
        double[] nan = orig.plane(0).clone();
        nan[0] = Double.NaN;
        assertFalse(k.compute(Image.ofPlanes(6, 6, nan, orig.plane(1), orig.plane(2)), orig).hasValue());
        assertEquals(ErrorCode.NOT_APPLICABLE, k.compute(TinyFeatureNet.pattern(6, 7, 3, true), orig).errorCode());
        // 1x1: PyTorch's 2x2 max-pool would leave nothing for relu2_2 (ONNX Runtime returns 1x1), so min_size rules
        MetricResult tiny = k.compute(TinyFeatureNet.pattern(1, 1, 3, true), TinyFeatureNet.pattern(1, 1, 3, false));
        assertNull(tiny.value());
        assertEquals(ErrorCode.TOO_SMALL, tiny.errorCode());
        assertTrue(tiny.message().contains("2x2") && tiny.message().contains("1x1"), tiny.message());
        MetricResult wide = kernel(Map.of("min_size", 4)).compute(TinyFeatureNet.pattern(3, 40, 3, true),
                TinyFeatureNet.pattern(3, 40, 3, false));
        assertEquals(ErrorCode.TOO_SMALL, wide.errorCode());
        assertEquals(4, MetricCatalog.get("perceptual").parameter("min_size").defaultValue());
        assertEquals(16, MetricCatalog.get("lpips").parameter("min_size").defaultValue());
    }

    @Test
    void theCompactSpecFormConfiguresIt() {
        List<MetricSpec> specs = MetricSpec.parseList("perceptual(model=" + model + ", layers=relu2_2|relu1_2, "
                + "distance=l1, layer_weights=2|0.5) as vgg_l1");
        assertEquals("vgg_l1", specs.get(0).alias());
        OnnxFeatureMetric k = (OnnxFeatureMetric) specs.get(0).newKernel();
        assertEquals(List.of("relu2_2", "relu1_2"), k.layers());
        Image rec = TinyFeatureNet.pattern(7, 7, 3, true);
        Image orig = TinyFeatureNet.pattern(7, 7, 3, false);
        assertClose(oracle(rec, orig, TinyFeatureNet.imagenet(), "l1", new double[] {0.5, 2}), k.compute(rec, orig), "spec");
    }
}
