package org.imgloss.metrics.perceptual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import org.imgloss.metrics.PairMetric;
import org.imgloss.metrics.ParameterException;

class LpipsTest {

    private static final double REL_TOL = 1e-5;
    /** Head of the tiny net: 2 channels at relu1_2, 3 at relu2_2. */
    private static final double[] HEAD0 = {0.7, 0.2};
    private static final double[] HEAD1 = {0.1, 1.5, 0.4};

    @TempDir
    static Path dir;
    static Path model;
    static Path identity;
    static Path head;

    @BeforeAll
    static void writeFiles() throws Exception {
        model = TinyFeatureNet.write(dir, "tiny.onnx", TinyFeatureNet.onnx(null));
        identity = TinyFeatureNet.write(dir, "identity.onnx", TinyFeatureNet.identityOnnx());
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("relu1_2", NpyTestFiles.npy(HEAD0, "<f4", "1, 2, 1, 1", false, 1));
        entries.put("relu2_2", NpyTestFiles.npy(HEAD1, "<f4", "1, 3, 1, 1", false, 1));
        head = TinyFeatureNet.write(dir, "head.npz", NpyTestFiles.npz(entries, true));
    }

    private static PairMetric kernel(Map<String, Object> extra) {
        Map<String, Object> raw = new HashMap<>(extra);
        raw.putIfAbsent("model", model.toString());
        raw.putIfAbsent("layers", "relu1_2|relu2_2");
        raw.putIfAbsent("min_size", 2);
        if (!raw.containsKey("baseline")) {
            raw.putIfAbsent("weights", head.toString());
        }
        return MetricCatalog.get("lpips").create(raw);
    }

    /** LPIPS a / b of the input transform: 2v − 1, then (x − shift)/scale. */
    private static double[][] lpipsTransform() {
        double[] shift = {-0.030, -0.088, -0.188};
        double[] scale = {0.458, 0.448, 0.450};
        double[] a = new double[3];
        double[] b = new double[3];
        for (int c = 0; c < 3; c++) {
            a[c] = 2 / scale[c];
            b[c] = (-1 - shift[c]) / scale[c];
        }
        return new double[][] {a, b};
    }

    /** Oracle: unit-normalise each pixel's channel vector, weighted squared difference, spatial mean, sum of layers. */
    private static double oracle(Image rec, Image orig, double[][] ab, double[][] weights, double eps) {
        int h = rec.height();
        int w = rec.width();
        double[][][] fa = TinyFeatureNet.forward(TinyFeatureNet.modelInput(rec, ab[0], ab[1]), h, w);
        double[][][] fb = TinyFeatureNet.forward(TinyFeatureNet.modelInput(orig, ab[0], ab[1]), h, w);
        double total = 0;
        for (int l = 0; l < 2; l++) {
            int channels = fa[l].length;
            int positions = fa[l][0].length;
            double layer = 0;
            for (int p = 0; p < positions; p++) {
                double na = 0;
                double nb = 0;
                for (int c = 0; c < channels; c++) {
                    na += fa[l][c][p] * fa[l][c][p];
                    nb += fb[l][c][p] * fb[l][c][p];
                }
                for (int c = 0; c < channels; c++) {
                    double d = fa[l][c][p] / (Math.sqrt(na) + eps) - fb[l][c][p] / (Math.sqrt(nb) + eps);
                    layer += (weights == null ? 1 : weights[l][c]) * d * d;
                }
            }
            total += layer / positions;
        }
        return total;
    }

    private static void assertClose(double expected, MetricResult r, String what) {
        assertTrue(r.hasValue(), what + ": " + r);
        assertTrue(expected > 0, what + ": degenerate oracle value " + expected);
        assertEquals(expected, r.value(), REL_TOL * expected, what);
    }

    @Test
    void matchesTheHandComputedNetworkWithItsLinearHead() {
        PairMetric k = kernel(Map.of());
        for (int[] s : new int[][] {{7, 9}, {8, 8}, {13, 5}, {2, 17}, {11, 3}}) {
            Image rec = TinyFeatureNet.pattern(s[0], s[1], 3, true);
            Image orig = TinyFeatureNet.pattern(s[0], s[1], 3, false);
            assertClose(oracle(rec, orig, lpipsTransform(), new double[][] {HEAD0, HEAD1}, 1e-10), k.compute(rec, orig),
                    "lpips " + s[0] + "x" + s[1]);
        }
        Image rec = TinyFeatureNet.pattern(9, 6, 3, true);
        Image orig = TinyFeatureNet.pattern(9, 6, 3, false);
        assertClose(oracle(rec, orig, lpipsTransform(), null, 1e-10),
                kernel(Map.of("baseline", true)).compute(rec, orig), "baseline");
        double[][] plain = {{2, 2, 2}, {-1, -1, -1}};
        assertClose(oracle(rec, orig, plain, new double[][] {HEAD0, HEAD1}, 1e-10),
                kernel(Map.of("scaling_layer", false)).compute(rec, orig), "no scaling layer");
        assertClose(oracle(rec, orig, lpipsTransform(), new double[][] {HEAD0, HEAD1}, 0.5),
                kernel(Map.of("eps", 0.5)).compute(rec, orig), "eps 0.5");
    }

    @Test
    void theScalingLayerIsImageNetNormalisationOfTheUnitInterval() {
        Image rec = TinyFeatureNet.pattern(10, 10, 3, true);
        Image orig = TinyFeatureNet.pattern(10, 10, 3, false);
        assertClose(oracle(rec, orig, TinyFeatureNet.imagenet(), new double[][] {HEAD0, HEAD1}, 1e-10),
                kernel(Map.of()).compute(rec, orig), "imagenet");
    }

    @Test
    void channelUnitNormalisationByHand() {
        // identity backbone, no scaling layer: the features are 2v − 1 per pixel
        Map<String, Object> raw = new HashMap<>(Map.of("model", identity.toString(), "layers", "pixels",
                "scaling_layer", false, "min_size", 1));
        raw.put("baseline", true);
        PairMetric baseline = MetricCatalog.get("lpips").create(raw);
        Image rec = Image.ofPlanes(1, 1, new double[] {1}, new double[] {0.5}, new double[] {0.5});    // (1, 0, 0)
        Image orig = Image.ofPlanes(1, 1, new double[] {0.5}, new double[] {1}, new double[] {0.5});   // (0, 1, 0)
        assertEquals(2.0, baseline.compute(rec, orig).value(), 1e-9);
        // a shorter vector in the same direction normalises to the same unit vector
        Image shorter = Image.ofPlanes(1, 1, new double[] {0.75}, new double[] {0.5}, new double[] {0.5}); // (0.5, 0, 0)
        assertEquals(0.0, baseline.compute(rec, shorter).value(), 1e-9);
        // an all-zero vector stays zero (eps): against a unit vector the difference is that vector, 1
        Image gray = Image.ofPlanes(1, 1, new double[] {0.5}, new double[] {0.5}, new double[] {0.5});  // (0, 0, 0)
        assertEquals(1.0, baseline.compute(rec, gray).value(), 1e-9);
        // with a head w = (0.5, 0.25, 4): 0.5·1² + 0.25·1² = 0.75; two pixels averaged with a zero one
        Path w = writeHead("pixels_head.npz", Map.of("pixels", NpyTestFiles.npy(new double[] {0.5, 0.25, 4})));
        raw.put("baseline", false);
        raw.put("weights", w.toString());
        PairMetric weighted = MetricCatalog.get("lpips").create(raw);
        assertEquals(0.75, weighted.compute(rec, orig).value(), 1e-7);
        Image rec2 = Image.ofPlanes(2, 1, new double[] {1, 0.5}, new double[] {0.5, 0.5}, new double[] {0.5, 0.5});
        Image orig2 = Image.ofPlanes(2, 1, new double[] {0.5, 0.5}, new double[] {1, 0.5}, new double[] {0.5, 0.5});
        assertEquals(0.375, weighted.compute(rec2, orig2).value(), 1e-7);
    }

    private static Path writeHead(String name, Map<String, byte[]> entries) {
        try {
            return TinyFeatureNet.write(dir, name, NpyTestFiles.npz(entries, false));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void grayIsReplicatedAndTheScoreIsSymmetric() {
        PairMetric k = kernel(Map.of());
        Image grayRec = TinyFeatureNet.pattern(9, 12, 1, true);
        Image grayOrig = TinyFeatureNet.pattern(9, 12, 1, false);
        Image rgbRec = Image.ofPlanes(12, 9, grayRec.plane(0), grayRec.plane(0), grayRec.plane(0));
        Image rgbOrig = Image.ofPlanes(12, 9, grayOrig.plane(0), grayOrig.plane(0), grayOrig.plane(0));
        MetricResult gray = k.compute(grayRec, grayOrig);
        assertEquals(k.compute(rgbRec, rgbOrig).value(), gray.value(), 0.0);
        assertClose(oracle(grayRec, grayOrig, lpipsTransform(), new double[][] {HEAD0, HEAD1}, 1e-10), gray, "gray");
        assertEquals(gray.value(), k.compute(grayOrig, grayRec).value(), 1e-12 * gray.value());
        assertEquals(ErrorCode.NOT_APPLICABLE, kernel(Map.of("gray_to_rgb", false)).compute(grayRec, grayOrig).errorCode());
    }

    @Test
    void headArraysAreFoundByLayerNameOrLinIndexAndChecked() {
        Image rec = TinyFeatureNet.pattern(8, 9, 3, true);
        Image orig = TinyFeatureNet.pattern(8, 9, 3, false);
        double expected = oracle(rec, orig, lpipsTransform(), new double[][] {HEAD0, HEAD1}, 1e-10);
        Path torchKeys = writeHead("torch_keys.npz", Map.of(
                "lin0.model.1.weight", NpyTestFiles.npy(HEAD0, "<f4", "1, 2, 1, 1", false, 1),
                "lin1.model.1.weight", NpyTestFiles.npy(HEAD1, "<f8", "1, 3, 1, 1", false, 1)));
        Path shortKeys = writeHead("short_keys.npz", Map.of("lin0", NpyTestFiles.npy(HEAD0), "lin1", NpyTestFiles.npy(HEAD1)));
        assertClose(expected, kernel(Map.of("weights", torchKeys.toString())).compute(rec, orig), "lin<i>.model.1.weight");
        assertClose(expected, kernel(Map.of("weights", shortKeys.toString())).compute(rec, orig), "lin<i>");
        Lpips k = (Lpips) kernel(Map.of());
        assertArrayEquals(new double[] {(double) 0.7f + 0.2f, (double) 0.1f + 1.5f + 0.4f}, k.headSums(), 1e-12);

        Path missing = writeHead("missing.npz", Map.of("lin0", NpyTestFiles.npy(HEAD0)));
        ParameterException e = assertThrows(ParameterException.class, () -> kernel(Map.of("weights", missing.toString())));
        assertEquals("weights", e.parameter());
        assertTrue(e.getMessage().contains("relu2_2") && e.getMessage().contains("lin1.model.1.weight"), e.getMessage());
        Path wrongSize = writeHead("wrong.npz", Map.of("lin0", NpyTestFiles.npy(HEAD0), "lin1", NpyTestFiles.npy(HEAD0)));
        ParameterException size = assertThrows(ParameterException.class, () -> kernel(Map.of("weights", wrongSize.toString())));
        assertTrue(size.getMessage().contains("3 channels") && size.getMessage().contains("2 values"), size.getMessage());
    }

    @Test
    void missingFilesAreParameterErrorsNamingThePath() {
        MetricDefinition d = MetricCatalog.get("lpips");
        ParameterException m = assertThrows(ParameterException.class,
                () -> d.bind(Map.of("model", "/x.onnx", "weights", head.toString())));
        assertEquals("model: file not found: /x.onnx", m.getMessage());
        ParameterException w = assertThrows(ParameterException.class,
                () -> kernel(Map.of("weights", "/nowhere/vgg_lin.npz")));
        assertEquals("weights: file not found: /nowhere/vgg_lin.npz", w.getMessage());
        ParameterException none = assertThrows(ParameterException.class,
                () -> d.create(Map.of("model", model.toString(), "layers", "relu1_2|relu2_2")));
        assertEquals("weights", none.parameter());
        assertTrue(none.getMessage().contains("baseline=true"), none.getMessage());
        assertThrows(ParameterException.class, () -> d.bind(Map.of("eps", 0)));
        // the defaults name the five VGG16 taps
        assertEquals(List.of("relu1_2", "relu2_2", "relu3_3", "relu4_3", "relu5_3"),
                org.imgloss.metrics.perceptual.OnnxModel.splitLayers((String) d.parameter("layers").defaultValue()));
    }
}
