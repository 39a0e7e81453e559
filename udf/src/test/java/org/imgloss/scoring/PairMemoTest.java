package org.imgloss.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.imgloss.image.Image;
import org.junit.jupiter.api.Test;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.PairInputs;
import org.imgloss.metrics.PairMetric;
import org.imgloss.metrics.SpecImages;
import org.imgloss.metrics.gradient.GradientL1;
import org.imgloss.metrics.sar.SarReconstruction;
import org.imgloss.metrics.ssim.MseSsim;

class PairMemoTest {

    private static PairMetric kernel(String name, Map<String, ?> parameters) {
        return MetricCatalog.get(name).create(parameters);
    }

    @Test
    void ssimAndTheCombinedLossesComputeTheZeroPadSsimOncePerPair() {
        PairMetric ssim = kernel("ssim", Map.of("variant", "zero_pad"));
        PairMetric ssimLoss = kernel("ssim_loss", Map.of("variant", "zero_pad"));
        PairMetric half = kernel("mse_ssim", Map.of());
        PairMetric seed = kernel("mse_ssim", Map.of("mse_weight", 0.16, "ssim_weight", 0.84));
        PairMetric sar = kernel("sar_reconstruction", Map.of());
        Image y = SpecImages.reconstruction(12, 14, 1, 255);
        Image x = SpecImages.original(12, 14, 1, 255);
        double alone = ssim.compute(y, x).value();
        double mse = MseSsim.mse(y, x);
        PairMemo memo = new PairMemo();
        PairInputs pair = PairInputs.NONE.withCache(memo);

        assertEquals(alone, ssim.compute(y, x, pair).value());
        assertEquals(1, memo.computations(), "after ssim");
        assertEquals(1 - alone, ssimLoss.compute(y, x, pair).value());
        assertEquals(0.5 * mse + 0.5 * (1 - alone), half.compute(y, x, pair).value());
        assertEquals(0.16 * mse + 0.84 * (1 - alone), seed.compute(y, x, pair).value());
        assertEquals(1, memo.computations(), "one SSIM for ssim, ssim_loss and two mse_ssim weightings");
        sar.compute(y, x, pair);
        assertEquals(2, memo.computations(), "sar_reconstruction adds only its gradient term");

        // Other SSIM settings are not shared.
        kernel("ssim", Map.of("variant", "zero_pad", "k2", 0.05)).compute(y, x, pair);
        kernel("mse_ssim", Map.of("data_range", 2.0)).compute(y, x, pair);
        assertEquals(4, memo.computations());
        // Without the pair's cache nothing is shared or stored.
        ssim.compute(y, x);
        assertEquals(4, memo.computations());
    }

    @Test
    void pairScoringMakesOneCachePerPair() {
        PairScoring scoring = new PairScoring(List.of(MetricSpec.of("ssim", Map.of("variant", "zero_pad")),
                MetricSpec.of("mse_ssim", Map.of())), org.imgloss.image.DecodeOptions.DEFAULT);
        Image y = SpecImages.reconstruction(12, 14, 1, 255);
        Image x = SpecImages.original(12, 14, 1, 255);
        PairScore first = scoring.score(y, x);
        PairScore again = scoring.score(y, x);
        assertEquals(first.values(), again.values(), "a second pair is scored afresh, with the same values");
        double alone = kernel("ssim", Map.of("variant", "zero_pad")).compute(y, x).value();
        assertEquals(alone, first.values().get("ssim"));
    }

    @Test
    void gradientIsSharedWithTheSarLoss() {
        Image y = SpecImages.reconstruction(9, 10, 1, 255);
        Image x = SpecImages.original(9, 10, 1, 255);
        AtomicInteger evaluations = new AtomicInteger();
        PairMemo memo = new PairMemo();
        PairInputs pair = PairInputs.NONE.withCache(memo);
        MetricResult first = memo.get("gradient_l1", () -> {
            evaluations.incrementAndGet();
            return new GradientL1().compute(Image.ofPlanes(10, 9, y.plane(0)), Image.ofPlanes(10, 9, x.plane(0)));
        });
        // GradientL1 and SarReconstruction on the same pair now read the stored value.
        assertEquals(first.value(), new GradientL1().compute(y, x, pair).value());
        double sar = new SarReconstruction(0, 0, 1, (r, o) -> MetricResult.of(1)).compute(y, x, pair).value();
        assertEquals(first.value(), sar);
        assertEquals(1, evaluations.get());
    }
}
