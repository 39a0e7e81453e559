package org.imgloss.metrics.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.imgloss.image.Image;
import org.junit.jupiter.api.Test;
import org.imgloss.metrics.EdgeFixtures;
import org.imgloss.metrics.SpecImages;

class GradientL1Test {

    private static final int[][] SIZES = {{1, 1}, {1, 7}, {7, 1}, {2, 2}, {3, 3}, {2, 5}, {13, 17}, {31, 2}, {64, 64}, {61, 83}};

    /** Filters each image separately with explicit bounds checks, then takes the two L1 means. */
    static double naive(double[] y, double[] x, int h, int w) {
        double[][] gx = {{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}};
        double[][] gy = {{-1, -2, -1}, {0, 0, 0}, {1, 2, 1}};
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                sx += Math.abs(correlate(y, h, w, i, j, gx) - correlate(x, h, w, i, j, gx));
                sy += Math.abs(correlate(y, h, w, i, j, gy) - correlate(x, h, w, i, j, gy));
            }
        }
        return sx / (h * w) + sy / (h * w);
    }

    static double correlate(double[] v, int h, int w, int i, int j, double[][] k) {
        double s = 0;
        int r = k.length / 2;
        for (int a = -r; a <= r; a++) {
            for (int b = -r; b <= r; b++) {
                int p = i + a;
                int q = j + b;
                if (p >= 0 && p < h && q >= 0 && q < w) {
                    s += k[a + r][b + r] * v[p * w + q];
                }
            }
        }
        return s;
    }

    @Test
    void specVector61x83() {
        Image y = SpecImages.reconstruction(61, 83, 1, 255);
        Image x = SpecImages.original(61, 83, 1, 255);
        EdgeFixtures.assertClose(0.185803193487547, new GradientL1().compute(y, x).value(), 1e-13, "Sobel loss 61x83");
    }

    @Test
    void matchesNaiveOverAwkwardSizes() {
        Random rnd = new Random(42);
        GradientL1 shared = new GradientL1();
        for (int[] s : SIZES) {
            Image y = EdgeFixtures.random(rnd, s[0], s[1], 2, 0, 1);
            Image x = EdgeFixtures.random(rnd, s[0], s[1], 2, 0, 1);
            double expected = 0.5 * (naive(y.plane(0), x.plane(0), s[0], s[1]) + naive(y.plane(1), x.plane(1), s[0], s[1]));
            EdgeFixtures.assertClose(expected, shared.compute(y, x).value(), 1e-13, "size " + s[0] + "x" + s[1]);
        }
    }

    @Test
    void reusedBuffersGiveIdenticalValues() {
        GradientL1 shared = new GradientL1();
        for (int round = 0; round < 2; round++) {
            for (int[] s : SIZES) {
                Random r2 = new Random(s[0] * 1000L + s[1]);
                Image y = EdgeFixtures.random(r2, s[0], s[1], 1, 0, 1);
                Image x = EdgeFixtures.random(r2, s[0], s[1], 1, 0, 1);
                // channel() bypasses the per-pair memo, so this really exercises the reused buffers.
                assertEquals(new GradientL1().channel(y.plane(0), x.plane(0), s[0], s[1]),
                        shared.channel(y.plane(0), x.plane(0), s[0], s[1]), "size " + s[0] + "x" + s[1]);
            }
        }
    }

    @Test
    void identicalImagesScoreZero() {
        Image x = SpecImages.original(13, 17, 3, 255);
        assertEquals(0.0, new GradientL1().compute(x, x).value());
    }

    @Test
    void constantOffsetShowsOnlyAtTheZeroPaddedBorder() {
        // y = x + 1 everywhere: inside, the gradients agree; at the border the zero padding sees the step.
        int h = 5;
        int w = 6;
        double[] x = new double[h * w];
        double[] y = new double[h * w];
        java.util.Arrays.fill(y, 1.0);
        double expected = naive(y, x, h, w);
        assertEquals(expected, new GradientL1().compute(Image.ofPlanes(w, h, y), Image.ofPlanes(w, h, x)).value(), 1e-15);
    }
}
