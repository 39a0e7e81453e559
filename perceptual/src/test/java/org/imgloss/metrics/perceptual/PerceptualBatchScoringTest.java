package org.imgloss.metrics.perceptual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.DecodeOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.imgloss.scoring.PairScore;
import org.imgloss.scoring.PairScoring;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.PairInputs;

/** {@link PairScoring#scoreBatch} with {@code perceptual}: batched ONNX runs, the same scores as pair by pair. */
class PerceptualBatchScoringTest {

    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void writeModel() throws Exception {
        model = TinyFeatureNet.write(dir, "tiny.onnx", TinyFeatureNet.onnx(null));
    }

    private static List<MetricSpec> specs(int batchSize) {
        return List.of(
                MetricSpec.of("mse"),
                MetricSpec.of("perceptual", Map.of("model", model.toString(), "layers", "relu1_2|relu2_2",
                        "min_size", 2, "batch_size", batchSize)),
                MetricSpec.of("mae"));
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

    private static void assertSameScore(PairScore expected, PairScore actual, String what) {
        assertEquals(expected.errorCode(), actual.errorCode(), what);
        assertEquals(expected.errorMessage(), actual.errorMessage(), what);
        assertEquals(expected.width(), actual.width(), what);
        assertEquals(expected.height(), actual.height(), what);
        assertEquals(expected.channels(), actual.channels(), what);
        assertEquals(expected.metricErrors(), actual.metricErrors(), what);
        assertEquals(expected.metricMessages(), actual.metricMessages(), what);
        assertEquals(expected.values().keySet(), actual.values().keySet(), what);
        for (Map.Entry<String, Double> e : expected.values().entrySet()) {
            Double a = actual.values().get(e.getKey());
            if (e.getValue() == null) {
                assertNull(a, what + " " + e.getKey());
            } else {
                assertNotNull(a, what + " " + e.getKey());
                assertEquals(e.getValue(), a, 1e-6 * Math.abs(e.getValue()) + 1e-12, what + " " + e.getKey());
            }
        }
    }

    @Test
    void perceptualRunsInBatchesOfBatchSizeWithPerPairValues() {
        int n = 10;
        int batch = 4;
        List<byte[]> recs = new ArrayList<>();
        List<byte[]> origs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            recs.add(png(9, 7, 2L * i + 1));
            origs.add(png(9, 7, 2L * i + 2));
        }
        PairScoring batched = new PairScoring(specs(batch), DecodeOptions.DEFAULT);
        long before = OnnxModel.runs();
        List<PairScore> scores = batched.scoreBatch(recs, origs, null);
        long runs = OnnxModel.runs() - before;
        assertEquals((n + batch - 1) / batch, runs, "session.run calls for " + n + " pairs in batches of " + batch);

        PairScoring single = new PairScoring(specs(batch), DecodeOptions.DEFAULT);
        before = OnnxModel.runs();
        for (int i = 0; i < n; i++) {
            PairScore one = single.score(recs.get(i), origs.get(i));
            assertNotNull(one.values().get("perceptual"), "pair " + i);
            assertSameScore(one, scores.get(i), "pair " + i);
        }
        assertEquals(n, OnnxModel.runs() - before, "pair by pair: one run per pair");
        assertNotNull(batched.lastOriginal());
    }

    @Test
    void badPairsInAChunkKeepTheirOwnErrorsAndSpareTheOthers() {
        List<byte[]> recs = new ArrayList<>();
        List<byte[]> origs = new ArrayList<>();
        List<PairInputs> inputs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            recs.add(png(8, 8, 10L + i));
            origs.add(png(8, 8, 100L + i));
            inputs.add(PairInputs.NONE);
        }
        recs.set(1, new byte[] {1, 2, 3});         // undecodable reconstruction
        origs.set(3, png(8, 6, 5));               // size mismatch
        recs.set(4, png(1, 1, 6));                // too small for perceptual: metric error only
        origs.set(4, png(1, 1, 7));
        recs.set(6, null);                        // empty input
        inputs.set(7, null);                      // no inputs
        PairScoring batched = new PairScoring(specs(3), DecodeOptions.DEFAULT);
        PairScoring single = new PairScoring(specs(3), DecodeOptions.DEFAULT);
        List<PairScore> scores = batched.scoreBatch(recs, origs, inputs);
        assertEquals(recs.size(), scores.size());
        for (int i = 0; i < recs.size(); i++) {
            assertSameScore(single.score(recs.get(i), origs.get(i), PairInputs.NONE), scores.get(i), "pair " + i);
        }
        assertNotNull(scores.get(1).errorCode());
        assertEquals(ErrorCode.SIZE_MISMATCH, scores.get(3).errorCode());
        assertEquals(ErrorCode.TOO_SMALL, scores.get(4).metricErrors().get("perceptual"));
        assertNotNull(scores.get(4).values().get("mse"));
        assertNotNull(scores.get(6).errorCode());
        for (int i : new int[] {0, 2, 5, 7}) {
            assertNull(scores.get(i).errorCode(), "pair " + i);
            assertNotNull(scores.get(i).values().get("perceptual"), "pair " + i);
        }
        assertNotNull(batched.lastOriginal(), "the last pair was scored");
    }
}
