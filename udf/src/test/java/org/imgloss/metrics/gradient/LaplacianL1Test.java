package org.imgloss.metrics.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.imgloss.image.Image;
import org.junit.jupiter.api.Test;
import org.imgloss.metrics.EdgeFixtures;
import org.imgloss.metrics.SpecImages;

class LaplacianL1Test {

    private static final int[][] SIZES = {{1, 1}, {1, 7}, {7, 1}, {2, 2}, {3, 3}, {13, 17}, {31, 2}, {64, 64}};
    private static final double[][] LAP = {{0, 1, 0}, {1, -4, 1}, {0, 1, 0}};

    static double naive(double[] y, double[] x, int h, int w) {
        double s = 0;
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                s += Math.abs(GradientL1Test.correlate(y, h, w, i, j, LAP) - GradientL1Test.correlate(x, h, w, i, j, LAP));
            }
        }
        return s / (h * w);
    }

    @Test
    void specVector61x83() {
        Image y = SpecImages.reconstruction(61, 83, 1, 255);
        Image x = SpecImages.original(61, 83, 1, 255);
        EdgeFixtures.assertClose(0.118828254193244, new LaplacianL1().compute(y, x).value(), 1e-13, "Laplacian loss 61x83");
    }

    @Test
    void matchesNaiveOverAwkwardSizesWithReusedBuffers() {
        Random rnd = new Random(3);
        LaplacianL1 shared = new LaplacianL1();
        for (int round = 0; round < 2; round++) {
            for (int[] s : SIZES) {
                Image y = EdgeFixtures.random(rnd, s[0], s[1], 3, -1, 2);
                Image x = EdgeFixtures.random(rnd, s[0], s[1], 3, -1, 2);
                double expected = 0;
                for (int c = 0; c < 3; c++) {
                    expected += naive(y.plane(c), x.plane(c), s[0], s[1]) / 3;
                }
                double fresh = new LaplacianL1().compute(y, x).value();
                EdgeFixtures.assertClose(expected, fresh, 1e-13, "size " + s[0] + "x" + s[1]);
                assertEquals(fresh, shared.compute(y, x).value(), "reused buffers, size " + s[0] + "x" + s[1]);
            }
        }
    }
}
