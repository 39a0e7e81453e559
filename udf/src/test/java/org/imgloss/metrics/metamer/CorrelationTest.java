package org.imgloss.metrics.metamer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fused correlations against a deliberately naive one, over awkward sizes. */
class CorrelationTest {

    private static final int[] SIZES = {3, 4, 5, 7, 8, 11, 13, 14, 16, 17, 31};

    /** Direct formula: out[y][x] = Σ in[refl(y+i−r)][refl(x+j−c)]·k[i][j]. */
    static double[] naive(double[] in, int h, int w, Filter2D k) {
        int r = k.rowRadius();
        int c = k.colRadius();
        int oh = h + 2 * r - k.rows() + 1;
        int ow = w + 2 * c - k.cols() + 1;
        double[] out = new double[oh * ow];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                double s = 0;
                for (int i = 0; i < k.rows(); i++) {
                    for (int j = 0; j < k.cols(); j++) {
                        s += in[Reflect.index(y + i - r, h) * w + Reflect.index(x + j - c, w)] * k.tap(i, j);
                    }
                }
                out[y * ow + x] = s;
            }
        }
        return out;
    }

    static double[] random(Random rnd, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextDouble() * 2 - 1;
        }
        return a;
    }

    private static Filter2D randomFilter(Random rnd, int rows, int cols) {
        return new Filter2D(rows, cols, random(rnd, rows * cols));
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12, what + " at " + i);
        }
    }

    @Test
    void reflectIndexMatchesTorchWithinRangeAndMirrorsPeriodicallyBeyond() {
        assertEquals(1, Reflect.index(-1, 5));
        assertEquals(2, Reflect.index(-2, 5));
        assertEquals(3, Reflect.index(5, 5));
        assertEquals(2, Reflect.index(6, 5));
        assertEquals(0, Reflect.index(8, 5)); // period 8
        assertEquals(1, Reflect.index(-7, 5));
        assertEquals(0, Reflect.index(-3, 1));
        assertEquals(1, Reflect.index(-1, 2));
        assertEquals(0, Reflect.index(2, 2));
    }

    @Test
    void plainCorrelationEqualsNaive() {
        Random rnd = new Random(7);
        for (int ks : new int[] {1, 2, 3, 5, 13}) {
            Filter2D k = randomFilter(rnd, ks, ks);
            for (int h : SIZES) {
                for (int w : new int[] {h, 3, 16}) {
                    if (ks > 2 && (h <= (ks - 1) / 2 || w <= (ks - 1) / 2)) {
                        continue;
                    }
                    double[] in = random(rnd, h * w);
                    assertClose(naive(in, h, w, k), Correlation.correlate(in, h, w, k), ks + "x" + ks + " on " + h + "x" + w);
                }
            }
        }
    }

    @Test
    void downCorrelationEqualsNaiveThenEvenSamples() {
        Random rnd = new Random(8);
        for (int ks : new int[] {2, 5, 9, 13}) {
            Filter2D k = randomFilter(rnd, ks, ks);
            for (int h : SIZES) {
                int w = h + 3;
                if (h <= (ks - 1) / 2) {
                    continue;
                }
                double[] in = random(rnd, h * w);
                double[] full = naive(in, h, w, k);
                int oh = Correlation.outRows(h, k);
                int ow = Correlation.outCols(w, k);
                int dh = (oh + 1) / 2;
                int dw = (ow + 1) / 2;
                double[] expected = new double[dh * dw];
                for (int y = 0; y < dh; y++) {
                    for (int x = 0; x < dw; x++) {
                        expected[y * dw + x] = full[2 * y * ow + 2 * x];
                    }
                }
                assertClose(expected, Correlation.correlateDown(in, h, w, k), ks + "x" + ks + " down on " + h + "x" + w);
            }
        }
    }

    @Test
    void upCorrelationEqualsNaiveOnTheZeroInsertedImage() {
        Random rnd = new Random(9);
        for (int ks : new int[] {2, 3, 5, 9, 13}) {
            Filter2D k = randomFilter(rnd, ks, ks);
            for (int h : new int[] {2, 3, 4, 7, 8, 13}) {
                int w = h + 1;
                if (2 * h <= (ks - 1) / 2) {
                    continue;
                }
                double[] in = random(rnd, h * w);
                double[] up = new double[4 * h * w];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        up[2 * y * 2 * w + 2 * x] = in[y * w + x];
                    }
                }
                assertClose(naive(up, 2 * h, 2 * w, k), Correlation.correlateUp(in, h, w, k),
                        ks + "x" + ks + " up on " + h + "x" + w);
            }
        }
    }

    @Test
    void accumulateWithMinusOneEqualsTheNegatedFilterExactly() {
        Random rnd = new Random(10);
        Filter2D k = randomFilter(rnd, 5, 5);
        double[] neg = k.taps().clone();
        for (int i = 0; i < neg.length; i++) {
            neg[i] = -neg[i];
        }
        double[] in = random(rnd, 17 * 11);
        double[] a = new double[17 * 11];
        Correlation.accumulate(in, 17, 11, k, -1.0, a);
        assertArrayEquals(Correlation.correlate(in, 17, 11, new Filter2D(5, 5, neg)), a, 0.0);
    }
}
