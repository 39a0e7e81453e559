package org.imgloss.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.imgloss.image.Image;
import org.junit.jupiter.api.Test;

class PairMemoTest {

    private static PairMetric countingSsim(AtomicInteger calls) {
        return (r, o) -> {
            calls.incrementAndGet();
            return MetricResult.of(0.75);
        };
    }

    @Test
    void combinedLossesShareOneSsimPerPair() {
        AtomicInteger calls = new AtomicInteger();
        PairMetric ssim = countingSsim(calls);
        MseSsim half = new MseSsim(0.5, 0.5, ssim, "ssim(test)");
        MseSsim seed = new MseSsim(0.16, 0.84, ssim, "ssim(test)");
        SarReconstruction sar = new SarReconstruction(0.5, 0.5, 0.1, ssim, "ssim(test)");
        Image y = EdgeFixtures.generator(12, 14, 1, true, 255);
        Image x = EdgeFixtures.generator(12, 14, 1, false, 255);
        double mse = MseSsim.mse(y, x);
        assertEquals(0.5 * mse + 0.5 * 0.25, half.compute(y, x).value(), 1e-16);
        assertEquals(0.16 * mse + 0.84 * 0.25, seed.compute(y, x).value(), 1e-16);
        sar.compute(y, x);
        assertEquals(1, calls.get(), "one SSIM for three combined losses on one pair");
        // A new pair (new image objects, even with the same samples) is computed afresh.
        Image y2 = EdgeFixtures.generator(12, 14, 1, true, 255);
        half.compute(y2, x);
        assertEquals(2, calls.get());
        // Another SSIM configuration is not shared.
        new MseSsim(0.5, 0.5, ssim, "ssim(other)").compute(y2, x);
        assertEquals(3, calls.get());
    }

    @Test
    void gradientIsSharedWithTheSarLoss() {
        Image y = EdgeFixtures.generator(9, 10, 1, true, 255);
        Image x = EdgeFixtures.generator(9, 10, 1, false, 255);
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
