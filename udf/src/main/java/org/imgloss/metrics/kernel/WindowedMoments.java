package org.imgloss.metrics.kernel;


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
 * Row-filtered input rows live in a ring of k+1 rows (plus one row of zeros standing for the zero
 * padding), so the scratch memory is about {@code 5·(k+5)·W} doubles whatever the height (a
 * 10000×10000 image needs ~5 MB, not 8 GB of full maps). Scratch buffers grow to the largest width
 * seen and are reused across calls. Not thread-safe.
 *
 * <p>Speed: both passes add mirrored samples before multiplying ((k+1)/2 multiplies per output) and
 * accumulate up to four taps per sweep over a row, so each output value is read and written
 * ⌈(k+1)/2 / 3⌉ times instead of k times. The column pass reads one array per ring row, a loop the
 * JIT vectorises. The JDK 17 JIT leaves a loop reading one array at several variable offsets scalar, so
 * the row pass first copies the extended line's k shifted views into k arrays (arraycopy) and then runs
 * the same loops as the column pass (10–20% less SSIM time than the scalar shifted reads).
 * Cost: 5 maps × ((k+1)/2 + (k+1)/2) multiply-adds per pixel.
 *
 * <p>Uniform windows (all taps equal, scikit-image's default 7×7) in the valid geometry use running
 * column sums: each output row adds the entering row and subtracts the leaving one (2 adds per value
 * whatever k). To bound the drift of the running sums, every {@value #RESYNC_ROWS}-th output row
 * recomputes the sums exactly from the k rows; the maps then stay within ~1e-15·scale² of the direct
 * sums (SsimOracleTest checks &lt; 1e-12 on a 1024-row image).
 */
public final class WindowedMoments {

    /** Running column sums are recomputed exactly every this many output rows. */
    static final int RESYNC_ROWS = 32;

    // the current output row of each map
    private double[] mx = new double[0];
    private double[] my = new double[0];
    private double[] mxx = new double[0];
    private double[] myy = new double[0];
    private double[] mxy = new double[0];
    // ring of k+1 row-filtered input rows (slot = row mod (k+1)), outW each, then one row of zeros;
    // one array per row: the JIT (17) vectorises loops over distinct arrays, not over several
    // offsets into one array
    private double[][] rx = new double[0][];
    private double[][] ry = new double[0][];
    private double[][] rxx = new double[0][];
    private double[][] ryy = new double[0][];
    private double[][] rxy = new double[0][];
    // running column sums (uniform window, valid geometry)
    private double[] sx = new double[0];
    private double[] sy = new double[0];
    private double[] sxx = new double[0];
    private double[] syy = new double[0];
    private double[] sxy = new double[0];
    // one (extended) input row and its products
    private double[] lx = new double[0];
    private double[] ly = new double[0];
    private double[] lxx = new double[0];
    private double[] lyy = new double[0];
    private double[] lxy = new double[0];
    // ring slots of the k rows the current output row reads
    private int[] rowSlot = new int[0];
    // offsets of the k taps within an extended line (0..k-1)
    private int[] lineOff = new int[0];
    // the k shifted copies of one extended line (row pass)
    private double[][] shifted = new double[0][];

    private double[] x;
    private double[] y;
    private double[] taps;
    private BorderMode border;
    private boolean running;
    private boolean sumOfSquares;
    private int slots;
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
        start(x, y, h, w, taps, border, false);
    }

    /**
     * As {@link #start(double[], double[], int, int, double[], BorderMode)}; with {@code sumOfSquares}
     * only four maps are made: {@link #meanXX()} then holds {@code E[x² + y²]} and {@link #meanYY()}
     * is not computed. SSIM without clamped variances needs only {@code σx² + σy²}, so it filters
     * one map less (a fifth less work).
     */
    public void start(double[] x, double[] y, int h, int w, double[] taps, BorderMode border, boolean sumOfSquares) {
        this.sumOfSquares = sumOfSquares;
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
        boolean uniform = true;
        for (int t = 1; t < k; t++) {
            uniform &= taps[t] == taps[0];
        }
        this.x = x;
        this.y = y;
        this.h = h;
        this.w = w;
        this.taps = taps;
        this.border = border;
        this.running = uniform && border == null && k > 1;
        outH = border == null ? h - k + 1 : h;
        outW = border == null ? w - k + 1 : w;
        slots = k + 1;
        ensure(slots + 1, outW, outW + k - 1, k);
        // the zero row (slot k+1) is never written, but an earlier call with a larger window may have
        // used it as a ring row
        java.util.Arrays.fill(rx[slots], 0.0);
        java.util.Arrays.fill(ry[slots], 0.0);
        java.util.Arrays.fill(rxx[slots], 0.0);
        java.util.Arrays.fill(ryy[slots], 0.0);
        java.util.Arrays.fill(rxy[slots], 0.0);
        for (int t = 0; t < k; t++) {
            lineOff[t] = t;
        }
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
        // every input row output row i reads lies in [i - r, i + r] (valid: [i, i + k - 1]); the ring
        // of k+1 rows also still holds the row just before them (running sums subtract it)
        int needed = border == null ? i + k - 1 : Math.min(h - 1, i + r);
        while (nextInputRow <= needed) {
            filterInputRow(nextInputRow++);
        }
        int n = outW;
        if (running) {
            double g = taps[0];
            if (i % RESYNC_ROWS == 0) {
                for (int t = 0; t < k; t++) {
                    rowSlot[t] = (i + t) % slots;
                }
                exactSum(rx, sx, k, n);
                exactSum(ry, sy, k, n);
                exactSum(rxx, sxx, k, n);
                if (!sumOfSquares) {
                    exactSum(ryy, syy, k, n);
                }
                exactSum(rxy, sxy, k, n);
            } else {
                int in = (i + k - 1) % slots;
                int out = (i - 1) % slots;
                slide(g, rx[in], rx[out], sx, mx, n);
                slide(g, ry[in], ry[out], sy, my, n);
                slide(g, rxx[in], rxx[out], sxx, mxx, n);
                if (!sumOfSquares) {
                    slide(g, ryy[in], ryy[out], syy, myy, n);
                }
                slide(g, rxy[in], rxy[out], sxy, mxy, n);
                return true;
            }
            scale(g, sx, mx, n);
            scale(g, sy, my, n);
            scale(g, sxx, mxx, n);
            if (!sumOfSquares) {
                scale(g, syy, myy, n);
            }
            scale(g, sxy, mxy, n);
            return true;
        }
        for (int t = 0; t < k; t++) {
            int src = border == null ? i + t : border.map(i + t - r, h);
            rowSlot[t] = src < 0 ? slots : src % slots;
        }
        columns(rx, mx);
        columns(ry, my);
        columns(rxx, mxx);
        if (!sumOfSquares) {
            columns(ryy, myy);
        }
        columns(rxy, mxy);
        return true;
    }

    /** Filters input row {@code i} horizontally into its ring slot. */
    private void filterInputRow(int i) {
        int k = taps.length;
        int r = k / 2;
        int rowStart = i * w;
        if (border == null && sumOfSquares) {
            for (int j = 0; j < w; j++) {
                double a = x[rowStart + j];
                double b = y[rowStart + j];
                lx[j] = a;
                ly[j] = b;
                lxx[j] = a * a + b * b;
                lxy[j] = a * b;
            }
        } else if (border == null) {
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
            // interior samples are copied directly, only the r samples at each end go through the rule
            int lo = Math.min(r, lineLength);
            int hi = Math.max(lo, Math.min(lineLength, w + r));
            for (int j = 0; j < lo; j++) {
                extendedSample(j, border.map(j - r, w), rowStart);
            }
            for (int j = lo; j < hi; j++) {
                double a = x[rowStart + j - r];
                double b = y[rowStart + j - r];
                lx[j] = a;
                ly[j] = b;
                lxx[j] = a * a;
                lyy[j] = b * b;
                lxy[j] = a * b;
            }
            for (int j = hi; j < lineLength; j++) {
                extendedSample(j, border.map(j - r, w), rowStart);
            }
            if (sumOfSquares) {
                for (int j = 0; j < lineLength; j++) {
                    lxx[j] += lyy[j];
                }
            }
        }
        int slot = i % slots;
        rowFilter(lx, rx[slot]);
        rowFilter(ly, ry[slot]);
        rowFilter(lxx, rxx[slot]);
        if (!sumOfSquares) {
            rowFilter(lyy, ryy[slot]);
        }
        rowFilter(lxy, rxy[slot]);
    }

    /**
     * Row pass: copies the k shifted views of the extended line into k arrays (arraycopy, an intrinsic),
     * then runs the column routines over them, so every loop reads distinct arrays at one index and the
     * JIT vectorises it.
     */
    private void rowFilter(double[] line, double[] dst) {
        int k = taps.length;
        int n = outW;
        // offset 0 is the line itself
        double[] spare = shifted[0];
        shifted[0] = line;
        for (int t = 1; t < k; t++) {
            System.arraycopy(line, t, shifted[t], 0, n);
        }
        columns(shifted, lineOff, dst);
        shifted[0] = spare;
    }

    private void extendedSample(int j, int src, int rowStart) {
        double a = src < 0 ? 0.0 : x[rowStart + src];
        double b = src < 0 ? 0.0 : y[rowStart + src];
        lx[j] = a;
        ly[j] = b;
        lxx[j] = a * a;
        lyy[j] = b * b;
        lxy[j] = a * b;
    }

    /**
     * Column pass (and row pass over shifted copies): {@code dst[j] = Σ_t taps[t] · ring[o[t]][j]},
     * symmetric taps paired, the
     * centre and two pairs in the first sweep, then three pairs per sweep; every loop reads distinct
     * row arrays at the same index, which the JIT vectorises.
     */
    private void columns(double[][] ring, double[] dst) {
        columns(ring, rowSlot, dst);
    }

    private void columns(double[][] ring, int[] o, double[] dst) {
        int k = taps.length;
        int r = k / 2;
        int n = outW;
        double[] c = ring[o[r]];
        double gc = taps[r];
        if (r == 0) {
            for (int j = 0; j < n; j++) {
                dst[j] = gc * c[j];
            }
            return;
        }
        int t;
        if (r == 1) {
            colInit1(c, gc, ring[o[0]], ring[o[k - 1]], taps[0], dst, n);
            return;
        }
        colInit2(c, gc, ring[o[0]], ring[o[k - 1]], taps[0], ring[o[1]], ring[o[k - 2]], taps[1], dst, n);
        for (t = 2; t + 3 <= r; t += 3) {
            colAdd3(ring[o[t]], ring[o[k - 1 - t]], taps[t], ring[o[t + 1]], ring[o[k - 2 - t]], taps[t + 1],
                    ring[o[t + 2]], ring[o[k - 3 - t]], taps[t + 2], dst, n);
        }
        if (r - t == 2) {
            colAdd2(ring[o[t]], ring[o[k - 1 - t]], taps[t], ring[o[t + 1]], ring[o[k - 2 - t]], taps[t + 1], dst, n);
        } else if (r - t == 1) {
            colAdd1(ring[o[t]], ring[o[k - 1 - t]], taps[t], dst, n);
        }
    }

    private static void colInit1(double[] c, double gc, double[] a0, double[] b0, double g0, double[] d, int n) {
        for (int j = 0; j < n; j++) {
            d[j] = gc * c[j] + g0 * (a0[j] + b0[j]);
        }
    }

    private static void colInit2(double[] c, double gc, double[] a0, double[] b0, double g0, double[] a1, double[] b1,
                                 double g1, double[] d, int n) {
        for (int j = 0; j < n; j++) {
            d[j] = gc * c[j] + g0 * (a0[j] + b0[j]) + g1 * (a1[j] + b1[j]);
        }
    }

    private static void colAdd1(double[] a0, double[] b0, double g0, double[] d, int n) {
        for (int j = 0; j < n; j++) {
            d[j] += g0 * (a0[j] + b0[j]);
        }
    }

    private static void colAdd2(double[] a0, double[] b0, double g0, double[] a1, double[] b1, double g1, double[] d,
                                int n) {
        for (int j = 0; j < n; j++) {
            d[j] += g0 * (a0[j] + b0[j]) + g1 * (a1[j] + b1[j]);
        }
    }

    private static void colAdd3(double[] a0, double[] b0, double g0, double[] a1, double[] b1, double g1, double[] a2,
                                double[] b2, double g2, double[] d, int n) {
        for (int j = 0; j < n; j++) {
            d[j] += g0 * (a0[j] + b0[j]) + g1 * (a1[j] + b1[j]) + g2 * (a2[j] + b2[j]);
        }
    }

    /** {@code sum[j] = Σ_t ring[rowSlot[t]][j]}, rows taken two at a time. */
    private void exactSum(double[][] ring, double[] sum, int k, int n) {
        double[] a = ring[rowSlot[0]];
        for (int j = 0; j < n; j++) {
            sum[j] = a[j];
        }
        int t = 1;
        for (; t + 2 <= k; t += 2) {
            double[] b = ring[rowSlot[t]];
            double[] c = ring[rowSlot[t + 1]];
            for (int j = 0; j < n; j++) {
                sum[j] += b[j] + c[j];
            }
        }
        if (t < k) {
            double[] b = ring[rowSlot[t]];
            for (int j = 0; j < n; j++) {
                sum[j] += b[j];
            }
        }
    }

    /** {@code sum += entering row − leaving row; mean = g · sum}. */
    private static void slide(double g, double[] in, double[] out, double[] sum, double[] mean, int n) {
        for (int j = 0; j < n; j++) {
            double s = sum[j] + (in[j] - out[j]);
            sum[j] = s;
            mean[j] = g * s;
        }
    }

    private static void scale(double g, double[] src, double[] dst, int n) {
        for (int j = 0; j < n; j++) {
            dst[j] = g * src[j];
        }
    }

    private void ensure(int ringRows, int rowLength, int line, int k) {
        if (rowSlot.length < k) {
            rowSlot = new int[k];
            lineOff = new int[k];
        }
        if (shifted.length < k || shifted[0].length < rowLength) {
            shifted = new double[Math.max(k, shifted.length)][Math.max(rowLength, shifted.length == 0 ? 0 : shifted[0].length)];
        }
        if (rx.length < ringRows || rx[0].length < rowLength) {
            int rows = Math.max(ringRows, rx.length);
            int len = Math.max(rowLength, rx.length == 0 ? 0 : rx[0].length);
            rx = new double[rows][len];
            ry = new double[rows][len];
            rxx = new double[rows][len];
            ryy = new double[rows][len];
            rxy = new double[rows][len];
        }
        if (mx.length < rowLength) {
            mx = new double[rowLength];
            my = new double[rowLength];
            mxx = new double[rowLength];
            myy = new double[rowLength];
            mxy = new double[rowLength];
            sx = new double[rowLength];
            sy = new double[rowLength];
            sxx = new double[rowLength];
            syy = new double[rowLength];
            sxy = new double[rowLength];
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

    /** E[x²] of the current row, or E[x² + y²] when started with {@code sumOfSquares}. */
    public double[] meanXX() {
        return mxx;
    }

    /** E[y²] of the current row (not computed when started with {@code sumOfSquares}). */
    public double[] meanYY() {
        return myy;
    }

    /** E[xy] of the current row. */
    public double[] meanXY() {
        return mxy;
    }
}
