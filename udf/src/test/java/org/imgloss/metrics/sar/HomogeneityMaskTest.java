package org.imgloss.metrics.sar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.imgloss.image.Image;
import org.junit.jupiter.api.Test;
import org.imgloss.metrics.EdgeGolden;
import org.imgloss.metrics.PairInputs;
import org.imgloss.metrics.SpecImages;

class HomogeneityMaskTest {

    /** Local coefficient of variation over the window clipped to the image, NaN where the mean is not positive. */
    static double[] naiveCv(double[] v, int h, int w, int k) {
        double[] cv = new double[h * w];
        int r = k / 2;
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                double s1 = 0;
                double s2 = 0;
                int n = 0;
                for (int a = Math.max(0, i - r); a <= Math.min(h - 1, i + r); a++) {
                    for (int b = Math.max(0, j - r); b <= Math.min(w - 1, j + r); b++) {
                        s1 += v[a * w + b];
                        s2 += v[a * w + b] * v[a * w + b];
                        n++;
                    }
                }
                double mean = s1 / n;
                double var = Math.max(0, s2 / n - mean * mean);
                cv[i * w + j] = mean > 0 ? Math.sqrt(var) / mean : Double.NaN;
            }
        }
        return cv;
    }

    private static double[] expectedMask(double[] cv, double t) {
        double[] m = new double[cv.length];
        for (int i = 0; i < cv.length; i++) {
            m[i] = cv[i] <= t ? 1 : 0;
        }
        return m;
    }

    /** Speckle-like data: exponential (1-look) noise on two blocks, with a few zero pixels. */
    private static Image speckle(Random rnd, int h, int w) {
        double[] v = new double[h * w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                double level = j < w / 2 ? 0.1 : 1.0;
                v[i * w + j] = (i + j) % 37 == 0 ? 0 : -level * Math.log(1 - rnd.nextDouble());
            }
        }
        return Image.ofPlanes(w, h, v);
    }

    @Test
    void absoluteThresholdMatchesNaive() {
        Random rnd = new Random(41);
        HomogeneityMask shared = new HomogeneityMask("auto", 5, 0.9);
        for (int[] s : new int[][] {{1, 1}, {1, 12}, {12, 1}, {15, 15}, {20, 33}, {33, 20}, {15, 15}}) {
            Image o = speckle(rnd, s[0], s[1]);
            double[] expected = expectedMask(naiveCv(o.plane(0), s[0], s[1], 5), 0.9);
            double[] got = new HomogeneityMask("auto", 5, 0.9).weights(o, 0, PairInputs.NONE);
            assertArrayEquals(expected, Arrays.copyOf(got, got.length), "size " + s[0] + "x" + s[1]);
            assertArrayEquals(expected, shared.weights(o, 0, PairInputs.NONE), "reused buffers, size " + s[0] + "x" + s[1]);
        }
    }

    @Test
    void adaptiveThresholdIsElevenTenthsOfTheMedian() {
        Random rnd = new Random(43);
        Image o = speckle(rnd, 24, 30);
        double[] cv = naiveCv(o.plane(0), 24, 30, 15);
        double[] valid = Arrays.stream(cv).filter(d -> !Double.isNaN(d)).sorted().toArray();
        double median = valid.length % 2 == 1 ? valid[valid.length / 2]
                : 0.5 * (valid[valid.length / 2 - 1] + valid[valid.length / 2]);
        double[] got = new HomogeneityMask("auto", 15, null).weights(o, 0, PairInputs.NONE);
        assertArrayEquals(expectedMask(cv, 1.1 * median), got);
    }

    @Test
    void onesAndColumn() {
        Image o = SpecImages.original(4, 5, 2, 255);
        double[] ones = new HomogeneityMask("ones", 15, null).weights(o, 1, PairInputs.NONE);
        double[] all = new double[20];
        Arrays.fill(all, 1);
        assertArrayEquals(all, ones);
        Image m = SpecImages.reconstruction(4, 5, 1, 255);
        HomogeneityMask column = new HomogeneityMask("Mask_Path", 15, null);
        PairInputs in = new PairInputs(Map.of(), Map.of("Mask_Path", m));
        assertNull(column.problem(o, in));
        assertArrayEquals(m.plane(0), column.weights(o, 1, in));
        assertEquals("mask column 'Mask_Path' has no image for this pair", column.problem(o, PairInputs.NONE));
    }

    @Test
    void adaptiveMaskCoversTheGoldenSarMasks() {
        for (EdgeGolden.Entry e : EdgeGolden.entries()) {
            if (!e.domain().equals("linear_raw")) {
                continue;
            }
            double[] auto = new HomogeneityMask("auto", 15, null).weights(e.original(), 0, PairInputs.NONE);
            double[] ref = e.mask().plane(0);
            int marked = 0;
            int refCount = 0;
            int both = 0;
            for (int i = 0; i < ref.length; i++) {
                marked += auto[i] > 0 ? 1 : 0;
                refCount += ref[i] > 0.5 ? 1 : 0;
                both += auto[i] > 0 && ref[i] > 0.5 ? 1 : 0;
            }
            double fraction = (double) marked / ref.length;
            double recall = (double) both / refCount;
            assertTrue(fraction > 0.5 && fraction < 0.8, e.caseId() + ": marks " + fraction);
            assertTrue(recall > 0.8, e.caseId() + ": recall " + recall);
        }
    }

    @Test
    void allZeroOriginalHasAnEmptyAutoMask() {
        Image o = Image.ofPlanes(6, 4, new double[24]);
        double[] got = new HomogeneityMask("auto", 3, null).weights(o, 0, PairInputs.NONE);
        assertArrayEquals(new double[24], got);
    }
}
