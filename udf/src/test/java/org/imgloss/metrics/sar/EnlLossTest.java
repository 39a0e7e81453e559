package org.imgloss.metrics.sar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.Image;
import org.junit.jupiter.api.Test;
import org.imgloss.metrics.EdgeFixtures;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.PairInputs;
import org.imgloss.metrics.PairMetric;
import org.imgloss.metrics.SpecImages;

class EnlLossTest {

    /** Per pixel, sums the k×k window directly (zeros outside), divides by k², as avg_pool2d does. */
    static double naive(double[] y, double[] x, double[] m, int h, int w, int k) {
        double s = 0;
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                double d = localEnl(y, m, h, w, k, i, j) - localEnl(x, m, h, w, k, i, j);
                s += d * d;
            }
        }
        return s / (h * w);
    }

    private static double localEnl(double[] v, double[] m, int h, int w, int k, int i, int j) {
        double s1 = 0;
        double s2 = 0;
        int r = k / 2;
        for (int a = i - r; a <= i + r; a++) {
            for (int b = j - r; b <= j + r; b++) {
                if (a >= 0 && a < h && b >= 0 && b < w) {
                    double t = v[a * w + b] * m[a * w + b];
                    s1 += t;
                    s2 += t * t;
                }
            }
        }
        double mean = s1 / (k * k);
        double var = s2 / (k * k) - mean * mean;
        return mean * mean / (var + 1e-8);
    }

    private static PairMetric kernel(String options) {
        return MetricSpec.parseList("enl_loss(" + options + ")").get(0).newKernel();
    }

    @Test
    void specVector61x83WithMaskOnes() {
        Image y = SpecImages.reconstruction(61, 83, 1, 255);
        Image x = SpecImages.original(61, 83, 1, 255);
        EdgeFixtures.assertClose(0.0476140657401766, kernel("mask=ones").compute(y, x).value(), 1e-10, "ENL loss 61x83");
    }

    @Test
    void matchesNaiveWithAMaskColumnOverAwkwardSizes() {
        Random rnd = new Random(31);
        int[][] sizes = {{1, 1}, {1, 9}, {9, 1}, {7, 9}, {15, 15}, {16, 31}, {23, 17}};
        PairMetric shared = kernel("mask=homog, window=5");
        for (int round = 0; round < 2; round++) {
            for (int[] s : sizes) {
                Image y = EdgeFixtures.random(rnd, s[0], s[1], 2, 0.5, 1);
                Image x = EdgeFixtures.random(rnd, s[0], s[1], 2, 0.5, 1);
                Image mask = EdgeFixtures.random(rnd, s[0], s[1], 1, 0, 1);
                PairInputs in = new PairInputs(Map.of(), Map.of("homog", mask));
                double expected = 0.5 * (naive(y.plane(0), x.plane(0), mask.plane(0), s[0], s[1], 5)
                        + naive(y.plane(1), x.plane(1), mask.plane(0), s[0], s[1], 5));
                String at = "size " + s[0] + "x" + s[1];
                double fresh = kernel("mask=homog, window=5").compute(y, x, in).value();
                EdgeFixtures.assertClose(expected, fresh, 1e-9, at);
                assertEquals(fresh, shared.compute(y, x, in).value(), at + " reused buffers");
            }
        }
    }

    @Test
    void defaultWindowIsFifteen() {
        Random rnd = new Random(37);
        Image y = EdgeFixtures.random(rnd, 20, 18, 1, 0.2, 1);
        Image x = EdgeFixtures.random(rnd, 20, 18, 1, 0.2, 1);
        double[] ones = new double[20 * 18];
        java.util.Arrays.fill(ones, 1);
        EdgeFixtures.assertClose(naive(y.plane(0), x.plane(0), ones, 20, 18, 15), kernel("mask=ones").compute(y, x).value(),
                1e-9, "window 15");
    }

    @Test
    void missingOrMisfitMaskIsNotApplicable() {
        Image y = SpecImages.reconstruction(10, 12, 1, 255);
        Image x = SpecImages.original(10, 12, 1, 255);
        MetricResult missing = kernel("mask=homog").compute(y, x, PairInputs.NONE);
        assertFalse(missing.hasValue());
        assertEquals(ErrorCode.NOT_APPLICABLE, missing.errorCode());
        assertTrue(missing.message().contains("homog"), missing.message());
        Image small = SpecImages.original(9, 12, 1, 255);
        MetricResult misfit = kernel("mask=homog").compute(y, x, new PairInputs(Map.of(), Map.of("homog", small)));
        assertEquals(ErrorCode.NOT_APPLICABLE, misfit.errorCode());
        assertTrue(misfit.message().contains("9x12"), misfit.message());
    }

    @Test
    void autoMaskRunsAndIsZeroForIdenticalImages() {
        Image x = SpecImages.original(30, 40, 1, 255);
        assertEquals(0.0, kernel("").compute(x, x).value());
    }
}
