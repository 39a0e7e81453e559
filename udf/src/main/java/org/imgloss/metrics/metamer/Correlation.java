package org.imgloss.metrics.metamer;

/**
 * Single-channel 2-D cross-correlation with reflect padding of {@code (k − 1) div 2} on every side
 * (torch {@code conv2d} after {@code ReflectionPad2d}), plus the two fused forms the steerable
 * pyramid needs: correlation followed by keeping even rows and columns (downsampling), and
 * correlation of a zero-inserted upsampled image (reconstruction), which skips the taps that only
 * ever meet inserted zeros. The fused forms give the same sums as the plain form applied to the
 * explicit arrays (same taps, same order of the non-zero terms).
 */
final class Correlation {

    private Correlation() {
    }

    /** Output rows of {@link #correlate}: {@code h + 2r − k + 1}. */
    static int outRows(int h, Filter2D k) {
        return h + 2 * k.rowRadius() - k.rows() + 1;
    }

    /** Output columns of {@link #correlate}. */
    static int outCols(int w, Filter2D k) {
        return w + 2 * k.colRadius() - k.cols() + 1;
    }

    /** Correlates a {@code h × w} plane; the result has {@link #outRows} × {@link #outCols} samples. */
    static double[] correlate(double[] in, int h, int w, Filter2D k) {
        return correlate(in, h, w, k, 1.0);
    }

    /**
     * Adds {@code sign · correlate(in, k)} to {@code out} (which has the output size). With
     * {@code sign = −1} this equals correlating with the negated filter, exactly (negation is exact).
     */
    static void accumulate(double[] in, int h, int w, Filter2D k, double sign, double[] out) {
        double[] c = correlate(in, h, w, k, sign);
        for (int i = 0; i < c.length; i++) {
            out[i] += c[i];
        }
    }

    /**
     * {@code sign · correlate(in, k)} into a new array.
     *
     * <p>The JDK 17 JIT vectorises a loop only when every array it touches is indexed at the same
     * offset, so the taps are not applied by reading a padded row at several offsets: each padded row
     * is copied once into {@code kw} shifted arrays ({@code shifted[j][x] = row[x + j]}, arraycopy),
     * and every output row it contributes to adds {@code Σ_j tap · shifted[j][x]} into its own
     * accumulator row. Padded rows are visited in order, so each output still sums its kernel rows
     * top to bottom and, within a row, the same taps in the same groups: the sums are the same, bit
     * for bit, as correlating in place.
     */
    private static double[] correlate(double[] in, int h, int w, Filter2D k, double sign) {
        return correlate(in, h, w, k, sign, 1);
    }

    /**
     * {@code sign · correlate(in, k)} keeping every {@code step}-th row and column (from the first):
     * output row y sums padded rows {@code step·y … step·y + kh − 1}, column x reads padded columns
     * from {@code step·x}. For step 2 the shifted arrays are filled by a strided copy; the sums are
     * the same as for step 1 at the kept samples.
     */
    private static double[] correlate(double[] in, int h, int w, Filter2D k, double sign, int step) {
        int r = k.rowRadius();
        int c = k.colRadius();
        int oh = (outRows(h, k) + step - 1) / step;
        int ow = (outCols(w, k) + step - 1) / step;
        double[] p = (r == 0 && c == 0) ? in : Reflect.pad(in, h, w, r, r, c, c);
        int pw = w + 2 * c;
        int kh = k.rows();
        int kw = k.cols();
        double[] out = new double[oh * ow];
        double[] taps = new double[kh * kw];
        for (int t = 0; t < taps.length; t++) {
            taps[t] = sign * k.taps()[t];
        }
        double[][] shifted = new double[kw][ow];
        // accumulator of output row y: acc[y % kh]; row y receives padded rows y .. y + kh - 1
        double[][] acc = new double[kh][ow];
        int ph = step * (oh - 1) + kh;
        for (int py = 0; py < ph; py++) {
            for (int j = 0; j < kw; j++) {
                if (step == 1) {
                    System.arraycopy(p, py * pw + j, shifted[j], 0, ow);
                } else {
                    double[] sj = shifted[j];
                    for (int x = 0, q = py * pw + j; x < ow; x++, q += step) {
                        sj[x] = p[q];
                    }
                }
            }
            // output rows y = (py - i) / step for kernel rows i, in the order each output meets them
            // (i ascending over successive py): row y gets kernel row i = py - step·y now
            for (int i = Math.min(kh - 1, py); i >= 0; i--) {
                if ((py - i) % step != 0) {
                    continue;
                }
                int y = (py - i) / step;
                if (y >= oh) {
                    continue;
                }
                addRow(taps, i * kw, kw, shifted, acc[y % kh], ow);
                if (i == kh - 1) {
                    double[] done = acc[y % kh];
                    System.arraycopy(done, 0, out, y * ow, ow);
                    java.util.Arrays.fill(done, 0.0);
                }
            }
        }
        return out;
    }

    /** {@code a[x] += Σ_j taps[t + j] · shifted[j][x]}, five taps per sweep, then three, then one. */
    private static void addRow(double[] taps, int t, int kw, double[][] shifted, double[] a, int ow) {
        int j = 0;
        for (; j + 5 <= kw; j += 5) {
            add5(a, taps[t + j], shifted[j], taps[t + j + 1], shifted[j + 1], taps[t + j + 2], shifted[j + 2],
                    taps[t + j + 3], shifted[j + 3], taps[t + j + 4], shifted[j + 4], ow);
        }
        for (; j + 3 <= kw; j += 3) {
            add3(a, taps[t + j], shifted[j], taps[t + j + 1], shifted[j + 1], taps[t + j + 2], shifted[j + 2], ow);
        }
        for (; j < kw; j++) {
            double t0 = taps[t + j];
            double[] s0 = shifted[j];
            for (int x = 0; x < ow; x++) {
                a[x] += t0 * s0[x];
            }
        }
    }

    private static void add5(double[] a, double t0, double[] s0, double t1, double[] s1, double t2, double[] s2,
                             double t3, double[] s3, double t4, double[] s4, int ow) {
        for (int x = 0; x < ow; x++) {
            a[x] += t0 * s0[x] + t1 * s1[x] + t2 * s2[x] + t3 * s3[x] + t4 * s4[x];
        }
    }

    private static void add3(double[] a, double t0, double[] s0, double t1, double[] s1, double t2, double[] s2,
                             int ow) {
        for (int x = 0; x < ow; x++) {
            a[x] += t0 * s0[x] + t1 * s1[x] + t2 * s2[x];
        }
    }

    /**
     * {@code correlate(in, k)} followed by keeping rows 0, 2, 4, … and columns 0, 2, 4, …, computing
     * only the kept samples. Output {@code ceil(outRows/2) × ceil(outCols/2)}.
     */
    static double[] correlateDown(double[] in, int h, int w, Filter2D k) {
        return correlate(in, h, w, k, 1.0, 2);
    }

    /**
     * Correlates the zero-inserted upsampling of a {@code h × w} plane ({@code up[2i][2j] = in[i][j]},
     * zeros elsewhere, size {@code 2h × 2w}) with {@code k}. Reflection preserves index parity on an
     * even-sized axis, so a padded sample is non-zero only where its offset from the pad is even;
     * only those taps are visited. Output {@link #outRows}{@code (2h)} × {@link #outCols}{@code (2w)}.
     */
    static double[] correlateUp(double[] in, int h, int w, Filter2D k) {
        int uh = 2 * h;
        int uw = 2 * w;
        int r = k.rowRadius();
        int c = k.colRadius();
        int oh = outRows(uh, k);
        int ow = outCols(uw, k);
        int ph = uh + 2 * r;
        int pw = uw + 2 * c;
        // padded upsampled image: row py holds up[reflect(py - r)], non-zero only when that index is even
        double[] p = new double[ph * pw];
        int[] colSrc = new int[pw];
        for (int x = 0; x < pw; x++) {
            int u = Reflect.index(x - c, uw);
            colSrc[x] = (u % 2 == 0) ? u / 2 : -1;
        }
        for (int y = 0; y < ph; y++) {
            int u = Reflect.index(y - r, uh);
            if (u % 2 != 0) {
                continue;
            }
            int src = (u / 2) * w;
            int dst = y * pw;
            for (int x = 0; x < pw; x++) {
                if (colSrc[x] >= 0) {
                    p[dst + x] = in[src + colSrc[x]];
                }
            }
        }
        double[] out = new double[oh * ow];
        double[] taps = k.taps();
        int kw = k.cols();
        for (int y = 0; y < oh; y++) {
            int o = y * ow;
            for (int i = 0; i < k.rows(); i++) {
                // padded row y + i is non-zero only when (y + i - r) is even
                if (((y + i - r) & 1) != 0) {
                    continue;
                }
                int base = (y + i) * pw;
                int t = i * kw;
                // padded column x + j is non-zero only when (x + j - c) is even: for each parity of j,
                // the output columns x0, x0 + 2, ... meet taps j, j + 2, j + 4, ... (two at a time)
                for (int parity = 0; parity < 2 && parity < kw; parity++) {
                    int x0 = ((parity - c) & 1) == 0 ? 0 : 1;
                    int j = parity;
                    for (; j + 2 < kw; j += 4) {
                        double t0 = taps[t + j];
                        double t1 = taps[t + j + 2];
                        int b = base + j;
                        for (int x = x0; x < ow; x += 2) {
                            out[o + x] += t0 * p[b + x] + t1 * p[b + x + 2];
                        }
                    }
                    for (; j < kw; j += 2) {
                        double t0 = taps[t + j];
                        int b = base + j;
                        for (int x = x0; x < ow; x += 2) {
                            out[o + x] += t0 * p[b + x];
                        }
                    }
                }
            }
        }
        return out;
    }
}
