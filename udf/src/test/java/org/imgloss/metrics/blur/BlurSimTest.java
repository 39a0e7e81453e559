package org.imgloss.metrics.blur;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.imgloss.image.Image;
import org.jtransforms.fft.DoubleFFT_2D;
import org.junit.jupiter.api.Test;
import org.imgloss.metrics.EdgeFixtures;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.SpecImages;
import org.imgloss.metrics.kernel.DftSize;

class BlurSimTest {

    private static final int[][] SIZES = {{1, 1}, {1, 5}, {5, 1}, {2, 3}, {3, 2}, {4, 4}, {5, 5}, {6, 7}, {17, 23}, {64, 3}, {61, 83}};

    /** Whole-symmetric extension written as a periodic fold (period 2n − 2), unlike the kernel's loop. */
    static int mirror(int p, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * n - 2;
        int q = Math.floorMod(p, period);
        return q < n ? q : period - q;
    }

    /** 5×5 Sobel magnitude from the full 2-D kernels (outer products), reflect-101 borders. */
    static double[] naiveSobel5(double[] v, int h, int w) {
        double[] d = {-1, -2, 0, 2, 1};
        double[] s = {1, 4, 6, 4, 1};
        double[] out = new double[h * w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                double gx = 0;
                double gy = 0;
                for (int a = -2; a <= 2; a++) {
                    for (int b = -2; b <= 2; b++) {
                        double sample = v[mirror(i + a, h) * w + mirror(j + b, w)];
                        gx += s[a + 2] * d[b + 2] * sample;
                        gy += d[a + 2] * s[b + 2] * sample;
                    }
                }
                out[i * w + j] = Math.sqrt(gx * gx + gy * gy);
            }
        }
        return out;
    }

    static double naiveSpecific(double[] y, double[] x, int h, int w) {
        double[] a = naiveSobel5(y, h, w);
        double[] b = naiveSobel5(x, h, w);
        double ss = 0;
        for (int i = 0; i < a.length; i++) {
            ss += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(ss) / (h * w);
    }

    /** The DFT term as the reference computes it: complex spectra of the padded images, Frobenius norm. */
    static double fftGeneral(double[] y, double[] x, int h, int w) {
        int m = DftSize.optimal(h);
        int n = DftSize.optimal(w);
        double[] a = new double[2 * m * n];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                a[2 * (i * n + j)] = y[i * w + j];
            }
        }
        double[] b = new double[2 * m * n];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                b[2 * (i * n + j)] = x[i * w + j];
            }
        }
        if (m > 1 && n > 1) {
            DoubleFFT_2D fft = new DoubleFFT_2D(m, n);
            fft.complexForward(a);
            fft.complexForward(b);
        } else {
            a = naiveDft(a, m, n);
            b = naiveDft(b, m, n);
        }
        double ss = 0;
        for (int k = 0; k < a.length; k++) {
            ss += (a[k] - b[k]) * (a[k] - b[k]);
        }
        return Math.sqrt(ss) / ((double) m * n);
    }

    /** O((mn)²) complex DFT of interleaved data (for shapes JTransforms' 2-D plans do not take). */
    static double[] naiveDft(double[] a, int m, int n) {
        double[] out = new double[a.length];
        for (int u = 0; u < m; u++) {
            for (int k = 0; k < n; k++) {
                double re = 0;
                double im = 0;
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double angle = -2 * Math.PI * ((double) u * i / m + (double) k * j / n);
                        double xr = a[2 * (i * n + j)];
                        double xi = a[2 * (i * n + j) + 1];
                        re += xr * Math.cos(angle) - xi * Math.sin(angle);
                        im += xr * Math.sin(angle) + xi * Math.cos(angle);
                    }
                }
                out[2 * (u * n + k)] = re;
                out[2 * (u * n + k) + 1] = im;
            }
        }
        return out;
    }

    @Test
    void optimalDftSizes() {
        int[][] cases = {{1, 1}, {7, 8}, {11, 12}, {61, 64}, {83, 90}, {97, 100}, {131, 135}, {513, 540}, {3024, 3072}, {4032, 4050}};
        for (int[] c : cases) {
            assertEquals(c[1], DftSize.optimal(c[0]), "optimal DFT size of " + c[0]);
        }
    }

    @Test
    void reflect101MatchesThePeriodicFold() {
        for (int n = 1; n <= 6; n++) {
            for (int p = -9; p < n + 9; p++) {
                assertEquals(mirror(p, n), Sobel5.reflect101(p, n), "index " + p + " of " + n);
            }
        }
    }

    @Test
    void specVector61x83() {
        // metrics-spec §5.2: the integer pair as uint8 values (0..255), alpha = 0.8, m x n = 64 x 90.
        Image y = SpecImages.reconstruction(61, 83, 1, 1);
        Image x = SpecImages.original(61, 83, 1, 1);
        EdgeFixtures.assertClose(4.042705496179, new BlurSim(0.8, BlurSim.Term.COMBINED).compute(y, x).value(), 1e-12, "total");
        EdgeFixtures.assertClose(8.128706419570, new BlurSim(0.8, BlurSim.Term.GENERAL).compute(y, x).value(), 1e-12, "general");
        EdgeFixtures.assertClose(3.021205265332, new BlurSim(0.8, BlurSim.Term.SPECIFIC).compute(y, x).value(), 1e-12, "specific");
        // The published code (float32 DFT) printed 4.042705574837 and a general term of 8.128706932068.
        EdgeFixtures.assertClose(4.042705574837, new BlurSim(0.8, BlurSim.Term.COMBINED).compute(y, x).value(), 1e-6, "reference");
        EdgeFixtures.assertClose(8.128706932068, new BlurSim(0.8, BlurSim.Term.GENERAL).compute(y, x).value(), 1e-6, "reference general");
    }

    @Test
    void sobelTermMatchesNaiveAndGeneralTermMatchesAnFft() {
        Random rnd = new Random(17);
        BlurSim shared = new BlurSim(0.3, BlurSim.Term.COMBINED);
        for (int round = 0; round < 2; round++) {
            for (int[] s : SIZES) {
                Image y = EdgeFixtures.random(rnd, s[0], s[1], 2, 0, 255);
                Image x = EdgeFixtures.random(rnd, s[0], s[1], 2, 0, 255);
                String at = "size " + s[0] + "x" + s[1];
                double spec = 0;
                double gen = 0;
                for (int c = 0; c < 2; c++) {
                    spec += naiveSpecific(y.plane(c), x.plane(c), s[0], s[1]) / 2;
                    gen += fftGeneral(y.plane(c), x.plane(c), s[0], s[1]) / 2;
                }
                EdgeFixtures.assertClose(spec, new BlurSim(0.3, BlurSim.Term.SPECIFIC).compute(y, x).value(), 1e-12, 1e-12, at + " specific");
                EdgeFixtures.assertClose(gen, new BlurSim(0.3, BlurSim.Term.GENERAL).compute(y, x).value(), 1e-12, at + " general");
                double fresh = new BlurSim(0.3, BlurSim.Term.COMBINED).compute(y, x).value();
                EdgeFixtures.assertClose(0.7 * gen + 0.3 * spec, fresh, 1e-12, 1e-12, at + " combined");
                assertEquals(fresh, shared.compute(y, x).value(), at + " reused buffers");
            }
        }
    }

    @Test
    void integerInputsGiveExactIntegerGradients() {
        double[] v = {0, 3, 9, 4, 200, 17, 5, 6, 8, 1, 0, 255};
        double[] out = new double[12];
        new Sobel5().magnitude(v, 3, 4, out);
        double[] naive = naiveSobel5(v, 3, 4);
        for (int i = 0; i < 12; i++) {
            assertEquals(naive[i], out[i], 0.0, "pixel " + i);
        }
    }

    @Test
    void defaultAlphaIsTheCodes() {
        Image y = SpecImages.reconstruction(20, 30, 1, 255);
        Image x = SpecImages.original(20, 30, 1, 255);
        double g = new BlurSim(0.9, BlurSim.Term.GENERAL).compute(y, x).value();
        double s = new BlurSim(0.9, BlurSim.Term.SPECIFIC).compute(y, x).value();
        double viaCatalog = MetricSpec.of("blursim").newKernel().compute(y, x).value();
        assertEquals(0.1 * g + 0.9 * s, viaCatalog, 1e-15);
    }
}
