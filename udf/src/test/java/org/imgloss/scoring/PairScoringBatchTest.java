package org.imgloss.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.DecodeOptions;
import org.imgloss.image.Image;
import org.junit.jupiter.api.Test;
import org.imgloss.metrics.BatchPairMetric;
import org.imgloss.metrics.MetricDefinition;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.PairInputs;

/**
 * {@link PairScoring#scoreBatch} with a batch kernel that fails. Batched ONNX runs ({@code perceptual})
 * are tested in the imgloss-perceptual module (PerceptualBatchScoringTest).
 */
class PairScoringBatchTest {

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

    /** A batch kernel that throws is retried pair by pair; a pair whose kernel throws is METRIC_FAILED. */
    @Test
    void aThrowingBatchFallsBackToPerPairCompute() {
        AtomicInteger batchCalls = new AtomicInteger();
        BatchPairMetric flaky = new BatchPairMetric() {
            @Override
            public MetricResult compute(Image r, Image o) {
                if (r.width() == 3) {
                    throw new IllegalStateException("boom");
                }
                return MetricResult.of(r.width());
            }

            @Override
            public List<MetricResult> computeBatch(List<Image> r, List<Image> o, List<PairInputs> in) {
                batchCalls.incrementAndGet();
                throw new IllegalStateException("the whole batch failed");
            }
        };
        MetricDefinition def = new MetricDefinition("flaky_batch", "test", MetricDefinition.Better.LOWER, "none", "",
                List.of(), p -> flaky);
        PairScoring scoring = new PairScoring(List.of(new MetricSpec("flaky", def, def.bind(Map.of()))),
                DecodeOptions.DEFAULT);
        List<PairScore> scores = scoring.scoreBatch(List.of(png(4, 4, 1), png(3, 4, 2), png(5, 4, 3)),
                List.of(png(4, 4, 4), png(3, 4, 5), png(5, 4, 6)), null);
        assertEquals(1, batchCalls.get());
        assertEquals(4.0, scores.get(0).values().get("flaky"));
        assertNull(scores.get(1).values().get("flaky"));
        assertEquals(ErrorCode.METRIC_FAILED, scores.get(1).metricErrors().get("flaky"));
        assertTrue(scores.get(1).metricMessages().get("flaky").contains("boom"));
        assertEquals(5.0, scores.get(2).values().get("flaky"));
    }
}
