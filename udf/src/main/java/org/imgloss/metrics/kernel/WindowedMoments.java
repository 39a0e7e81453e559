package org.imgloss.metrics.kernel;


/**
 * The five local moment maps SSIM needs — {@code E[x], E[y], E[x²], E[y²], E[xy]} under a
 * separable window — produced {@value #BLOCK} output rows at a time by filtering columns, then rows,
 * in double precision (spec §9).
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
 * <p>Streaming: {@link #start} fixes the inputs, each {@link #nextBlock} computes the next block of up
 * to {@value #BLOCK} output rows. The product rows of the input (x, y, x², y², xy over the extended
 * line) live in a ring of k+BLOCK rows (plus one row of zeros standing for the zero padding), so
 * the scratch memory is about {@code 5·(k + 4·BLOCK)·W} doubles whatever the height (a 10000×10000
 * image needs ~17 MB, not 8 GB of full maps). A block is made map by map (column pass of its rows,
 * interleaving, row pass), so one map's rows are reused while they are in the cache. Scratch buffers grow to the largest width seen and are
 * reused across calls. Not thread-safe.
 *
 * <p>Layout of a block: the maps of output rows {@code blockStart() … blockStart() + blockRows() − 1}
 * are interleaved, the value of row {@code blockStart() + r}, column {@code j} at index
 * {@code j·BLOCK + r}. Lanes {@code r ≥ blockRows()} of the last block hold stale values to be ignored.
 *
 * <p>Speed: every loop reads each array at one index, or one array at constant offsets that are
 * whole multiples of {@value #BLOCK} doubles (64 bytes, the widest vector): the forms the JDK 17 JIT
 * vectorises (it leaves scalar a loop reading one array at offsets that differ within a vector, or at
 * loop-invariant variable offsets). The column pass filters each map's ring rows (distinct arrays,
 * one index) into one line; the lines of {@value #BLOCK} output rows are interleaved, and the row pass
 * reads the interleaved block at offsets {@code t·BLOCK} (one loop per window length 3 … 11; longer
 * windows run a scalar loop). Both passes add mirrored samples before multiplying ((k+1)/2
 * multiplies per output). Cost: 4 or 5 maps × ((k+1)/2 + (k+1)/2)
 * multiply-adds per pixel plus one interleaving store per map and pixel.
 *
 * <p>Uniform windows (all taps equal, scikit-image's default 7×7) in the valid geometry use running
 * column sums: each output row adds the entering row and subtracts the leaving one (2 adds per value
 * whatever k). To bound the drift of the running sums, every {@value #RESYNC_ROWS}-th output row
 * recomputes the sums exactly from the k rows; the maps then stay within ~1e-15·scale² of the direct
 * sums (SsimOracleTest checks &lt; 1e-12 on a 1024-row image).
 */
public final class WindowedMoments {

    /** Output rows per block: 8 doubles are one 512-bit vector. */
    public static final int BLOCK = 8;
    /** Running column sums are recomputed exactly every this many output rows. */
    static final int RESYNC_ROWS = 32;

    // ring of k+BLOCK product rows (extended lines, slot = input row mod (k+BLOCK)), then one row of zeros;
    // one array per row, so the column pass reads distinct arrays at one index
    private double[][] px = new double[0][];
    private double[][] py = new double[0][];
    private double[][] pxx = new double[0][];
    private double[][] pyy = new double[0][];
    private double[][] pxy = new double[0][];
    // running column sums (uniform window, valid geometry)
    private double[] sx = new double[0];
    private double[] sy = new double[0];
    private double[] sxx = new double[0];
    private double[] syy = new double[0];
    private double[] sxy = new double[0];
    // the column-filtered lines of the block's output rows of one map (one per lane)
    private double[][] lines = new double[BLOCK][0];
    // the column-filtered lines of one block, interleaved
    private double[] bx = new double[0];
    private double[] by = new double[0];
    private double[] bxx = new double[0];
    private double[] byy = new double[0];
    private double[] bxy = new double[0];
    // the output block of each map, interleaved
    private double[] mx = new double[0];
    private double[] my = new double[0];
    private double[] mxx = new double[0];
    private double[] myy = new double[0];
    private double[] mxy = new double[0];
    // per lane of the current block: ring slots of the k rows its output row reads
    private int[][] rowSlot = new int[BLOCK][0];

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
    private int lineLength;
    private int nextInputRow;
    private int blockStart;
    private int blockRows;

    /**
     * Starts the maps of {@code x} and {@code y} ({@code h × w}, row-major); call {@link #nextBlock}
     * until it returns false. The arrays are read, never written, and must not change until the last block.
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
        lineLength = outW + k - 1;
        slots = k + BLOCK;
        ensure(slots + 1, lineLength, outW, k);
        // the zero row (slot k+BLOCK) is never written, but an earlier call with a larger window may have
        // used it as a ring row
        java.util.Arrays.fill(px[slots], 0.0);
        java.util.Arrays.fill(py[slots], 0.0);
        java.util.Arrays.fill(pxx[slots], 0.0);
        java.util.Arrays.fill(pyy[slots], 0.0);
        java.util.Arrays.fill(pxy[slots], 0.0);
        nextInputRow = 0;
        blockStart = 0;
        blockRows = 0;
    }

    /**
     * Computes the next block of output rows into {@link #meanX()} … {@link #meanXY()}.
     *
     * @return false when every row has been produced (the inputs are then released)
     */
    public boolean nextBlock() {
        int first = blockStart + blockRows;
        if (first >= outH) {
            x = null;
            y = null;
            blockStart = outH;
            blockRows = 0;
            return false;
        }
        blockStart = first;
        blockRows = Math.min(BLOCK, outH - first);
        int k = taps.length;
        int r = k / 2;
        int last = first + blockRows - 1;
        // every input row output row i reads lies in [i - r, i + r] (valid: [i, i + k - 1]); the ring
        // of k+BLOCK rows also still holds the row just before the block's (running sums subtract it)
        int needed = border == null ? last + k - 1 : Math.min(h - 1, last + r);
        while (nextInputRow <= needed) {
            products(nextInputRow++);
        }
        for (int lane = 0; lane < blockRows; lane++) {
            int i = first + lane;
            for (int t = 0; t < k; t++) {
                int src = border == null ? i + t : border.map(i + t - r, h);
                rowSlot[lane][t] = src < 0 ? slots : src % slots;
            }
        }
        // map by map: the column pass of the block's rows, interleaving, row pass
        filterMap(px, sx, bx, mx);
        filterMap(py, sy, by, my);
        filterMap(pxx, sxx, bxx, mxx);
        if (!sumOfSquares) {
            filterMap(pyy, syy, byy, myy);
        }
        filterMap(pxy, sxy, bxy, mxy);
        return true;
    }

    /** One map of the current block: column pass of each lane into {@link #lines}, interleaving, row pass. */
    private void filterMap(double[][] ring, double[] sum, double[] block, double[] out) {
        int n = lineLength;
        int k = taps.length;
        for (int lane = 0; lane < blockRows; lane++) {
            int i = blockStart + lane;
            int[] o = rowSlot[lane];
            if (!running) {
                columns(ring, o, lines[lane], n);
            } else if (i % RESYNC_ROWS == 0) {
                exactSum(ring, o, sum, k, n);
                scale(taps[0], sum, lines[lane], n);
            } else {
                slide(taps[0], ring[o[k - 1]], ring[(i - 1) % slots], sum, lines[lane], n);
            }
        }
        interleave(lines, block, n);
        filterRows(block, out);
    }

    /** The products of input row {@code i} over the extended line, into its ring slot. */
    private void products(int i) {
        int k = taps.length;
        int r = k / 2;
        int rowStart = i * w;
        int slot = i % slots;
        double[] lx = px[slot];
        double[] ly = py[slot];
        double[] lxx = pxx[slot];
        double[] lyy = pyy[slot];
        double[] lxy = pxy[slot];
        if (border == null) {
            System.arraycopy(x, rowStart, lx, 0, w);
            System.arraycopy(y, rowStart, ly, 0, w);
            if (sumOfSquares) {
                for (int j = 0; j < w; j++) {
                    double a = lx[j];
                    double b = ly[j];
                    lxx[j] = a * a + b * b;
                    lxy[j] = a * b;
                }
            } else {
                for (int j = 0; j < w; j++) {
                    double a = lx[j];
                    double b = ly[j];
                    lxx[j] = a * a;
                    lyy[j] = b * b;
                    lxy[j] = a * b;
                }
            }
            return;
        }
        int n = lineLength;
        // interior samples are copied directly, only the r samples at each end go through the rule
        int lo = Math.min(r, n);
        int hi = Math.max(lo, Math.min(n, w + r));
        for (int j = 0; j < lo; j++) {
            extendedSample(lx, ly, j, border.map(j - r, w), rowStart);
        }
        System.arraycopy(x, rowStart + lo - r, lx, lo, hi - lo);
        System.arraycopy(y, rowStart + lo - r, ly, lo, hi - lo);
        for (int j = hi; j < n; j++) {
            extendedSample(lx, ly, j, border.map(j - r, w), rowStart);
        }
        if (sumOfSquares) {
            for (int j = 0; j < n; j++) {
                double a = lx[j];
                double b = ly[j];
                lxx[j] = a * a + b * b;
                lxy[j] = a * b;
            }
        } else {
            for (int j = 0; j < n; j++) {
                double a = lx[j];
                double b = ly[j];
                lxx[j] = a * a;
                lyy[j] = b * b;
                lxy[j] = a * b;
            }
        }
    }

    private void extendedSample(double[] lx, double[] ly, int j, int src, int rowStart) {
        lx[j] = src < 0 ? 0.0 : x[rowStart + src];
        ly[j] = src < 0 ? 0.0 : y[rowStart + src];
    }

    /**
     * Interleaves the {@value #BLOCK} lines of one map into its block, {@code block[j·BLOCK + r] =
     * lines[r][j]}: scalar, but each pass writes whole cache lines in order (stale lanes of a partial
     * block are copied too and never read).
     */
    private static void interleave(double[][] lines, double[] block, int n) {
        double[] l0 = lines[0];
        double[] l1 = lines[1];
        double[] l2 = lines[2];
        double[] l3 = lines[3];
        double[] l4 = lines[4];
        double[] l5 = lines[5];
        double[] l6 = lines[6];
        double[] l7 = lines[7];
        for (int j = 0, p = 0; j < n; j++, p += BLOCK) {
            block[p] = l0[j];
            block[p + 1] = l1[j];
            block[p + 2] = l2[j];
            block[p + 3] = l3[j];
            block[p + 4] = l4[j];
            block[p + 5] = l5[j];
            block[p + 6] = l6[j];
            block[p + 7] = l7[j];
        }
    }

    /**
     * Row pass over an interleaved block: {@code out[p] = Σ_t taps[t] · in[p + t·BLOCK]} for the
     * {@code outW·BLOCK} outputs, symmetric taps paired: the centre and the outer pair, then two pairs
     * per sweep. The JDK 17 JIT vectorises a sweep only when its offsets are constants and its body is
     * small (at most about four reads of {@code in}: a longer body is not unrolled, so not vectorised),
     * hence one set of sweeps per usual window length (3 to 11 taps); other lengths take
     * {@link #filterRowsAnyK}.
     */
    private void filterRows(double[] in, double[] out) {
        double[] g = taps;
        int n = outW * BLOCK;
        switch (g.length) {
            case 11: {
                double g0 = g[0];
                double g1 = g[1];
                double g2 = g[2];
                double g3 = g[3];
                double g4 = g[4];
                double gc = g[5];
                for (int p = 0; p < n; p++) {
                    out[p] = gc * in[p + 40] + g0 * (in[p] + in[p + 80]);
                }
                for (int p = 0; p < n; p++) {
                    out[p] += g1 * (in[p + 8] + in[p + 72]) + g2 * (in[p + 16] + in[p + 64]);
                }
                for (int p = 0; p < n; p++) {
                    out[p] += g3 * (in[p + 24] + in[p + 56]) + g4 * (in[p + 32] + in[p + 48]);
                }
                return;
            }
            case 9: {
                double g0 = g[0];
                double g1 = g[1];
                double g2 = g[2];
                double g3 = g[3];
                double gc = g[4];
                for (int p = 0; p < n; p++) {
                    out[p] = gc * in[p + 32] + g0 * (in[p] + in[p + 64]);
                }
                for (int p = 0; p < n; p++) {
                    out[p] += g1 * (in[p + 8] + in[p + 56]) + g2 * (in[p + 16] + in[p + 48]);
                }
                for (int p = 0; p < n; p++) {
                    out[p] += g3 * (in[p + 24] + in[p + 40]);
                }
                return;
            }
            case 7: {
                double g0 = g[0];
                double g1 = g[1];
                double g2 = g[2];
                double gc = g[3];
                for (int p = 0; p < n; p++) {
                    out[p] = gc * in[p + 24] + g0 * (in[p] + in[p + 48]);
                }
                for (int p = 0; p < n; p++) {
                    out[p] += g1 * (in[p + 8] + in[p + 40]) + g2 * (in[p + 16] + in[p + 32]);
                }
                return;
            }
            case 5: {
                double g0 = g[0];
                double g1 = g[1];
                double gc = g[2];
                for (int p = 0; p < n; p++) {
                    out[p] = gc * in[p + 16] + g0 * (in[p] + in[p + 32]);
                }
                for (int p = 0; p < n; p++) {
                    out[p] += g1 * (in[p + 8] + in[p + 24]);
                }
                return;
            }
            case 3: {
                double g0 = g[0];
                double gc = g[1];
                for (int p = 0; p < n; p++) {
                    out[p] = gc * in[p + 8] + g0 * (in[p] + in[p + 16]);
                }
                return;
            }
            default:
                filterRowsAnyK(in, out, n);
        }
    }

    /** {@link #filterRows} for any odd k: the centre, then one pair per sweep (variable offsets, scalar). */
    private void filterRowsAnyK(double[] in, double[] out, int n) {
        int k = taps.length;
        int r = k / 2;
        double gc = taps[r];
        int c = r * BLOCK;
        for (int p = 0; p < n; p++) {
            out[p] = gc * in[p + c];
        }
        for (int t = 0; t < r; t++) {
            double gt = taps[t];
            int a = t * BLOCK;
            int e = (k - 1 - t) * BLOCK;
            for (int p = 0; p < n; p++) {
                out[p] += gt * (in[p + a] + in[p + e]);
            }
        }
    }

    /**
     * Column pass: {@code dst[j] = Σ_t taps[t] · ring[rowSlot[t]][j]}, symmetric taps paired, the
     * centre and the outer pair in the first sweep, then two pairs per sweep; every loop reads at most
     * five distinct row arrays at the same index (a small body, which the JIT unrolls and vectorises).
     */
    private void columns(double[][] ring, int[] o, double[] dst, int n) {
        int k = taps.length;
        int r = k / 2;
        double[] c = ring[o[r]];
        double gc = taps[r];
        if (r == 0) {
            for (int j = 0; j < n; j++) {
                dst[j] = gc * c[j];
            }
            return;
        }
        colInit1(c, gc, ring[o[0]], ring[o[k - 1]], taps[0], dst, n);
        int t = 1;
        for (; t + 2 <= r; t += 2) {
            colAdd2(ring[o[t]], ring[o[k - 1 - t]], taps[t], ring[o[t + 1]], ring[o[k - 2 - t]], taps[t + 1], dst, n);
        }
        if (t < r) {
            colAdd1(ring[o[t]], ring[o[k - 1 - t]], taps[t], dst, n);
        }
    }

    private static void colInit1(double[] c, double gc, double[] a0, double[] b0, double g0, double[] d, int n) {
        for (int j = 0; j < n; j++) {
            d[j] = gc * c[j] + g0 * (a0[j] + b0[j]);
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

    /** {@code sum[j] = Σ_t ring[o[t]][j]}, rows taken two at a time. */
    private static void exactSum(double[][] ring, int[] o, double[] sum, int k, int n) {
        double[] a = ring[o[0]];
        for (int j = 0; j < n; j++) {
            sum[j] = a[j];
        }
        int t = 1;
        for (; t + 2 <= k; t += 2) {
            double[] b = ring[o[t]];
            double[] c = ring[o[t + 1]];
            for (int j = 0; j < n; j++) {
                sum[j] += b[j] + c[j];
            }
        }
        if (t < k) {
            double[] b = ring[o[t]];
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

    private void ensure(int ringRows, int line, int width, int k) {
        if (rowSlot[0].length < k) {
            rowSlot = new int[BLOCK][k];
        }
        if (px.length < ringRows || px[0].length < line) {
            int rows = Math.max(ringRows, px.length);
            int len = Math.max(line, px.length == 0 ? 0 : px[0].length);
            px = new double[rows][len];
            py = new double[rows][len];
            pxx = new double[rows][len];
            pyy = new double[rows][len];
            pxy = new double[rows][len];
        }
        if (lines[0].length < line) {
            lines = new double[BLOCK][line];
            sx = new double[line];
            sy = new double[line];
            sxx = new double[line];
            syy = new double[line];
            sxy = new double[line];
            bx = new double[line * BLOCK];
            by = new double[line * BLOCK];
            bxx = new double[line * BLOCK];
            byy = new double[line * BLOCK];
            bxy = new double[line * BLOCK];
        }
        if (mx.length < width * BLOCK) {
            mx = new double[width * BLOCK];
            my = new double[width * BLOCK];
            mxx = new double[width * BLOCK];
            myy = new double[width * BLOCK];
            mxy = new double[width * BLOCK];
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

    /** Output row of lane 0 of the current block. */
    public int blockStart() {
        return blockStart;
    }

    /** Valid lanes (output rows) of the current block, 1 … {@value #BLOCK}. */
    public int blockRows() {
        return blockRows;
    }

    /**
     * E[x] of the current block, interleaved: row {@code blockStart() + r}, column {@code j} at
     * {@code j·BLOCK + r} ({@code width()·BLOCK} values; the array may be longer). Read only.
     */
    public double[] meanX() {
        return mx;
    }

    /** E[y] of the current block. */
    public double[] meanY() {
        return my;
    }

    /** E[x²] of the current block, or E[x² + y²] when started with {@code sumOfSquares}. */
    public double[] meanXX() {
        return mxx;
    }

    /** E[y²] of the current block (not computed when started with {@code sumOfSquares}). */
    public double[] meanYY() {
        return myy;
    }

    /** E[xy] of the current block. */
    public double[] meanXY() {
        return mxy;
    }
}
