package org.imgloss.metrics.metamer;

/**
 * Reflect ("mirror without repeating the edge") border indexing, as torch {@code ReflectionPad2d}:
 * index −1 maps to 1, −2 to 2, {@code n} to {@code n − 2}. torch requires the pad to be smaller
 * than the dimension; here the mirror is continued periodically (period {@code 2(n − 1)}), which
 * agrees with torch wherever torch works and is defined everywhere else. A dimension of 1 maps every
 * index to 0.
 */
final class Reflect {

    private Reflect() {
    }

    static int index(int i, int n) {
        if (n == 1) {
            return 0;
        }
        if (i >= 0 && i < n) {
            return i;
        }
        int period = 2 * (n - 1);
        int m = i % period;
        if (m < 0) {
            m += period;
        }
        return m < n ? m : period - m;
    }

    /**
     * Copies a {@code h × w} plane into a new {@code (h + top + bottom) × (w + left + right)} plane
     * with reflected borders.
     */
    static double[] pad(double[] in, int h, int w, int top, int bottom, int left, int right) {
        int ph = h + top + bottom;
        int pw = w + left + right;
        double[] out = new double[ph * pw];
        int[] cols = new int[pw];
        for (int x = 0; x < pw; x++) {
            cols[x] = index(x - left, w);
        }
        for (int y = 0; y < ph; y++) {
            int src = index(y - top, h) * w;
            int dst = y * pw;
            // the row itself in one copy, only the borders through the reflected indices
            System.arraycopy(in, src, out, dst + left, w);
            for (int x = 0; x < left; x++) {
                out[dst + x] = in[src + cols[x]];
            }
            for (int x = left + w; x < pw; x++) {
                out[dst + x] = in[src + cols[x]];
            }
        }
        return out;
    }
}
