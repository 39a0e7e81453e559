package org.imgloss.metrics.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.imgloss.metrics.ssim.MsSsimDownsample;

/** The block-averaging rules on small hand-computed arrays, and the scale sizes of spec §2.6. */
class DownsampleTest {

    // 3 x 5:
    //  1  2  3  4  5
    //  6  7  8  9 10
    // 11 12 13 14 15
    private static final double[] A = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

    @Test
    void avgPoolFloorDropsTheRemainder() {
        double[] out = new double[2];
        Downsample.avgPoolFloor(A, 3, 5, 2, out);
        assertArrayEquals(new double[] {(1 + 2 + 6 + 7) / 4.0, (3 + 4 + 8 + 9) / 4.0}, out, 1e-15);
        double[] three = new double[1];
        Downsample.avgPoolFloor(A, 3, 5, 3, three);
        assertArrayEquals(new double[] {(1 + 2 + 3 + 6 + 7 + 8 + 11 + 12 + 13) / 9.0}, three, 1e-15);
    }

    @Test
    void pytorchMsssimCountsTheZeroPad() {
        // odd sides: blocks (-1,0), (1,2) on both axes; padding zeros counted (divide by 4)
        double[] out = new double[2 * 3];
        Downsample.avgPool2ZeroPadded(A, 3, 5, out);
        double[] expected = {
            1 / 4.0, (2 + 3) / 4.0, (4 + 5) / 4.0,
            (6 + 11) / 4.0, (7 + 8 + 12 + 13) / 4.0, (9 + 10 + 14 + 15) / 4.0,
        };
        assertArrayEquals(expected, out, 1e-15);
    }

    @Test
    void pytorchMsssimStepMatchesItsDefinitionOnEverySmallShape() {
        // every parity of both sides, interior and edges: the sum of the in-range samples of each
        // 2x2 block (-pad.., zero padding counted), over 4, bit for bit
        for (int h = 1; h <= 7; h++) {
            for (int w = 1; w <= 7; w++) {
                double[] src = new double[h * w];
                for (int p = 0; p < src.length; p++) {
                    src[p] = Math.sin(1.7 * p + h) / 3.0;
                }
                int oh = (h + 1) / 2;
                int ow = (w + 1) / 2;
                double[] out = new double[oh * ow];
                Downsample.avgPool2ZeroPadded(src, h, w, out);
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double s = 0;
                        for (int r = 2 * i - h % 2; r < 2 * i - h % 2 + 2; r++) {
                            for (int c = 2 * j - w % 2; c < 2 * j - w % 2 + 2; c++) {
                                if (r >= 0 && r < h && c >= 0 && c < w) {
                                    s += src[r * w + c];
                                }
                            }
                        }
                        assertEquals(s / 4.0, out[i * ow + j], 0.0, h + "x" + w + " at " + i + "," + j);
                    }
                }
            }
        }
    }

    @Test
    void piqReplicatesTopAndLeft() {
        // either side odd: one replicated row on top and column on the left, then floor 2x2 blocks
        // padded 4 x 6: rows (0,0,1,2) cols (0,0,1,2,3,4)
        double[] out = new double[2 * 3];
        Downsample.avgPool2ReplicateTopLeft(A, 3, 5, out);
        double[] expected = {
            (1 + 1 + 1 + 1) / 4.0, (2 + 3 + 2 + 3) / 4.0, (4 + 5 + 4 + 5) / 4.0,
            (6 + 6 + 11 + 11) / 4.0, (7 + 8 + 12 + 13) / 4.0, (9 + 10 + 14 + 15) / 4.0,
        };
        assertArrayEquals(expected, out, 1e-15);
        // even x odd: the even side is padded too and loses its last row
        double[] b = {1, 2, 3, 4, 5, 6}; // 2 x 3
        double[] out2 = new double[1 * 2];
        Downsample.avgPool2ReplicateTopLeft(b, 2, 3, out2);
        assertArrayEquals(new double[] {(1 + 1 + 1 + 1) / 4.0, (2 + 3 + 2 + 3) / 4.0}, out2, 1e-15);
    }

    @Test
    void matlabBoxIsHalfSymmetricFromTheFirstPixel() {
        // f = 2: pairs (0,1), (2,3), (4, 4 mirrored); rows (0,1), (2, 2 mirrored)
        double[] out = new double[2 * 3];
        Downsample.boxHalfSymmetric(A, 3, 5, 2, out);
        double[] expected = {
            (1 + 2 + 6 + 7) / 4.0, (3 + 4 + 8 + 9) / 4.0, (5 + 5 + 10 + 10) / 4.0,
            (11 + 12 + 11 + 12) / 4.0, (13 + 14 + 13 + 14) / 4.0, (15 + 15 + 15 + 15) / 4.0,
        };
        assertArrayEquals(expected, out, 1e-15);
        // f = 3: centred boxes (-1,0,1) with -1 -> 0, keep every third from the first: columns 0 and 3
        double[] out3 = new double[1 * 2];
        Downsample.boxHalfSymmetric(A, 3, 5, 3, out3);
        double c0 = (1 + 1 + 2) + (1 + 1 + 2) + (6 + 6 + 7);
        double c3 = (3 + 4 + 5) + (3 + 4 + 5) + (8 + 9 + 10);
        assertArrayEquals(new double[] {c0 / 9.0, c3 / 9.0}, out3, 1e-14);
    }

    @Test
    void scaleSizesOf181x203() {
        int[][] expected = {
            {181, 203, 91, 102, 46, 51, 23, 26, 12, 13},  // pytorch_msssim
            {181, 203, 91, 102, 46, 51, 23, 26, 12, 13},  // piq
            {181, 203, 91, 102, 46, 51, 23, 26, 12, 13},  // matlab
            {181, 203, 90, 101, 45, 50, 22, 25, 11, 12},  // torchmetrics
        };
        MsSsimDownsample[] rules = {MsSsimDownsample.PYTORCH_MSSSIM, MsSsimDownsample.PIQ, MsSsimDownsample.MATLAB,
            MsSsimDownsample.TORCHMETRICS};
        for (int r = 0; r < rules.length; r++) {
            int h = 181;
            int w = 203;
            for (int s = 0; s < 5; s++) {
                assertEquals(expected[r][2 * s], h, rules[r] + " scale " + (s + 1));
                assertEquals(expected[r][2 * s + 1], w, rules[r] + " scale " + (s + 1));
                h = rules[r].next(h);
                w = rules[r].next(w);
            }
        }
    }

    @Test
    void borderModes() {
        int n = 4;
        int[] idx = {-3, -2, -1, 0, 3, 4, 5, 6};
        int[] half = {2, 1, 0, 0, 3, 3, 2, 1};
        int[] whole = {3, 2, 1, 0, 3, 2, 1, 0};
        int[] repl = {0, 0, 0, 0, 3, 3, 3, 3};
        int[] zero = {-1, -1, -1, 0, 3, -1, -1, -1};
        for (int k = 0; k < idx.length; k++) {
            assertEquals(half[k], BorderMode.HALF_SYMMETRIC.map(idx[k], n), "half " + idx[k]);
            assertEquals(whole[k], BorderMode.WHOLE_SYMMETRIC.map(idx[k], n), "whole " + idx[k]);
            assertEquals(repl[k], BorderMode.REPLICATE.map(idx[k], n), "replicate " + idx[k]);
            assertEquals(zero[k], BorderMode.ZERO.map(idx[k], n), "zero " + idx[k]);
        }
        assertEquals(0, BorderMode.WHOLE_SYMMETRIC.map(-1, 1));
        assertEquals(0, BorderMode.HALF_SYMMETRIC.map(5, 1));
    }

    @Test
    void windows() {
        double[] g = GaussianWindow.wang();
        double[] spec = {0.00102838008447911, 0.007598758135239185, 0.03600077212843083, 0.10936068950970002,
            0.2130055377112537, 0.26601172486179436};
        for (int k = 0; k < 6; k++) {
            assertEquals(spec[k], g[k], 1e-17, "tap " + k);
            assertEquals(spec[k], g[10 - k], 1e-17, "tap " + (10 - k));
        }
        double[] p = GaussianWindow.pytorchMsssim();
        assertEquals(0.0010283804, p[0], 1e-10);
        assertEquals(0.26601171, p[5], 1e-8);
        assertEquals((float) p[5], p[5], 0.0, "float32 values");
    }
}
