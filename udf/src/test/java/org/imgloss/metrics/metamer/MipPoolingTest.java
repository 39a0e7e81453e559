package org.imgloss.metrics.metamer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fused MIP blur against odak's algorithm written out naively (spec §7). */
class MipPoolingTest {

    /** odak: chain, every level bilinearly resized to full size, masked blend per level band. */
    static double[] naiveBlur(double[] x, int h, int w, double[] lod) {
        List<double[]> mips = new ArrayList<>();
        List<int[]> sizes = new ArrayList<>();
        mips.add(x);
        sizes.add(new int[] {h, w});
        while (sizes.get(sizes.size() - 1)[0] > 1 && sizes.get(sizes.size() - 1)[1] > 1) {
            int[] s = sizes.get(sizes.size() - 1);
            mips.add(naiveArea(mips.get(mips.size() - 1), s[0], s[1], s[0] / 2, s[1] / 2));
            sizes.add(new int[] {s[0] / 2, s[1] / 2});
        }
        int[] s = sizes.get(sizes.size() - 1);
        if (s[1] == 2) {
            double[] last = mips.get(mips.size() - 1);
            mips.add(new double[] {(last[0] + last[1]) / 2});
            sizes.add(new int[] {1, 1});
        }
        int top = mips.size() - 1;
        double[][] full = new double[top + 1][];
        full[0] = x;
        for (int k = 1; k <= top; k++) {
            full[k] = naiveBilinear(mips.get(k), sizes.get(k)[0], sizes.get(k)[1], h, w);
        }
        double[] out = new double[h * w];
        for (int i = 0; i < h * w; i++) {
            double l = lod[i];
            if (l >= top) {
                out[i] = full[top][i];
            } else {
                int k = (int) Math.floor(l);
                double f = l % 1.0;
                out[i] = (1 - f) * full[k][i] + f * full[k + 1][i];
            }
        }
        return out;
    }

    static double[] naiveArea(double[] in, int ih, int iw, int oh, int ow) {
        double[] out = new double[oh * ow];
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                int r0 = (int) Math.floor((double) i * ih / oh);
                int r1 = (int) Math.ceil((double) (i + 1) * ih / oh);
                int c0 = (int) Math.floor((double) j * iw / ow);
                int c1 = (int) Math.ceil((double) (j + 1) * iw / ow);
                double s = 0;
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        s += in[r * iw + c];
                    }
                }
                out[i * ow + j] = s / ((r1 - r0) * (c1 - c0));
            }
        }
        return out;
    }

    static double[] naiveBilinear(double[] in, int ih, int iw, int oh, int ow) {
        double[] out = new double[oh * ow];
        for (int y = 0; y < oh; y++) {
            double py = Math.max(0, (y + 0.5) * ih / oh - 0.5);
            int y0 = (int) py;
            int y1 = Math.min(y0 + 1, ih - 1);
            double ly = py - y0;
            for (int x = 0; x < ow; x++) {
                double px = Math.max(0, (x + 0.5) * iw / ow - 0.5);
                int x0 = (int) px;
                int x1 = Math.min(x0 + 1, iw - 1);
                double lx = px - x0;
                out[y * ow + x] = (1 - ly) * ((1 - lx) * in[y0 * iw + x0] + lx * in[y0 * iw + x1])
                        + ly * ((1 - lx) * in[y1 * iw + x0] + lx * in[y1 * iw + x1]);
            }
        }
        return out;
    }

    private static double[] randomLod(Random rnd, int n, double max) {
        double[] lod = new double[n];
        for (int i = 0; i < n; i++) {
            double r = rnd.nextDouble();
            lod[i] = r < 0.2 ? 0 : (r < 0.3 ? Math.floor(r * 10) : rnd.nextDouble() * max);
        }
        return lod;
    }

    @Test
    void blurEqualsOdaksAlgorithmWhereOdakWorks() {
        Random rnd = new Random(11);
        int[][] shapes = {{8, 8}, {16, 16}, {32, 64}, {64, 160}, {6, 10}, {7, 7}, {13, 17}, {1, 2}, {2, 2}, {3, 5}, {5, 9}};
        for (int[] s : shapes) {
            int h = s[0];
            int w = s[1];
            double[] x = CorrelationTest.random(rnd, h * w);
            double[] lod = randomLod(rnd, h * w, 10);
            MipPooling p = new MipPooling(h, w, lod);
            double[] expected = naiveBlur(x, h, w, lod);
            double[] actual = p.blur(x);
            for (int i = 0; i < x.length; i++) {
                assertEquals(expected[i], actual[i], 1e-12, h + "x" + w + " at " + i);
            }
        }
    }

    @Test
    void meanAndStdUseTheSamePlanForXAndXSquared() {
        Random rnd = new Random(12);
        int h = 16;
        int w = 24;
        double[] x = CorrelationTest.random(rnd, h * w);
        double[] lod = randomLod(rnd, h * w, 6);
        MipPooling p = new MipPooling(h, w, lod);
        double[] sq = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            sq[i] = x[i] * x[i];
        }
        double[] m = naiveBlur(x, h, w, lod);
        double[] q = naiveBlur(sq, h, w, lod);
        double[] mean = new double[x.length];
        double[] std = new double[x.length];
        p.meanAndStd(x, mean, std);
        for (int i = 0; i < x.length; i++) {
            assertEquals(m[i], mean[i], 1e-12);
            assertEquals(Math.sqrt(Math.max(q[i] - m[i] * m[i], 1e-7)), std[i], 1e-12);
        }
    }

    @Test
    void lodZeroIsIdentityAndHugeLodIsTheGlobalMean() {
        Random rnd = new Random(13);
        int h = 16;
        int w = 16;
        double[] x = CorrelationTest.random(rnd, h * w);
        double[] zero = new double[h * w];
        double[] out = new MipPooling(h, w, zero).blur(x);
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], out[i], 0.0);
        }
        double[] huge = new double[h * w];
        java.util.Arrays.fill(huge, 40);
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        for (double v : new MipPooling(h, w, huge).blur(x)) {
            assertEquals(mean, v, 1e-12);
        }
    }

    @Test
    void tallMapsWhereOdakCrashesAreTheTransposeOfWideOnes() {
        Random rnd = new Random(14);
        int h = 40;
        int w = 12;
        double[] x = CorrelationTest.random(rnd, h * w);
        double[] lod = randomLod(rnd, h * w, 7);
        double[] xt = new double[h * w];
        double[] lt = new double[h * w];
        for (int y = 0; y < h; y++) {
            for (int c = 0; c < w; c++) {
                xt[c * h + y] = x[y * w + c];
                lt[c * h + y] = lod[y * w + c];
            }
        }
        double[] tall = new MipPooling(h, w, lod).blur(x);
        double[] wide = new MipPooling(w, h, lt).blur(xt);
        for (int y = 0; y < h; y++) {
            for (int c = 0; c < w; c++) {
                assertEquals(wide[c * h + y], tall[y * w + c], 1e-12);
            }
        }
    }
}
