package org.imgloss.metrics.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.imgloss.image.Image;
import org.junit.jupiter.api.Test;
import org.imgloss.metrics.EdgeFixtures;
import org.imgloss.metrics.SpecImages;

class TotalVariationTest {

    /** Collects the two difference sets explicitly; an empty set contributes 0. */
    static double naive(double[] v, int h, int w) {
        List<Double> horizontal = new ArrayList<>();
        List<Double> vertical = new ArrayList<>();
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                if (j + 1 < w) {
                    horizontal.add(Math.abs(v[i * w + j + 1] - v[i * w + j]));
                }
                if (i + 1 < h) {
                    vertical.add(Math.abs(v[(i + 1) * w + j] - v[i * w + j]));
                }
            }
        }
        return mean(horizontal) + mean(vertical);
    }

    private static double mean(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        double s = 0;
        for (double d : values) {
            s += d;
        }
        return s / values.size();
    }

    @Test
    void specVector61x83() {
        Image y = SpecImages.reconstruction(61, 83, 1, 255);
        Image x = SpecImages.original(61, 83, 1, 255);
        EdgeFixtures.assertClose(0.147583469486447, new TotalVariation(TotalVariation.Mode.RECONSTRUCTION).compute(y, x).value(),
                1e-13, "TV(y) 61x83");
    }

    @Test
    void matchesNaiveOverAwkwardSizes() {
        Random rnd = new Random(11);
        int[][] sizes = {{1, 1}, {1, 2}, {2, 1}, {1, 9}, {9, 1}, {2, 2}, {13, 17}, {64, 3}};
        for (int[] s : sizes) {
            Image y = EdgeFixtures.random(rnd, s[0], s[1], 2, 0, 1);
            Image x = EdgeFixtures.random(rnd, s[0], s[1], 2, 0, 1);
            double ty = 0.5 * (naive(y.plane(0), s[0], s[1]) + naive(y.plane(1), s[0], s[1]));
            double tx = 0.5 * (naive(x.plane(0), s[0], s[1]) + naive(x.plane(1), s[0], s[1]));
            String at = "size " + s[0] + "x" + s[1];
            EdgeFixtures.assertClose(ty, new TotalVariation(TotalVariation.Mode.RECONSTRUCTION).compute(y, x).value(), 1e-13, at);
            assertEquals(ty - tx, new TotalVariation(TotalVariation.Mode.DIFFERENCE).compute(y, x).value(), 1e-14, at);
        }
    }

    @Test
    void emptyDifferenceSets() {
        // 1x1: no differences at all.
        assertEquals(0.0, TotalVariation.channel(new double[] {5}, 1, 1));
        // 1x3 row: only the horizontal mean, (|2-1| + |4-2|) / 2.
        assertEquals(1.5, TotalVariation.channel(new double[] {1, 2, 4}, 1, 3));
        // 3x1 column: only the vertical mean.
        assertEquals(1.5, TotalVariation.channel(new double[] {1, 2, 4}, 3, 1));
    }

    @Test
    void differenceIsNegativeForASmootherReconstruction() {
        Random rnd = new Random(5);
        Image noisy = EdgeFixtures.random(rnd, 20, 20, 1, 0, 1);
        double[] smooth = new double[400];
        java.util.Arrays.fill(smooth, 0.5);
        Image flat = Image.ofPlanes(20, 20, smooth);
        assertTrue(new TotalVariation(TotalVariation.Mode.DIFFERENCE).compute(flat, noisy).value() < 0);
        assertTrue(new TotalVariation(TotalVariation.Mode.DIFFERENCE).compute(noisy, flat).value() > 0);
    }
}
