package org.imgloss.metrics.ssim;

import static org.imgloss.metrics.kernel.WindowedMoments.BLOCK;

import org.imgloss.metrics.kernel.BorderMode;
import org.imgloss.metrics.kernel.InterleavedSum;
import org.imgloss.metrics.kernel.WindowedMoments;

/**
 * Per-channel SSIM statistics shared by {@link Ssim} and {@link MsSsim}: the mean SSIM or the mean
 * contrast-structure term of one channel pair, from the five moment maps (spec §1.1):
 *
 * <pre>
 *   σx² = n·(E[x²] − μx²), σy² = n·(E[y²] − μy²), σxy = n·(E[xy] − μxμy)   (n = covariance factor)
 *   cs  = (2σxy + C2) / (σx² + σy² + C2)
 *   ssim = (2μxμy + C1) / (μx² + μy² + C1) · cs
 * </pre>
 *
 * Without clamping only the sum σx² + σy² enters, so the moments are four maps, with
 * {@code E[x² + y²]} in place of {@code E[x²]} and {@code E[y²]} (the same value up to rounding, one
 * map less to filter); with clamping (torchmetrics) all five.
 *
 * <p>Holds one {@link WindowedMoments} (scratch reused across calls). Not thread-safe.
 */
final class SsimMaps {

    private final WindowedMoments moments = new WindowedMoments();
    // one block of the cs map and of the SSIM map (the full maps are never stored)
    private double[] csBlock = new double[0];
    private double[] ssimBlock = new double[0];
    private final double[] taps;
    private final BorderMode border;
    private final double covarianceFactor;
    private final boolean clampVariances;

    /**
     * @param taps             1-D window (odd length)
     * @param border           {@code null} for valid positions, else the padding rule of a "same" map
     * @param covarianceFactor 1 for population covariance, NP/(NP−1) for scikit-image's sample covariance
     * @param clampVariances   clamp σx², σy² at 0 (torchmetrics ≥ 1.4.0)
     */
    SsimMaps(double[] taps, BorderMode border, double covarianceFactor, boolean clampVariances) {
        this.taps = taps.clone();
        this.border = border;
        this.covarianceFactor = covarianceFactor;
        this.clampVariances = clampVariances;
    }

    int windowSize() {
        return taps.length;
    }

    BorderMode border() {
        return border;
    }

    /**
     * Mean of the SSIM map of one channel pair over all its positions.
     */
    double meanSsim(double[] x, double[] y, int h, int w, double c1, double c2) {
        moments.start(x, y, h, w, taps, border, !clampVariances);
        int mh = moments.height();
        int mw = moments.width();
        double sum = 0;
        while (moments.nextBlock()) {
            ssimBlock(mw, c1, c2);
            sum += blockSum(ssimBlock, moments.blockStart(), moments.blockRows(), 0, mh, 0, mw);
        }
        return sum / ((double) mh * mw);
    }

    /**
     * Mean of the contrast-structure map {@code cs} of one channel pair (MS-SSIM's finer scales).
     *
     * @param crop positions removed from every side of the map before averaging
     */
    double meanCs(double[] x, double[] y, int h, int w, double c2, int crop) {
        moments.start(x, y, h, w, taps, border, !clampVariances);
        int mh = moments.height();
        int mw = moments.width();
        double sum = 0;
        while (moments.nextBlock()) {
            int first = moments.blockStart();
            int rows = moments.blockRows();
            if (first + rows <= crop || first >= mh - crop) {
                continue;
            }
            csBlock(mw, c2);
            sum += blockSum(csBlock, first, rows, crop, mh - crop, crop, mw - crop);
        }
        return sum / ((double) (mh - 2 * crop) * (mw - 2 * crop));
    }

    /**
     * The SSIM map of one channel pair, row-major, {@code mapSize[0] × mapSize[1]}: the same
     * per-position values that {@link #meanSsim} averages.
     *
     * @param mapSize receives {@code {height, width}} of the map
     */
    double[] map(double[] x, double[] y, int h, int w, double c1, double c2, int[] mapSize) {
        moments.start(x, y, h, w, taps, border, !clampVariances);
        int mw = moments.width();
        double[] map = new double[moments.height() * mw];
        while (moments.nextBlock()) {
            ssimBlock(mw, c1, c2);
            int first = moments.blockStart();
            for (int lane = 0; lane < moments.blockRows(); lane++) {
                int row = (first + lane) * mw;
                for (int j = 0; j < mw; j++) {
                    map[row + j] = ssimBlock[j * BLOCK + lane];
                }
            }
        }
        mapSize[0] = moments.height();
        mapSize[1] = mw;
        return map;
    }

    /**
     * The SSIM values of the moments' current block into {@link #ssimBlock}, as one quotient
     * {@code (2μxμy + C1)(2σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2))}: one division per
     * position instead of two (the same value to a few ulps).
     */
    private void ssimBlock(int mw, double c1, double c2) {
        double[] mux = moments.meanX();
        double[] muy = moments.meanY();
        double[] exx = moments.meanXX();
        double[] eyy = moments.meanYY(); // E[x² + y²] is in exx when not clamping
        double[] exy = moments.meanXY();
        int n = mw * BLOCK;
        ensureBlocks(n);
        double[] ssv = ssimBlock;
        double f = covarianceFactor;
        double f2 = 2 * f;
        // the whole block, branch-free, each product named once and used as a value: written so, the
        // JDK 17 JIT vectorises the loop (division included); with 2·μxμy and σx² + σy² spelled
        // inline it leaves it scalar (7x slower)
        if (clampVariances) {
            for (int p = 0; p < n; p++) {
                double ux = mux[p];
                double uy = muy[p];
                double uxy = ux * uy;
                double uxx = ux * ux;
                double uyy = uy * uy;
                double vx = Math.max((exx[p] - uxx) * f, 0.0);
                double vy = Math.max((eyy[p] - uyy) * f, 0.0);
                ssv[p] = ((uxy + uxy + c1) * ((exy[p] - uxy) * f2 + c2)) / ((uxx + uyy + c1) * (vx + vy + c2));
            }
        } else {
            for (int p = 0; p < n; p++) {
                double ux = mux[p];
                double uy = muy[p];
                double uxy = ux * uy;
                double uu = ux * ux + uy * uy;
                ssv[p] = ((uxy + uxy + c1) * ((exy[p] - uxy) * f2 + c2)) / ((uu + c1) * ((exx[p] - uu) * f + c2));
            }
        }
    }

    /** The cs values {@code (2σxy + C2) / (σx² + σy² + C2)} of the moments' current block into {@link #csBlock}. */
    private void csBlock(int mw, double c2) {
        double[] mux = moments.meanX();
        double[] muy = moments.meanY();
        double[] exx = moments.meanXX();
        double[] eyy = moments.meanYY();
        double[] exy = moments.meanXY();
        int n = mw * BLOCK;
        ensureBlocks(n);
        double[] csv = csBlock;
        double f = covarianceFactor;
        double f2 = 2 * f;
        if (clampVariances) {
            for (int p = 0; p < n; p++) {
                double ux = mux[p];
                double uy = muy[p];
                double uxy = ux * uy;
                double vx = Math.max((exx[p] - ux * ux) * f, 0.0);
                double vy = Math.max((eyy[p] - uy * uy) * f, 0.0);
                csv[p] = ((exy[p] - uxy) * f2 + c2) / (vx + vy + c2);
            }
        } else {
            for (int p = 0; p < n; p++) {
                double ux = mux[p];
                double uy = muy[p];
                double uxy = ux * uy;
                double uu = ux * ux + uy * uy;
                csv[p] = ((exy[p] - uxy) * f2 + c2) / ((exx[p] - uu) * f + c2);
            }
        }
    }

    private void ensureBlocks(int n) {
        if (csBlock.length < n) {
            csBlock = new double[n];
            ssimBlock = new double[n];
        }
    }

    /**
     * Sum of the interleaved block {@code v} (rows {@code first … first + rows − 1}) over the map rows
     * {@code [rowFrom, rowTo)} and columns {@code [colFrom, colTo)}: one contiguous sum when every lane
     * counts, else lane by lane.
     */
    private static double blockSum(double[] v, int first, int rows, int rowFrom, int rowTo, int colFrom, int colTo) {
        int lane0 = Math.max(0, rowFrom - first);
        int lane1 = Math.min(rows, rowTo - first);
        if (lane0 == 0 && lane1 == BLOCK) {
            return InterleavedSum.of(v, colFrom * BLOCK, colTo * BLOCK);
        }
        double s = 0;
        for (int lane = lane0; lane < lane1; lane++) {
            double row = 0;
            for (int p = colFrom * BLOCK + lane; p < colTo * BLOCK; p += BLOCK) {
                row += v[p];
            }
            s += row;
        }
        return s;
    }
}
