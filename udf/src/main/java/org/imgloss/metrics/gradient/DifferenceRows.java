package org.imgloss.metrics.gradient;

/**
 * One row of the difference {@code d = a − b} of two {@code h × w} planes and its left and right
 * neighbours with zero padding: {@code left[j] = d[i][j−1]}, {@code mid[j] = d[i][j]},
 * {@code right[j] = d[i][j+1]} (0 outside the row). Three arrays read at one index let the 3×3
 * stencils of this package run as loops the JDK 17 JIT vectorises (it leaves scalar a loop that reads
 * one array at several offsets). Buffers grow to the widest row seen. Not thread-safe.
 */
final class DifferenceRows {

    double[] left = new double[0];
    double[] mid = new double[0];
    double[] right = new double[0];

    /** Makes room for rows of {@code w} samples. */
    void ensure(int w) {
        if (mid.length < w) {
            left = new double[w];
            mid = new double[w];
            right = new double[w];
        }
    }

    /** Loads row {@code i} of {@code a − b} ({@code w} columns) and its shifted copies. */
    void load(double[] a, double[] b, int i, int w) {
        int o = i * w;
        double[] m = mid;
        for (int j = 0; j < w; j++) {
            m[j] = a[o + j] - b[o + j];
        }
        left[0] = 0.0;
        System.arraycopy(m, 0, left, 1, w - 1);
        System.arraycopy(m, 1, right, 0, w - 1);
        right[w - 1] = 0.0;
    }

    /** Drops the buffers. */
    void release() {
        left = new double[0];
        mid = new double[0];
        right = new double[0];
    }
}
