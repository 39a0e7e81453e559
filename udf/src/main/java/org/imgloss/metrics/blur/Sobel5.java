package org.imgloss.metrics.blur;


/**
 * The 5×5 Sobel gradient magnitude BlurSim's specific term uses (OpenCV {@code Sobel} with
 * {@code ksize=5}, output float64, scale 1, border {@code BORDER_REFLECT_101}), with its scratch
 * buffers. metrics-spec §5.1.
 *
 * <p>The ksize-5 kernels are separable: derivative taps (−1, −2, 0, 2, 1) along the derivative
 * axis and smoothing taps (1, 4, 6, 4, 1) along the other, applied as correlation. The border rule
 * is whole-symmetric (edge sample not repeated: index −1 → 1, −2 → 2, n → n−2), folded again for
 * planes narrower than the kernel, and index 0 for a single row or column, as OpenCV's
 * {@code borderInterpolate} does. Integer inputs give exact integer gradients.
 *
 * <p>Not thread-safe; buffers are reused while the size stays the same.
 */
final class Sobel5 {

    private static final double[] DERIV = {-1, -2, 0, 2, 1};
    private static final double[] SMOOTH = {1, 4, 6, 4, 1};
    private static final int R = 2;

    private int h = -1;
    private int w = -1;
    private int[] rowIndex;
    private int[] colIndex;
    private double[] hDeriv;
    private double[] hSmooth;

    /**
     * OpenCV's reflect-101 fold of index {@code p} into {@code [0, n)}: −1 → 1, n → n−2, repeated
     * until inside; a length-1 axis maps everything to 0.
     */
    static int reflect101(int p, int n) {
        if (n == 1) {
            return 0;
        }
        while (p < 0 || p >= n) {
            p = p < 0 ? -p : 2 * (n - 1) - p;
        }
        return p;
    }

    /** Drops the image-sized buffers (the next call allocates them for its size). */
    void release() {
        h = -1;
        w = -1;
        rowIndex = null;
        colIndex = null;
        hDeriv = null;
        hSmooth = null;
    }

    private void resize(int height, int width) {
        if (height == h && width == w) {
            return;
        }
        h = height;
        w = width;
        rowIndex = new int[h + 2 * R];
        colIndex = new int[w + 2 * R];
        for (int i = 0; i < rowIndex.length; i++) {
            rowIndex[i] = reflect101(i - R, h);
        }
        for (int j = 0; j < colIndex.length; j++) {
            colIndex[j] = reflect101(j - R, w);
        }
        hDeriv = new double[(h + 2 * R) * w];
        hSmooth = new double[(h + 2 * R) * w];
    }

    private void borderColumn(double[] v, int src, int dst, int j) {
        double a = v[src + colIndex[j]];
        double b = v[src + colIndex[j + 1]];
        double c = v[src + colIndex[j + 2]];
        double d = v[src + colIndex[j + 3]];
        double e = v[src + colIndex[j + 4]];
        hDeriv[dst + j] = DERIV[0] * a + DERIV[1] * b + DERIV[3] * d + DERIV[4] * e;
        hSmooth[dst + j] = SMOOTH[0] * a + SMOOTH[1] * b + SMOOTH[2] * c + SMOOTH[3] * d + SMOOTH[4] * e;
    }

    /** Writes {@code √(gx² + gy²)} of the {@code height × width} plane {@code v} into {@code out}. */
    void magnitude(double[] v, int height, int width, double[] out) {
        resize(height, width);
        // Horizontal pass over every (reflected) source row: derivative and smoothing taps along x.
        // Columns [R, w−R) read their five samples directly (a plain loop the JIT vectorises); only the
        // R columns at each end go through the reflect-101 index table.
        int lo = Math.min(R, w);
        int hi = Math.max(lo, w - R);
        for (int pi = 0; pi < h + 2 * R; pi++) {
            int src = rowIndex[pi] * w;
            int dst = pi * w;
            for (int j = 0; j < lo; j++) {
                borderColumn(v, src, dst, j);
            }
            int base = src - R;
            for (int j = lo; j < hi; j++) {
                double a = v[base + j];
                double b = v[base + j + 1];
                double c = v[base + j + 2];
                double d = v[base + j + 3];
                double e = v[base + j + 4];
                hDeriv[dst + j] = DERIV[0] * a + DERIV[1] * b + DERIV[3] * d + DERIV[4] * e;
                hSmooth[dst + j] = SMOOTH[0] * a + SMOOTH[1] * b + SMOOTH[2] * c + SMOOTH[3] * d + SMOOTH[4] * e;
            }
            for (int j = hi; j < w; j++) {
                borderColumn(v, src, dst, j);
            }
        }
        // Vertical pass: gx smooths the x-derivative along y, gy differentiates the x-smoothed rows.
        for (int i = 0; i < h; i++) {
            int r0 = i * w;
            int r1 = r0 + w;
            int r2 = r1 + w;
            int r3 = r2 + w;
            int r4 = r3 + w;
            int o = i * w;
            for (int j = 0; j < w; j++) {
                double gx = SMOOTH[0] * hDeriv[r0 + j] + SMOOTH[1] * hDeriv[r1 + j] + SMOOTH[2] * hDeriv[r2 + j]
                        + SMOOTH[3] * hDeriv[r3 + j] + SMOOTH[4] * hDeriv[r4 + j];
                double gy = DERIV[0] * hSmooth[r0 + j] + DERIV[1] * hSmooth[r1 + j]
                        + DERIV[3] * hSmooth[r3 + j] + DERIV[4] * hSmooth[r4 + j];
                out[o + j] = Math.sqrt(gx * gx + gy * gy);
            }
        }
    }
}
