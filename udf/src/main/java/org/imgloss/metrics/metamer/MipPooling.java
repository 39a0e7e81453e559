package org.imgloss.metrics.metamer;

/**
 * odak's radially varying blur ({@code RadiallyVaryingBlur}, spec §7) for one map size and one LOD
 * map: a MIP chain of area halvings, each level bilinearly resampled to full size, blended per pixel
 * between levels {@code floor(λ)} and {@code floor(λ) + 1} with weight {@code λ mod 1}; λ at or
 * above the top level gives the top level (the global mean).
 *
 * <p><b>Same arithmetic, less work.</b> odak resizes every level to full resolution (28 full passes
 * per blur at 256²); here the sampling plan (level, blend weight, bilinear rows/columns and weights
 * per level) is built once per (size, LOD map) and each output pixel reads only the 8 samples it
 * needs. The plan is reused for every band of that size, for μ and σ and for both images of a pair.
 *
 * <p><b>MIP chain.</b> {@code M0 = X}; while both sides exceed 1, area-halve both (torch
 * {@code interpolate(scale_factor=0.5, mode="area")}: adaptive average pooling to floor(n/2));
 * then, while one side still exceeds 1, area-halve that side only. Where odak works (final level
 * 1×1, or 1×2 which odak averages over its width) this is exactly odak's chain; where odak crashes
 * (taller-than-wide maps, width ≥ 3 left over: spec §4, §7) it is the natural continuation.
 *
 * <p>Holds scratch buffers for the chain: <b>not thread-safe</b>.
 */
public final class MipPooling {

    private final int h;
    private final int w;
    private final int top; // index K of the last (1x1) level
    private final int[] levelH;
    private final int[] levelW;
    private final int[] levelOffset;
    private final int[][] row0;
    private final int[][] row1;
    private final double[][] rowLambda;
    private final int[][] col0;
    private final int[][] col1;
    private final double[][] colLambda;
    private final int[] pixelLevel; // floor(λ), or top when λ >= top
    private final double[] pixelFrac;
    private final double[] chainA;
    private final double[] chainB;
    private final double[][] colOneMinusLambda;
    /** Per MIP level k ≥ 1: the level rows some output row samples (the horizontal pass's rows). */
    private final int[][] hRows;
    /** Per output row: the range of MIP levels ≥ 1 its pixels sample (empty when lo > hi). */
    private final int[] rowLo;
    private final int[] rowHi;
    /** Scratch: level rows resampled to full width ([level][level row][x]), and the blended rows. */
    private final double[][][] hA;
    private final double[][][] hB;
    private final double[][] vA;
    private final double[][] vB;

    /**
     * @param h   map height
     * @param w   map width
     * @param lod λ per pixel (≥ 0), {@code h × w} row-major
     */
    public MipPooling(int h, int w, double[] lod) {
        if (lod.length != h * w) {
            throw new IllegalArgumentException("LOD map has " + lod.length + " samples, expected " + h + "x" + w);
        }
        this.h = h;
        this.w = w;
        int count = 1;
        for (int ch = h, cw = w; ch > 1 || cw > 1; count++) {
            int[] next = halve(ch, cw);
            ch = next[0];
            cw = next[1];
        }
        levelH = new int[count];
        levelW = new int[count];
        levelOffset = new int[count + 1];
        levelH[0] = h;
        levelW[0] = w;
        for (int k = 1; k < count; k++) {
            int[] next = halve(levelH[k - 1], levelW[k - 1]);
            levelH[k] = next[0];
            levelW[k] = next[1];
        }
        for (int k = 0; k < count; k++) {
            levelOffset[k + 1] = levelOffset[k] + levelH[k] * levelW[k];
        }
        top = count - 1;
        row0 = new int[count][];
        row1 = new int[count][];
        rowLambda = new double[count][];
        col0 = new int[count][];
        col1 = new int[count][];
        colLambda = new double[count][];
        for (int k = 0; k < count; k++) {
            row0[k] = new int[h];
            row1[k] = new int[h];
            rowLambda[k] = new double[h];
            axis(levelH[k], h, row0[k], row1[k], rowLambda[k]);
            col0[k] = new int[w];
            col1[k] = new int[w];
            colLambda[k] = new double[w];
            axis(levelW[k], w, col0[k], col1[k], colLambda[k]);
        }
        pixelLevel = new int[h * w];
        pixelFrac = new double[h * w];
        for (int i = 0; i < h * w; i++) {
            double l = lod[i];
            if (!(l >= 0)) {
                throw new IllegalArgumentException("LOD must be >= 0, got " + l);
            }
            if (l >= top) {
                pixelLevel[i] = top;
                pixelFrac[i] = 0.0;
            } else {
                int k = (int) Math.floor(l);
                pixelLevel[i] = k;
                pixelFrac[i] = l - k;
            }
        }
        chainA = new double[levelOffset[count]];
        chainB = new double[levelOffset[count]];
        colOneMinusLambda = new double[count][w];
        for (int k = 0; k < count; k++) {
            for (int x = 0; x < w; x++) {
                colOneMinusLambda[k][x] = 1 - colLambda[k][x];
            }
        }
        rowLo = new int[h];
        rowHi = new int[h];
        boolean[][] rowUsed = new boolean[count][];
        for (int k = 0; k < count; k++) {
            rowUsed[k] = new boolean[levelH[k]];
        }
        for (int y = 0; y < h; y++) {
            int lo = count;
            int hi = 0;
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int k = pixelLevel[i];
                if (k >= top) {
                    continue;
                }
                int first = Math.max(k, 1);
                int last = pixelFrac[i] == 0.0 ? k : k + 1;
                if (first <= last) {
                    lo = Math.min(lo, first);
                    hi = Math.max(hi, last);
                }
            }
            rowLo[y] = lo;
            rowHi[y] = hi;
            for (int k = lo; k <= hi; k++) {
                rowUsed[k][row0[k][y]] = true;
                rowUsed[k][row1[k][y]] = true;
            }
        }
        hRows = new int[count][];
        hA = new double[count][][];
        hB = new double[count][][];
        vA = new double[count][];
        vB = new double[count][];
        for (int k = 1; k < count; k++) {
            int used = 0;
            for (boolean u : rowUsed[k]) {
                used += u ? 1 : 0;
            }
            hRows[k] = new int[used];
            for (int r = 0, n = 0; r < levelH[k]; r++) {
                if (rowUsed[k][r]) {
                    hRows[k][n++] = r;
                }
            }
            hA[k] = new double[levelH[k]][];
            hB[k] = new double[levelH[k]][];
            for (int r : hRows[k]) {
                hA[k][r] = new double[w];
                hB[k][r] = new double[w];
            }
            if (hRows[k].length > 0) {
                vA[k] = new double[w];
                vB[k] = new double[w];
            }
        }
    }

    public int height() {
        return h;
    }

    public int width() {
        return w;
    }

    /** Index K of the top (1×1) MIP level. */
    public int topLevel() {
        return top;
    }

    /** Size of MIP level {@code k} as {height, width}. */
    public int[] levelSize(int k) {
        return new int[] {levelH[k], levelW[k]};
    }

    /** The blurred map {@code blur(x, λ)}. */
    public double[] blur(double[] x) {
        checkSize(x);
        buildChain(x, chainA, false);
        double[] out = new double[h * w];
        for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
                out[y * w + xx] = sample(chainA, y, xx);
            }
        }
        return out;
    }

    /**
     * Pooled mean {@code μ = blur(x)} and standard deviation {@code σ = sqrt(max(blur(x²) − μ², 1e−7))}
     * (odak's {@code find_stats}), written into {@code mean} and {@code std}.
     *
     * <p>The bilinear samples are taken in two separable passes with the same products and sums as
     * {@link #blur}'s per-pixel form, so the values are the same bit for bit: first each needed row of
     * each needed MIP level is resampled to full width ({@code (1 − λx)·a + λx·b}, {@link #hRows}), then
     * for each output row the levels that row needs are blended vertically ({@code (1 − λy)·top +
     * λy·bottom}) in loops over whole rows, and each pixel picks its two levels from those rows.
     */
    public void meanAndStd(double[] x, double[] mean, double[] std) {
        checkSize(x);
        buildChain(x, chainA, false);
        buildChain(x, chainB, true);
        double topA = chainA[levelOffset[top]];
        double topB = chainB[levelOffset[top]];
        for (int k = 1; k <= top; k++) {
            int off = levelOffset[k];
            int lw = levelW[k];
            int[] c0 = col0[k];
            int[] c1 = col1[k];
            double[] lx = colLambda[k];
            double[] lx1 = colOneMinusLambda[k];
            for (int r : hRows[k]) {
                int base = off + r * lw;
                double[] ha = hA[k][r];
                double[] hb = hB[k][r];
                for (int xx = 0; xx < w; xx++) {
                    ha[xx] = lx1[xx] * chainA[base + c0[xx]] + lx[xx] * chainA[base + c1[xx]];
                    hb[xx] = lx1[xx] * chainB[base + c0[xx]] + lx[xx] * chainB[base + c1[xx]];
                }
            }
        }
        for (int y = 0; y < h; y++) {
            for (int k = rowLo[y]; k <= rowHi[y]; k++) {
                double ly = rowLambda[k][y];
                double ly1 = 1 - ly;
                double[] a0 = hA[k][row0[k][y]];
                double[] a1 = hA[k][row1[k][y]];
                double[] b0 = hB[k][row0[k][y]];
                double[] b1 = hB[k][row1[k][y]];
                double[] va = vA[k];
                double[] vb = vB[k];
                for (int xx = 0; xx < w; xx++) {
                    va[xx] = ly1 * a0[xx] + ly * a1[xx];
                    vb[xx] = ly1 * b0[xx] + ly * b1[xx];
                }
            }
            int row = y * w;
            for (int xx = 0; xx < w; xx++) {
                int i = row + xx;
                int k = pixelLevel[i];
                double m;
                double q;
                if (k >= top) {
                    m = topA;
                    q = topB;
                } else {
                    double ma = k == 0 ? chainA[i] : vA[k][xx];
                    double qa = k == 0 ? chainB[i] : vB[k][xx];
                    double f = pixelFrac[i];
                    if (f == 0.0) {
                        // (1 − 0)·a + 0·b = a: the next level is not needed
                        m = ma;
                        q = qa;
                    } else {
                        m = (1 - f) * ma + f * vA[k + 1][xx];
                        q = (1 - f) * qa + f * vB[k + 1][xx];
                    }
                }
                mean[i] = m;
                std[i] = q;
            }
        }
        for (int i = 0; i < h * w; i++) {
            double m = mean[i];
            std[i] = Math.sqrt(Math.max(std[i] - m * m, 1e-7));
        }
    }

    private void checkSize(double[] x) {
        if (x.length != h * w) {
            throw new IllegalArgumentException("map has " + x.length + " samples, pooling is for " + h + "x" + w);
        }
    }

    private double sample(double[] chain, int y, int x) {
        int i = y * w + x;
        int k = pixelLevel[i];
        if (k >= top) {
            return chain[levelOffset[top]];
        }
        double f = pixelFrac[i];
        double a = k == 0 ? chain[i] : bilinear(chain, k, y, x);
        if (f == 0.0) {
            return a;
        }
        double b = bilinear(chain, k + 1, y, x);
        return (1 - f) * a + f * b;
    }

    private double bilinear(double[] chain, int k, int y, int x) {
        int off = levelOffset[k];
        int lw = levelW[k];
        int r0 = off + row0[k][y] * lw;
        int r1 = off + row1[k][y] * lw;
        int c0 = col0[k][x];
        int c1 = col1[k][x];
        double ly = rowLambda[k][y];
        double lx = colLambda[k][x];
        double top0 = (1 - lx) * chain[r0 + c0] + lx * chain[r0 + c1];
        double top1 = (1 - lx) * chain[r1 + c0] + lx * chain[r1 + c1];
        return (1 - ly) * top0 + ly * top1;
    }

    private void buildChain(double[] x, double[] chain, boolean square) {
        if (square) {
            for (int i = 0; i < x.length; i++) {
                chain[i] = x[i] * x[i];
            }
        } else {
            System.arraycopy(x, 0, chain, 0, x.length);
        }
        for (int k = 1; k <= top; k++) {
            areaResize(chain, levelOffset[k - 1], levelH[k - 1], levelW[k - 1], chain, levelOffset[k], levelH[k],
                    levelW[k]);
        }
    }

    /** The next MIP level's size: both sides halved while both exceed 1, then the remaining side. */
    static int[] halve(int ch, int cw) {
        if (ch > 1 && cw > 1) {
            return new int[] {ch / 2, cw / 2};
        }
        return new int[] {ch > 1 ? ch / 2 : ch, cw > 1 ? cw / 2 : cw};
    }

    /**
     * torch adaptive average pooling from {@code ih × iw} to {@code oh × ow}: output cell (i, j)
     * averages input rows {@code floor(i·ih/oh) … ceil((i+1)·ih/oh) − 1} and likewise columns.
     */
    static void areaResize(double[] in, int inOff, int ih, int iw, double[] out, int outOff, int oh, int ow) {
        if (ih == 2 * oh && iw == 2 * ow) {
            // exact halving: the mean of each 2x2 block, summed in the same order as the general case
            for (int i = 0; i < oh; i++) {
                int a = inOff + 2 * i * iw;
                int b = a + iw;
                int o = outOff + i * ow;
                for (int j = 0; j < ow; j++) {
                    out[o + j] = (in[a + 2 * j] + in[a + 2 * j + 1] + in[b + 2 * j] + in[b + 2 * j + 1]) / 4;
                }
            }
            return;
        }
        for (int i = 0; i < oh; i++) {
            int r0 = (i * ih) / oh;
            int r1 = ((i + 1) * ih + oh - 1) / oh;
            for (int j = 0; j < ow; j++) {
                int c0 = (j * iw) / ow;
                int c1 = ((j + 1) * iw + ow - 1) / ow;
                double s = 0;
                for (int r = r0; r < r1; r++) {
                    int base = inOff + r * iw;
                    for (int c = c0; c < c1; c++) {
                        s += in[base + c];
                    }
                }
                out[outOff + i * ow + j] = s / ((r1 - r0) * (c1 - c0));
            }
        }
    }

    /** Area halving of a plane (torch {@code interpolate(scale_factor=0.5, mode="area")}). */
    static double[] areaHalf(double[] in, int ih, int iw) {
        double[] out = new double[(ih / 2) * (iw / 2)];
        areaResize(in, 0, ih, iw, out, 0, ih / 2, iw / 2);
        return out;
    }

    /**
     * torch bilinear resize along one axis ({@code align_corners=False}): source position
     * {@code p = max(0, (o + 0.5)·nIn/nOut − 0.5)}, {@code i0 = floor(p)}, {@code i1 = min(i0+1, nIn−1)},
     * weight {@code p − i0}.
     */
    static void axis(int nIn, int nOut, int[] i0, int[] i1, double[] lambda) {
        double s = (double) nIn / nOut;
        for (int o = 0; o < nOut; o++) {
            double p = (o + 0.5) * s - 0.5;
            if (p < 0) {
                p = 0;
            }
            int a = (int) Math.floor(p);
            if (a > nIn - 1) {
                a = nIn - 1;
            }
            i0[o] = a;
            i1[o] = Math.min(a + 1, nIn - 1);
            lambda[o] = p - a;
        }
    }
}
