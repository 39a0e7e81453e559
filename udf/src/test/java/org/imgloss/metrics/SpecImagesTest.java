package org.imgloss.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.imgloss.image.Image;
import org.junit.jupiter.api.Test;

/** The test-image generator reproduces metrics-spec §11's sanity values. */
class SpecImagesTest {

    @Test
    void firstRowOfY() {
        double[] y = SpecImages.reconstruction(61, 83, 1, 1).plane(0);
        double[] first = new double[8];
        System.arraycopy(y, 0, first, 0, 8);
        assertArrayEquals(new double[] {0, 0, 13, 0, 10, 0, 7, 21}, first);
    }

    @Test
    void sums() {
        int[][] sizes = {{61, 83, 1}, {64, 64, 3}, {181, 203, 1}, {192, 256, 3}};
        long[][] expected = {{631360, 630577}, {1558784, 1559020}, {4680288, 4675030}, {18775808, 18779942}};
        for (int k = 0; k < sizes.length; k++) {
            int[] s = sizes[k];
            assertEquals(expected[k][0], sum(SpecImages.original(s[0], s[1], s[2], 1)), "sum X " + s[0] + "x" + s[1]);
            assertEquals(expected[k][1], sum(SpecImages.reconstruction(s[0], s[1], s[2], 1)), "sum Y " + s[0] + "x" + s[1]);
        }
    }

    private static long sum(Image image) {
        long s = 0;
        for (int c = 0; c < image.channels(); c++) {
            for (double v : image.plane(c)) {
                s += (long) v;
            }
        }
        return s;
    }
}
