package org.imgloss.metrics.metamer;

import org.imgloss.errors.ErrorCode;
import org.imgloss.metrics.MetricResult;

/**
 * odak's spatial steerable pyramid ({@code SpatialSteerablePyramid(use_bilinear_downup=False,
 * filter_type="cropped", filter_size=5)}) on one channel, spec §8.
 *
 * <p><b>Build</b> ({@code L} levels): {@code h = corr(X, h0)}; {@code low = corr(X, l0)}; level 0
 * bands {@code corr(low, b[k])}; for levels 1 … L−2 {@code low = corr(low, l)} keeping even rows and
 * columns, then that level's bands; finally one more down step gives the lowpass residual
 * {@code R} (size {@code H / 2^(L−1)}, ≈ 2^(L−1) × the local mean because {@code l} sums to 2).
 *
 * <p><b>Reconstruct</b>: {@code img = R}; for l = L−2 … 0, zero-insert upsample, {@code corr(·, l)},
 * subtract {@code corr(band, b[k])} for each band (odak adds the correlation with the negated filter);
 * finally {@code corr(img, l0) + corr(h, h0)}. With the cropped filters this is not an exact inverse
 * (astronaut 128² Y: mean |error| 0.030; spec §8.3), with the full filters it nearly is.
 *
 * <p>Every correlation uses reflect padding ({@link Correlation}). Instances are immutable and
 * thread-safe; {@link #build} allocates its outputs.
 */
public final class SteerablePyramid {

    private final SteerableFilters filters;
    private final int levels;

    /**
     * @param filters the filter set
     * @param levels  {@code n_pyramid_levels} L ≥ 2: L − 1 band levels plus the residual
     */
    public SteerablePyramid(SteerableFilters filters, int levels) {
        if (levels < 2) {
            throw new IllegalArgumentException("n_pyramid_levels must be >= 2, got " + levels);
        }
        this.filters = filters;
        this.levels = levels;
    }

    public SteerableFilters filters() {
        return filters;
    }

    public int levels() {
        return levels;
    }

    /**
     * A pair the metamer losses cannot score: {@link ErrorCode#TOO_SMALL} when the problem is the
     * pyramid's ({@link #sizeProblem}), else {@link ErrorCode#NOT_APPLICABLE}.
     */
    static MetricResult unscorable(String problem) {
        return MetricResult.notApplicable(problem.startsWith("pyramid") ? ErrorCode.TOO_SMALL
                : ErrorCode.NOT_APPLICABLE, problem);
    }

    /**
     * Why a {@code h × w} input cannot be decomposed, or {@code null} when it can: every map a filter
     * is applied to must be larger than the filter's padding (torch's reflect-padding rule, which odak
     * hits as "Padding size should be less than the corresponding input dimension").
     */
    public String sizeProblem(int h, int w) {
        int hl = h;
        int wl = w;
        for (int l = 0; l <= levels - 2; l++) {
            // 5x5 band filters need more than 2 samples; l needs more than its padding
            int need = Math.max(2, Math.max(filters.l().rowRadius(), filters.l().colRadius())) + 1;
            if (hl < need || wl < need) {
                return "pyramid level " + l + " is " + hl + "x" + wl + " but its filters need at least " + need + "x"
                        + need + " (input " + h + "x" + w + ", n_pyramid_levels " + levels + ")";
            }
            hl = (Correlation.outRows(hl, filters.l()) + 1) / 2;
            wl = (Correlation.outCols(wl, filters.l()) + 1) / 2;
        }
        return null;
    }

    /** Decomposes one {@code h × w} channel. */
    public Decomposition build(double[] x, int h, int w) {
        String problem = sizeProblem(h, w);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        int n = filters.orientations();
        double[] high = Correlation.correlate(x, h, w, filters.h0());
        double[] low = Correlation.correlate(x, h, w, filters.l0());
        int[] hs = new int[levels];
        int[] ws = new int[levels];
        double[][][] bands = new double[levels - 1][n][];
        int hl = h;
        int wl = w;
        for (int l = 0; l <= levels - 2; l++) {
            if (l > 0) {
                int nh = (Correlation.outRows(hl, filters.l()) + 1) / 2;
                int nw = (Correlation.outCols(wl, filters.l()) + 1) / 2;
                low = Correlation.correlateDown(low, hl, wl, filters.l());
                hl = nh;
                wl = nw;
            }
            hs[l] = hl;
            ws[l] = wl;
            for (int k = 0; k < n; k++) {
                bands[l][k] = Correlation.correlate(low, hl, wl, filters.band(k));
            }
        }
        int rh = (Correlation.outRows(hl, filters.l()) + 1) / 2;
        int rw = (Correlation.outCols(wl, filters.l()) + 1) / 2;
        double[] residual = Correlation.correlateDown(low, hl, wl, filters.l());
        hs[levels - 1] = rh;
        ws[levels - 1] = rw;
        return new Decomposition(h, w, high, bands, residual, hs, ws);
    }

    /**
     * Rebuilds a channel from a decomposition made with this pyramid's level count.
     *
     * @throws IllegalArgumentException when the upsampled sizes do not match the band sizes (odak's
     *                                  crash with the 2×2 lowpass of six orientations, spec §10.4)
     */
    public double[] reconstruct(Decomposition d) {
        double[] img = d.residual();
        int h = d.height(levels - 1);
        int w = d.width(levels - 1);
        for (int l = levels - 2; l >= 0; l--) {
            int oh = Correlation.outRows(2 * h, filters.l());
            int ow = Correlation.outCols(2 * w, filters.l());
            if (oh != d.height(l) || ow != d.width(l)) {
                throw new IllegalArgumentException("reconstruction size " + oh + "x" + ow + " does not match band level "
                        + l + " size " + d.height(l) + "x" + d.width(l) + " (lowpass filter " + filters.l().rows() + "x"
                        + filters.l().cols() + ")");
            }
            img = Correlation.correlateUp(img, h, w, filters.l());
            h = oh;
            w = ow;
            for (int k = 0; k < filters.orientations(); k++) {
                Correlation.accumulate(d.band(l, k), h, w, filters.band(k), -1.0, img);
            }
        }
        double[] out = Correlation.correlate(img, h, w, filters.l0());
        Correlation.accumulate(d.highpass(), d.inputHeight(), d.inputWidth(), filters.h0(), 1.0, out);
        return out;
    }

    /**
     * The maps of one decomposed channel. Arrays are owned by the decomposition; callers may replace
     * maps (metamer generation does) through {@link #setHighpass}, {@link #setBand} and
     * {@link #setResidual}.
     */
    public static final class Decomposition {
        private final int inputHeight;
        private final int inputWidth;
        private double[] highpass;
        private final double[][][] bands;
        private double[] residual;
        private final int[] heights;
        private final int[] widths;

        Decomposition(int inputHeight, int inputWidth, double[] highpass, double[][][] bands, double[] residual,
                      int[] heights, int[] widths) {
            this.inputHeight = inputHeight;
            this.inputWidth = inputWidth;
            this.highpass = highpass;
            this.bands = bands;
            this.residual = residual;
            this.heights = heights;
            this.widths = widths;
        }

        public int inputHeight() {
            return inputHeight;
        }

        public int inputWidth() {
            return inputWidth;
        }

        /** Highpass map, input size. */
        public double[] highpass() {
            return highpass;
        }

        public void setHighpass(double[] map) {
            highpass = checked(map, inputHeight * inputWidth);
        }

        /** Number of band levels (L − 1). */
        public int bandLevels() {
            return bands.length;
        }

        public int orientations() {
            return bands[0].length;
        }

        /** Band {@code k} of level {@code l}, size {@link #height}(l) × {@link #width}(l). */
        public double[] band(int l, int k) {
            return bands[l][k];
        }

        public void setBand(int l, int k, double[] map) {
            bands[l][k] = checked(map, heights[l] * widths[l]);
        }

        /** Lowpass residual, size {@link #height}(L−1) × {@link #width}(L−1). */
        public double[] residual() {
            return residual;
        }

        public void setResidual(double[] map) {
            residual = checked(map, heights[heights.length - 1] * widths[widths.length - 1]);
        }

        /** Height of level {@code l}'s maps (the residual at l = L−1). */
        public int height(int l) {
            return heights[l];
        }

        public int width(int l) {
            return widths[l];
        }

        private static double[] checked(double[] map, int size) {
            if (map.length != size) {
                throw new IllegalArgumentException("map has " + map.length + " samples, expected " + size);
            }
            return map;
        }
    }
}
