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
 * <p>Streaming: {@link #start} fixes the plane, each {@link #nextRow} writes the next row of
 * magnitudes. The x-derivative and x-smoothing of the source rows live in a ring of
 * {@value #SLOTS} rows (a reflected row index always lies within two rows of the output row, so
 * within the ring). Every loop reads its arrays at one index (shifted copies of the extended row for
 * the horizontal pass, one array per ring row for the vertical one), the form the JDK 17 JIT
 * vectorises.
 *
 * <p>Not thread-safe; buffers are reused while the width stays the same.
 */
final class Sobel5 {

    private static final int R = 2;
    private static final int SLOTS = 8;

    private int w = -1;
    private int[] colIndex;
    private double[][] hDeriv;
    private double[][] hSmooth;
    // one source row extended by R samples either side (view 0), and its shifted views t = 1..4
    private double[][] shifted;
    private double[] gy;

    private double[] v;
    private int h;
    private int nextSource;
    private int row;

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

    /** Drops the row buffers (the next call allocates them for its width). */
    void release() {
        w = -1;
        colIndex = null;
        hDeriv = null;
        hSmooth = null;
        shifted = null;
        gy = null;
    }

    /** Starts the magnitudes of the {@code height × width} plane {@code plane} (read until the last row). */
    void start(double[] plane, int height, int width) {
        if (width != w) {
            w = width;
            colIndex = new int[w + 2 * R];
            for (int j = 0; j < colIndex.length; j++) {
                colIndex[j] = reflect101(j - R, w);
            }
            hDeriv = new double[SLOTS][w];
            hSmooth = new double[SLOTS][w];
            shifted = new double[2 * R + 1][w + 2 * R];
            gy = new double[w];
        }
        v = plane;
        h = height;
        nextSource = 0;
        row = 0;
    }

    /** Writes {@code √(gx² + gy²)} of the next row into {@code out[0..width)}. */
    void nextRow(double[] out) {
        int i = row++;
        while (nextSource <= Math.min(h - 1, i + R)) {
            horizontalPass(nextSource++);
        }
        double[][] d = hDeriv;
        double[][] s = hSmooth;
        int r0 = slot(i - 2);
        int r1 = slot(i - 1);
        int r2 = slot(i);
        int r3 = slot(i + 1);
        int r4 = slot(i + 2);
        // gx smooths the x-derivative along y, gy differentiates the x-smoothed rows
        smooth(d[r0], d[r1], d[r2], d[r3], d[r4], out, w);
        derivative(s[r0], s[r1], s[r3], s[r4], gy, w);
        magnitude(out, gy, w);
        if (row == h) {
            v = null;
        }
    }

    private int slot(int sourceRow) {
        return reflect101(sourceRow, h) % SLOTS;
    }

    /** Writes {@code √(gx² + gy²)} of the {@code height × width} plane {@code plane} into {@code out}. */
    void magnitude(double[] plane, int height, int width, double[] out) {
        start(plane, height, width);
        double[] line = new double[width];
        for (int i = 0; i < height; i++) {
            nextRow(line);
            System.arraycopy(line, 0, out, i * width, width);
        }
    }

    /** Derivative and smoothing taps along x of source row {@code i}, into its ring slot. */
    private void horizontalPass(int i) {
        int src = i * w;
        double[] e = shifted[0];
        System.arraycopy(v, src, e, R, w);
        for (int j = 0; j < R; j++) {
            e[j] = v[src + colIndex[j]];
            e[w + R + j] = v[src + colIndex[w + R + j]];
        }
        for (int t = 1; t <= 2 * R; t++) {
            System.arraycopy(e, t, shifted[t], 0, w);
        }
        double[][] sh = shifted;
        derivative(sh[0], sh[1], sh[3], sh[4], hDeriv[i % SLOTS], w);
        smooth(sh[0], sh[1], sh[2], sh[3], sh[4], hSmooth[i % SLOTS], w);
    }

    // the taps as literals (1, 4, 6, 4, 1) and (−1, −2, 0, 2, 1): integer inputs stay exact

    private static void smooth(double[] a, double[] b, double[] c, double[] d, double[] e, double[] out, int n) {
        for (int j = 0; j < n; j++) {
            out[j] = (a[j] + e[j]) + 4 * (b[j] + d[j]) + 6 * c[j];
        }
    }

    private static void derivative(double[] a, double[] b, double[] d, double[] e, double[] out, int n) {
        for (int j = 0; j < n; j++) {
            out[j] = (e[j] - a[j]) + 2 * (d[j] - b[j]);
        }
    }

    /** {@code gx[j] = √(gx[j]² + gy[j]²)}. */
    private static void magnitude(double[] gx, double[] gy, int n) {
        for (int j = 0; j < n; j++) {
            double x = gx[j];
            double y = gy[j];
            gx[j] = Math.sqrt(x * x + y * y);
        }
    }
}
