package org.imgloss.metrics.metamer;

import java.util.Arrays;

/**
 * A 2-D filter kernel, {@code rows × cols} taps in row-major order, applied as a cross-correlation
 * (torch {@code conv2d} does not flip the kernel):
 * {@code out[y][x] = Σ_i Σ_j in[y+i−r][x+j−r] · k[i][j]} with {@code r = (k−1) div 2}.
 *
 * <p>Border handling is reflect padding of {@code r} on every side ({@link Reflect}). An odd-sized
 * filter therefore keeps the input size; an even-sized one ({@code r = 0}, no padding) shrinks it by
 * {@code k − 1}, exactly as odak's {@code 2×2} lowpass for six orientations does.
 *
 * @param rows number of rows (≥ 1)
 * @param cols number of columns (≥ 1)
 * @param taps {@code rows × cols} taps, row-major; owned by the filter, never modified
 */
public record Filter2D(int rows, int cols, double[] taps) {

    public Filter2D {
        if (rows < 1 || cols < 1 || taps.length != rows * cols) {
            throw new IllegalArgumentException("filter needs rows*cols taps, got " + rows + "x" + cols + " and "
                    + taps.length);
        }
    }

    /** Tap at row {@code i}, column {@code j}. */
    public double tap(int i, int j) {
        return taps[i * cols + j];
    }

    /** Padding on each side: {@code (rows − 1) div 2}. */
    public int rowRadius() {
        return (rows - 1) / 2;
    }

    /** Padding on each side: {@code (cols − 1) div 2}. */
    public int colRadius() {
        return (cols - 1) / 2;
    }

    /** Sum of all taps. */
    public double sum() {
        double s = 0;
        for (double t : taps) {
            s += t;
        }
        return s;
    }

    /** This filter with one tap changed by {@code delta} (for tests). */
    Filter2D withTapAdded(int i, int j, double delta) {
        double[] t = taps.clone();
        t[i * cols + j] += delta;
        return new Filter2D(rows, cols, t);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Filter2D f && f.rows == rows && f.cols == cols && Arrays.equals(f.taps, taps);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(taps);
    }

    @Override
    public String toString() {
        return "Filter2D[" + rows + "x" + cols + ", sum " + sum() + "]";
    }
}
