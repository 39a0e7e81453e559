package org.imgloss.metrics;

/**
 * The five local moment maps SSIM needs — {@code E[x], E[y], E[x²], E[y²], E[xy]} under a
 * separable window — produced one output row at a time by filtering rows, then columns, in double
 * precision (spec §9).
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
 * <p>Streaming: {@link #start} fixes the inputs, each {@link #nextRow} computes the next output row.
 * Row-filtered input rows live in a ring of k rows, so the scratch memory is about
 * {@code 5·(k+2)·W} doubles whatever the height (a 10000×10000 image needs ~5 MB, not 8 GB of full
 * maps). Cost: 5 maps × ((k+1)/2 + k) multiply-adds per pixel. Scratch buffers grow to the largest
 * width seen and are reused across calls. Not thread-safe.
 */
public final class WindowedMoments {

    // the current output row of each map
    private double[] mx = new double[0];
    private double[] my = new double[0];
    private double[] mxx = new double[0];
    private double[] myy = new double[0];
    private double[] mxy = new double[0];
    // ring of k row-filtered input rows (slot = row mod k), outW each
    private double[] rx = new double[0];
    private double[] ry = new double[0];
    private double[] rxx = new double[0];
    private double[] ryy = new double[0];
    private double[] rxy = new double[0];
    // one (extended) input row and its products
    private double[] lx = new double[0];
    private double[] ly = new double[0];
    private double[] lxx = new double[0];
    private double[] lyy = new double[0];
    private double[] lxy = new double[0];

    private double[] x;
    private double[] y;
    private double[] taps;
    private BorderMode border;
    private int h;
    private int w;
    private int outH;
    private int outW;
    private int nextInputRow;
    private int row;

    /**
     * Starts the maps of {@code x} and {@code y} ({@code h × w}, row-major); call {@link #nextRow}
     * for each output row. The arrays are read, never written, and must not change until the last row.
     *
     * @param taps   the 1-D window, odd length k, symmetric ({@code taps[t] == taps[k−1−t]}); the 2-D
     *               window is {@code taps ⊗ taps}
     * @param border {@code null} for valid positions only, else the border rule of a "same" output
     * @throws IllegalArgumentException for a window that is even or asymmetric, or a valid geometry that
     *                                  does not fit ({@code h < k} or {@code w < k}); callers check
     *                                  sizes first and report them as values
     */
    public void start(double[] x, double[] y, int h, int w, double[] taps, BorderMode border) {
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
        this.x = x;
        this.y = y;
        this.h = h;
        this.w = w;
        this.taps = taps;
        this.border = border;
        outH = border == null ? h - k + 1 : h;
        outW = border == null ? w - k + 1 : w;
        ensure(k * outW, outW, outW + k - 1);
        nextInputRow = 0;
        row = -1;
    }

    /**
     * Computes the next output row into {@link #meanX()} … {@link #meanXY()}.
     *
     * @return false when every row has been produced (the inputs are then released)
     */
    public boolean nextRow() {
        int i = ++row;
        if (i >= outH) {
            x = null;
            y = null;
            return false;
        }
        int k = taps.length;
        int r = k / 2;
        // every input row output row i reads lies in [i - r, i + r] (valid: [i, i + k - 1]), so a ring of
        // k rows holds them all
        int needed = border == null ? i + k - 1 : Math.min(h - 1, i + r);
        while (nextInputRow <= needed) {
            filterInputRow(nextInputRow++);
        }
        boolean first = true;
        for (int t = 0; t < k; t++) {
            int src = border == null ? i + t : border.map(i + t - r, h);
            if (src < 0) {
                continue;
            }
            double g = taps[t];
            int in = (src % k) * outW;
            if (first) {
                scale(g, rx, in, mx, outW);
                scale(g, ry, in, my, outW);
                scale(g, rxx, in, mxx, outW);
                scale(g, ryy, in, myy, outW);
                scale(g, rxy, in, mxy, outW);
                first = false;
            } else {
                addScaled(g, rx, in, mx, outW);
                addScaled(g, ry, in, my, outW);
                addScaled(g, rxx, in, mxx, outW);
                addScaled(g, ryy, in, myy, outW);
                addScaled(g, rxy, in, mxy, outW);
            }
        }
        return true;
    }

    /** Filters input row {@code i} horizontally into its ring slot. */
    private void filterInputRow(int i) {
        int k = taps.length;
        int r = k / 2;
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
            int lineLength = outW + k - 1;
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
        int slot = (i % k) * outW;
        filterLine(lx, rx, slot);
        filterLine(ly, ry, slot);
        filterLine(lxx, rxx, slot);
        filterLine(lyy, ryy, slot);
        filterLine(lxy, rxy, slot);
    }

    /**
     * One line through the symmetric window: mirrored samples are added before the multiply,
     * (k+1)/2 multiplies per output; tap by tap over the whole line, so the inner loop is a
     * contiguous multiply-add the JIT vectorises.
     */
    private void filterLine(double[] line, double[] dst, int out) {
        int k = taps.length;
        int r = k / 2;
        int n = outW;
        double centre = taps[r];
        for (int j = 0; j < n; j++) {
            dst[out + j] = centre * line[j + r];
        }
        for (int t = 0; t < r; t++) {
            double g = taps[t];
            int hi = k - 1 - t;
            for (int j = 0; j < n; j++) {
                dst[out + j] += g * (line[t + j] + line[hi + j]);
            }
        }
    }

    private static void scale(double g, double[] src, int from, double[] dst, int n) {
        for (int j = 0; j < n; j++) {
            dst[j] = g * src[from + j];
        }
    }

    private static void addScaled(double g, double[] src, int from, double[] dst, int n) {
        for (int j = 0; j < n; j++) {
            dst[j] += g * src[from + j];
        }
    }

    private void ensure(int ring, int rowLength, int line) {
        if (rx.length < ring) {
            rx = new double[ring];
            ry = new double[ring];
            rxx = new double[ring];
            ryy = new double[ring];
            rxy = new double[ring];
        }
        if (mx.length < rowLength) {
            mx = new double[rowLength];
            my = new double[rowLength];
            mxx = new double[rowLength];
            myy = new double[rowLength];
            mxy = new double[rowLength];
        }
        if (lx.length < line) {
            lx = new double[line];
            ly = new double[line];
            lxx = new double[line];
            lyy = new double[line];
            lxy = new double[line];
        }
    }

    /** Rows of the maps being produced. */
    public int height() {
        return outH;
    }

    /** Columns of the maps being produced. */
    public int width() {
        return outW;
    }

    /** Index of the current output row (−1 before the first {@link #nextRow}). */
    public int row() {
        return row;
    }

    /** E[x] of the current row, {@link #width()} values (the array may be longer). Read only. */
    public double[] meanX() {
        return mx;
    }

    /** E[y] of the current row. */
    public double[] meanY() {
        return my;
    }

    /** E[x²] of the current row. */
    public double[] meanXX() {
        return mxx;
    }

    /** E[y²] of the current row. */
    public double[] meanYY() {
        return myy;
    }

    /** E[xy] of the current row. */
    public double[] meanXY() {
        return mxy;
    }
}
