package org.imgloss.metrics;

/**
 * The five local moment maps SSIM needs — {@code E[x], E[y], E[x²], E[y²], E[xy]} under a
 * separable window — computed by filtering rows, then columns, in double precision (spec §9).
 *
 * <p>Two geometries:
 * <ul>
 *   <li><b>valid</b> ({@code border == null}): only positions where the whole window lies inside the
 *       image; the maps are {@code (H−k+1) × (W−k+1)}. No padding is read.</li>
 *   <li><b>same</b> (a {@link BorderMode}): the image is extended by the window radius with that rule
 *       and the maps are {@code H × W}. The products x², y², xy are taken from the extended samples,
 *       as the references do (they pad the images, then square).</li>
 * </ul>
 *
 * <p>Cost: 5 maps × 2 passes × k multiply-adds per pixel. Scratch buffers grow to the largest size
 * seen and are reused, so one instance serves many pairs without allocating. Not thread-safe.
 */
public final class WindowedMoments {

    private double[] mx = new double[0];
    private double[] my = new double[0];
    private double[] mxx = new double[0];
    private double[] myy = new double[0];
    private double[] mxy = new double[0];
    // row-filtered maps, H × outW each
    private double[] rx = new double[0];
    private double[] ry = new double[0];
    private double[] rxx = new double[0];
    private double[] ryy = new double[0];
    private double[] rxy = new double[0];
    // one (extended) image row and its products
    private double[] lx = new double[0];
    private double[] ly = new double[0];
    private double[] lxx = new double[0];
    private double[] lyy = new double[0];
    private double[] lxy = new double[0];
    private int outH;
    private int outW;

    /**
     * Computes the five moment maps of {@code x} and {@code y} ({@code h × w}, row-major).
     *
     * @param taps   the 1-D window, odd length k, symmetric ({@code taps[t] == taps[k−1−t]}); the 2-D
     *               window is {@code taps ⊗ taps}
     * @param border {@code null} for valid positions only, else the border rule of a "same" output
     * @throws IllegalArgumentException when a valid geometry does not fit ({@code h < k} or {@code w < k});
     *                                  callers check sizes first and report them as values
     */
    public void compute(double[] x, double[] y, int h, int w, double[] taps, BorderMode border) {
        int k = taps.length;
        int r = k / 2;
        if (k % 2 == 0) {
            throw new IllegalArgumentException("window length must be odd, got " + k);
        }
        for (int t = 0; t < r; t++) {
            if (taps[t] != taps[k - 1 - t]) {
                throw new IllegalArgumentException("window must be symmetric: tap " + t + " differs from tap " + (k - 1 - t));
            }
        }
        if (border == null && (h < k || w < k)) {
            throw new IllegalArgumentException("image " + h + "x" + w + " is smaller than the " + k + "x" + k + " window");
        }
        outH = border == null ? h - k + 1 : h;
        outW = border == null ? w - k + 1 : w;
        int lineLength = outW + k - 1;
        ensure(h * outW, outH * outW, lineLength);

        // Pass 1: every input row, filtered horizontally into outW columns.
        for (int i = 0; i < h; i++) {
            int rowStart = i * w;
            if (border == null) {
                for (int j = 0; j < w; j++) {
                    double a = x[rowStart + j];
                    double b = y[rowStart + j];
                    lx[j] = a;
                    ly[j] = b;
                    lxx[j] = a * a;
                    lyy[j] = b * b;
                    lxy[j] = a * b;
                }
            } else {
                for (int j = 0; j < lineLength; j++) {
                    int src = border.map(j - r, w);
                    double a = src < 0 ? 0.0 : x[rowStart + src];
                    double b = src < 0 ? 0.0 : y[rowStart + src];
                    lx[j] = a;
                    ly[j] = b;
                    lxx[j] = a * a;
                    lyy[j] = b * b;
                    lxy[j] = a * b;
                }
            }
            filterLine(taps, i * outW);
        }

        // Pass 2: columns, one output row at a time: each tap adds a whole input row (a simple
        // multiply-add over contiguous memory that the JIT vectorises), the output row stays in cache.
        for (int i = 0; i < outH; i++) {
            int out = i * outW;
            boolean first = true;
            for (int t = 0; t < k; t++) {
                int src = border == null ? i + t : border.map(i + t - r, h);
                if (src < 0) {
                    continue;
                }
                double g = taps[t];
                int in = src * outW;
                if (first) {
                    scale(g, rx, in, mx, out, outW);
                    scale(g, ry, in, my, out, outW);
                    scale(g, rxx, in, mxx, out, outW);
                    scale(g, ryy, in, myy, out, outW);
                    scale(g, rxy, in, mxy, out, outW);
                    first = false;
                } else {
                    addScaled(g, rx, in, mx, out, outW);
                    addScaled(g, ry, in, my, out, outW);
                    addScaled(g, rxx, in, mxx, out, outW);
                    addScaled(g, ryy, in, myy, out, outW);
                    addScaled(g, rxy, in, mxy, out, outW);
                }
            }
            if (first) { // every tap fell outside (zero border): cannot happen for k <= 2h+1, kept for safety
                java.util.Arrays.fill(mx, out, out + outW, 0.0);
                java.util.Arrays.fill(my, out, out + outW, 0.0);
                java.util.Arrays.fill(mxx, out, out + outW, 0.0);
                java.util.Arrays.fill(myy, out, out + outW, 0.0);
                java.util.Arrays.fill(mxy, out, out + outW, 0.0);
            }
        }
    }

    private static void scale(double g, double[] src, int from, double[] dst, int to, int n) {
        for (int j = 0; j < n; j++) {
            dst[to + j] = g * src[from + j];
        }
    }

    private static void addScaled(double g, double[] src, int from, double[] dst, int to, int n) {
        for (int j = 0; j < n; j++) {
            dst[to + j] += g * src[from + j];
        }
    }

    /**
     * Filters the current line buffers into row {@code out} of the row maps. The window is symmetric
     * (g[t] = g[k−1−t]), so mirrored samples are added before the multiply: (k+1)/2 multiplies per
     * output instead of k.
     */
    private void filterLine(double[] taps, int out) {
        filterLine(taps, lx, rx, out);
        filterLine(taps, ly, ry, out);
        filterLine(taps, lxx, rxx, out);
        filterLine(taps, lyy, ryy, out);
        filterLine(taps, lxy, rxy, out);
    }

    private void filterLine(double[] taps, double[] line, double[] dst, int out) {
        int k = taps.length;
        int r = k / 2;
        double centre = taps[r];
        int n = outW;
        for (int j = 0; j < n; j++) {
            dst[out + j] = centre * line[j + r];
        }
        // tap by tap over the whole row: contiguous multiply-adds that the JIT vectorises
        for (int t = 0; t < r; t++) {
            double g = taps[t];
            int lo = t;
            int hi = k - 1 - t;
            for (int j = 0; j < n; j++) {
                dst[out + j] += g * (line[lo + j] + line[hi + j]);
            }
        }
    }

    private void ensure(int rowMaps, int maps, int line) {
        if (rx.length < rowMaps) {
            rx = new double[rowMaps];
            ry = new double[rowMaps];
            rxx = new double[rowMaps];
            ryy = new double[rowMaps];
            rxy = new double[rowMaps];
        }
        if (mx.length < maps) {
            mx = new double[maps];
            my = new double[maps];
            mxx = new double[maps];
            myy = new double[maps];
            mxy = new double[maps];
        }
        if (lx.length < line) {
            lx = new double[line];
            ly = new double[line];
            lxx = new double[line];
            lyy = new double[line];
            lxy = new double[line];
        }
    }

    /** Rows of the last computed maps. */
    public int height() {
        return outH;
    }

    /** Columns of the last computed maps. */
    public int width() {
        return outW;
    }

    /** E[x], row-major {@link #height()} × {@link #width()}; the array may be longer. Read only. */
    public double[] meanX() {
        return mx;
    }

    /** E[y]. */
    public double[] meanY() {
        return my;
    }

    /** E[x²]. */
    public double[] meanXX() {
        return mxx;
    }

    /** E[y²]. */
    public double[] meanYY() {
        return myy;
    }

    /** E[xy]. */
    public double[] meanXY() {
        return mxy;
    }
}
