package org.imgloss.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.imgloss.image.Image;
import org.junit.jupiter.api.Test;

class MseSsimTest {

    /** A stand-in SSIM kernel with a fixed value, to check the combination on its own. */
    static PairMetric fixedSsim(double value) {
        return (r, o) -> MetricResult.of(value);
    }

    @Test
    void weightsMseAndOneMinusSsim() {
        Image y = Image.ofPlanes(2, 1, new double[] {0.5, 0.25}, new double[] {0, 1});
        Image x = Image.ofPlanes(2, 1, new double[] {0.25, 0.25}, new double[] {0, 0.5});
        double mse = (0.0625 + 0 + 0 + 0.25) / 4;
        assertEquals(mse, MseSsim.mse(y, x), 1e-17);
        assertEquals(0.16 * mse + 0.84 * (1 - 0.9), new MseSsim(0.16, 0.84, fixedSsim(0.9)).compute(y, x).value(), 1e-16);
        assertEquals(mse + 0.3, new MseSsim(1, 1, fixedSsim(0.7)).compute(y, x).value(), 1e-16);
    }

    @Test
    void ssimWithoutValueLeavesNoValue() {
        Image x = EdgeFixtures.generator(4, 4, 1, false, 255);
        PairMetric tooSmall = (r, o) -> MetricResult.notApplicable(MetricResult.TOO_SMALL, "window 11 does not fit 4x4");
        MetricResult r = new MseSsim(0.5, 0.5, tooSmall).compute(x, x);
        assertFalse(r.hasValue());
        assertEquals(MetricResult.TOO_SMALL, r.errorCode());
        assertTrue(r.message().contains("window 11"), r.message());
        // With no SSIM weight the SSIM kernel is not needed at all.
        assertEquals(0.0, new MseSsim(0.5, 0, tooSmall).compute(x, x).value());
    }
}
