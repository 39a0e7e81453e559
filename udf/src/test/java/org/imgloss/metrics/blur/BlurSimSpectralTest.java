package org.imgloss.metrics.blur;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import org.imgloss.image.Image;
import org.junit.jupiter.api.Test;
import org.visnow.jlargearrays.ConcurrencyUtils;
import org.imgloss.metrics.EdgeFixtures;
import org.imgloss.metrics.kernel.DftSize;

class BlurSimSpectralTest {

    /** Magnitudes of the O((mn)²) DFT of {@code v} zero-padded to m × n. */
    static double[] naiveMagnitudes(double[] v, int h, int w, int m, int n) {
        double[] mag = new double[m * n];
        for (int u = 0; u < m; u++) {
            for (int k = 0; k < n; k++) {
                double re = 0;
                double im = 0;
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        double angle = -2 * Math.PI * ((double) u * i / m + (double) k * j / n);
                        re += v[i * w + j] * Math.cos(angle);
                        im += v[i * w + j] * Math.sin(angle);
                    }
                }
                mag[u * n + k] = Math.hypot(re, im);
            }
        }
        return mag;
    }

    static double naiveGeneral(double[] y, double[] x, int h, int w) {
        int m = DftSize.optimal(h);
        int n = DftSize.optimal(w);
        double[] a = naiveMagnitudes(y, h, w, m, n);
        double[] b = naiveMagnitudes(x, h, w, m, n);
        double ss = 0;
        for (int i = 0; i < a.length; i++) {
            ss += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(ss) / ((double) m * n);
    }

    @Test
    void largeTransformsRunOnTheCallingThread() throws Exception {
        BlurSimSpectral metric = new BlurSimSpectral(0.9, BlurSim.Term.GENERAL);
        assertEquals(1, ConcurrencyUtils.getNumberOfThreads(), "JLargeArrays thread count once BlurSimSpectral is loaded");
        ExecutorService previous = ConcurrencyUtils.getThreadPool();
        ThreadPoolExecutor watched = (ThreadPoolExecutor) Executors.newFixedThreadPool(2);
        ConcurrencyUtils.setThreadPool(watched);
        try {
            Random rnd = new Random(31);
            // 300 x 300 pads to 300 x 300 = 90,000 samples: above JTransforms' 65,536-sample threading threshold
            Image y = EdgeFixtures.random(rnd, 300, 300, 1, 0, 1);
            Image x = EdgeFixtures.random(rnd, 300, 300, 1, 0, 1);
            assertTrue(metric.compute(y, x).value() > 0);
            assertEquals(0, watched.getTaskCount(), "tasks submitted to JTransforms' pool");
        } finally {
            ConcurrencyUtils.setThreadPool(previous);
            watched.shutdownNow();
        }
    }

    @Test
    void matchesANaiveDftOverAwkwardSizes() {
        Random rnd = new Random(23);
        int[][] sizes = {{1, 1}, {1, 7}, {7, 1}, {7, 11}, {13, 5}, {9, 9}, {16, 3}};
        BlurSimSpectral shared = new BlurSimSpectral(0.25, BlurSim.Term.COMBINED);
        for (int round = 0; round < 2; round++) {
            for (int[] s : sizes) {
                Image y = EdgeFixtures.random(rnd, s[0], s[1], 1, 0, 1);
                Image x = EdgeFixtures.random(rnd, s[0], s[1], 1, 0, 1);
                String at = "size " + s[0] + "x" + s[1];
                double g = naiveGeneral(y.plane(0), x.plane(0), s[0], s[1]);
                double spec = BlurSimTest.naiveSpecific(y.plane(0), x.plane(0), s[0], s[1]);
                EdgeFixtures.assertClose(g, new BlurSimSpectral(0.25, BlurSim.Term.GENERAL).compute(y, x).value(), 1e-10, 1e-13, at);
                EdgeFixtures.assertClose(spec, new BlurSimSpectral(0.25, BlurSim.Term.SPECIFIC).compute(y, x).value(), 1e-12, 1e-13, at);
                double fresh = new BlurSimSpectral(0.25, BlurSim.Term.COMBINED).compute(y, x).value();
                EdgeFixtures.assertClose(0.75 * g + 0.25 * spec, fresh, 1e-10, 1e-13, at);
                assertEquals(fresh, shared.compute(y, x).value(), at + " reused plan and buffers");
            }
        }
    }

    @Test
    void neverExceedsTheComplexTermAndIgnoresCircularShifts() {
        Random rnd = new Random(29);
        int h = 8;
        int w = 12; // already FFT-friendly: no padding, so a circular shift keeps every magnitude
        Image x = EdgeFixtures.random(rnd, h, w, 1, 0, 1);
        double[] shifted = new double[h * w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                shifted[((i + 3) % h) * w + (j + 5) % w] = x.plane(0)[i * w + j];
            }
        }
        Image y = Image.ofPlanes(w, h, shifted);
        double spectral = new BlurSimSpectral(0.9, BlurSim.Term.GENERAL).compute(y, x).value();
        double complex = new BlurSim(0.9, BlurSim.Term.GENERAL).compute(y, x).value();
        assertTrue(spectral < 1e-12, "circular shift: " + spectral);
        assertTrue(complex > 0.1, "the complex term sees the shift: " + complex);
        Image z = EdgeFixtures.random(rnd, 13, 17, 3, 0, 1);
        Image u = EdgeFixtures.random(rnd, 13, 17, 3, 0, 1);
        assertTrue(new BlurSimSpectral(0.9, BlurSim.Term.GENERAL).compute(z, u).value()
                <= new BlurSim(0.9, BlurSim.Term.GENERAL).compute(z, u).value());
    }
}
