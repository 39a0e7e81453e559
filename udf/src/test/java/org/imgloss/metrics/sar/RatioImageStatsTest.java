package org.imgloss.metrics.sar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.Image;
import org.junit.jupiter.api.Test;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.PairMetric;

class RatioImageStatsTest {

    @Test
    void meanAndVarianceExcludeZeroDenominators() {
        Image y = Image.ofPlanes(4, 1, new double[] {2, 3, 5, 7});
        Image x = Image.ofPlanes(4, 1, new double[] {1, 0, 5, 2});
        // ratios 2, (excluded), 1, 3.5 → mean 6.5/3; population variance around it.
        double mean = 6.5 / 3;
        double var = ((2 - mean) * (2 - mean) + (1 - mean) * (1 - mean) + (3.5 - mean) * (3.5 - mean)) / 3;
        assertEquals(mean, MetricSpec.of("ratio_mean").newKernel().compute(y, x).value(), 1e-15);
        assertEquals(var, MetricSpec.of("ratio_variance").newKernel().compute(y, x).value(), 1e-15);
        // original / reconstruction: 0.5, 0, 1, 2/7 (no zero denominators).
        double m2 = (0.5 + 0 + 1 + 2.0 / 7) / 4;
        assertEquals(m2, MetricSpec.parseList("ratio_mean(ratio=original_over_reconstruction)").get(0).newKernel()
                .compute(y, x).value(), 1e-15);
    }

    @Test
    void allZeroDenominatorHasNoValue() {
        Image y = Image.ofPlanes(2, 2, new double[] {1, 2, 3, 4});
        Image x = Image.ofPlanes(2, 2, new double[4]);
        MetricResult r = MetricSpec.of("ratio_variance").newKernel().compute(y, x);
        assertEquals(ErrorCode.NOT_APPLICABLE, r.errorCode());
        assertTrue(r.message().contains("original"), r.message());
    }

    @Test
    void speckleRatioHasMeanOneAndVarianceOneOverL() {
        Random rnd = new Random(59);
        int n = 100_000;
        double[] noisy = new double[n];
        double[] clean = new double[n];
        for (int i = 0; i < n; i++) {
            clean[i] = 0.5;
            double s = 0;
            for (int k = 0; k < 2; k++) {
                s -= Math.log(1 - rnd.nextDouble());
            }
            noisy[i] = clean[i] * s / 2;
        }
        Image y = Image.ofPlanes(n, 1, clean);
        Image x = Image.ofPlanes(n, 1, noisy);
        PairMetric mean = MetricSpec.parseList("ratio_mean(ratio=original_over_reconstruction)").get(0).newKernel();
        PairMetric var = MetricSpec.parseList("ratio_variance(ratio=original_over_reconstruction)").get(0).newKernel();
        assertEquals(1.0, mean.compute(y, x).value(), 0.01);
        assertEquals(0.5, var.compute(y, x).value(), 0.02);
    }

    @Test
    void colourIsTheMeanOfChannels() {
        Image y = Image.ofPlanes(2, 1, new double[] {1, 2}, new double[] {4, 4});
        Image x = Image.ofPlanes(2, 1, new double[] {1, 1}, new double[] {2, 1});
        assertEquals((1.5 + 3.0) / 2, MetricSpec.of("ratio_mean").newKernel().compute(y, x).value(), 1e-15);
    }
}
