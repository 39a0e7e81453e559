package org.imgloss.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.imgloss.image.Image;
import org.junit.jupiter.api.Test;

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
        // The same samples in other image objects: a pair of its own, so every value is computed afresh.
        Image y2 = SpecImages.reconstruction(12, 14, 1, 255);
        Image x2 = SpecImages.original(12, 14, 1, 255);
        double alone = ssim.compute(y2, x2).value();
        double mse = MseSsim.mse(y2, x2);

        assertEquals(alone, ssim.compute(y, x).value());
        assertEquals(1, PairMemo.computations(y, x), "after ssim");
        assertEquals(1 - alone, ssimLoss.compute(y, x).value());
        assertEquals(0.5 * mse + 0.5 * (1 - alone), half.compute(y, x).value());
        assertEquals(0.16 * mse + 0.84 * (1 - alone), seed.compute(y, x).value());
        assertEquals(1, PairMemo.computations(y, x), "one SSIM for ssim, ssim_loss and two mse_ssim weightings");
        sar.compute(y, x);
        assertEquals(2, PairMemo.computations(y, x), "sar_reconstruction adds only its gradient term");

        // Other SSIM settings are not shared.
        kernel("ssim", Map.of("variant", "zero_pad", "k2", 0.05)).compute(y, x);
        kernel("mse_ssim", Map.of("data_range", 2.0)).compute(y, x);
        assertEquals(4, PairMemo.computations(y, x));
        // A new pair starts afresh.
        ssim.compute(y2, x);
        assertEquals(1, PairMemo.computations(y2, x));
        assertEquals(0, PairMemo.computations(y, x), "the memo holds one pair");
    }

    @Test
    void gradientIsSharedWithTheSarLoss() {
        Image y = SpecImages.reconstruction(9, 10, 1, 255);
        Image x = SpecImages.original(9, 10, 1, 255);
        AtomicInteger evaluations = new AtomicInteger();
        MetricResult first = PairMemo.get(y, x, "gradient_l1", () -> {
            evaluations.incrementAndGet();
            return new GradientL1().compute(Image.ofPlanes(10, 9, y.plane(0)), Image.ofPlanes(10, 9, x.plane(0)));
        });
        // GradientL1 and SarReconstruction on the same pair now read the stored value.
        assertEquals(first.value(), new GradientL1().compute(y, x).value());
        double sar = new SarReconstruction(0, 0, 1, (r, o) -> MetricResult.of(1)).compute(y, x).value();
        assertEquals(first.value(), sar);
        assertEquals(1, evaluations.get());
    }
}
