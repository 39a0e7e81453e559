package org.imgloss.metrics.ssim;

import org.imgloss.metrics.kernel.BorderMode;
import org.imgloss.metrics.kernel.WindowedMoments;

/**
 * Per-channel SSIM statistics shared by {@link Ssim} and {@link MsSsim}: the mean SSIM and the mean
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
    // one row of the cs map and of the SSIM map (the full maps are never stored)
    private double[] csRow = new double[0];
    private double[] ssimRow = new double[0];
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
     * Means of the SSIM map and of the cs map of one channel pair.
     *
     * @param ssimCrop positions removed from every side of the map before averaging SSIM
     * @param csCrop   the same for cs
     * @param out      receives {@code {mean ssim, mean cs}}
     */
    void means(double[] x, double[] y, int h, int w, double c1, double c2, int ssimCrop, int csCrop, double[] out) {
        // without clamping only σx² + σy² is needed: one map of x² + y² instead of two
        moments.start(x, y, h, w, taps, border, !clampVariances);
        int mh = moments.height();
        int mw = moments.width();
        double ssimSum = 0;
        double csSum = 0;
        while (moments.nextRow()) {
            int i = moments.row();
            boolean inSsim = i >= ssimCrop && i < mh - ssimCrop;
            boolean inCs = i >= csCrop && i < mh - csCrop;
            if (!inSsim && !inCs) {
                continue;
            }
            fillRows(mw, c1, c2);
            if (inCs) {
                csSum += sum(csRow, csCrop, mw - csCrop);
            }
            if (inSsim) {
                ssimSum += sum(ssimRow, ssimCrop, mw - ssimCrop);
            }
        }
        out[0] = ssimSum / ((double) (mh - 2 * ssimCrop) * (mw - 2 * ssimCrop));
        out[1] = csSum / ((double) (mh - 2 * csCrop) * (mw - 2 * csCrop));
    }

    /**
     * The SSIM map of one channel pair, row-major, {@code mapSize[0] × mapSize[1]}: the same
     * per-position values that {@link #means} averages (without crops).
     *
     * @param mapSize receives {@code {height, width}} of the map
     */
    double[] map(double[] x, double[] y, int h, int w, double c1, double c2, int[] mapSize) {
        moments.start(x, y, h, w, taps, border, !clampVariances);
        int mw = moments.width();
        double[] map = new double[moments.height() * mw];
        while (moments.nextRow()) {
            fillRows(mw, c1, c2);
            System.arraycopy(ssimRow, 0, map, moments.row() * mw, mw);
        }
        mapSize[0] = moments.height();
        mapSize[1] = mw;
        return map;
    }

    /** The cs and SSIM values of the moments' current row into {@link #csRow} and {@link #ssimRow}. */
    private void fillRows(int mw, double c1, double c2) {
        double[] mux = moments.meanX();
        double[] muy = moments.meanY();
        double[] exx = moments.meanXX();
        double[] eyy = moments.meanYY(); // E[x² + y²] is in exx when not clamping
        double[] exy = moments.meanXY();
        if (csRow.length < mw) {
            csRow = new double[mw];
            ssimRow = new double[mw];
        }
        double[] csv = csRow;
        double[] ssv = ssimRow;
        double n = covarianceFactor;
        // the whole row, branch-free, so the JIT vectorises it (divisions included); the crops
        // only choose which part is summed
        if (clampVariances) {
            for (int p = 0; p < mw; p++) {
                double ux = mux[p];
                double uy = muy[p];
                double vx = Math.max(n * (exx[p] - ux * ux), 0.0);
                double vy = Math.max(n * (eyy[p] - uy * uy), 0.0);
                double vxy = n * (exy[p] - ux * uy);
                double cs = (2 * vxy + c2) / (vx + vy + c2);
                csv[p] = cs;
                ssv[p] = (2 * ux * uy + c1) / (ux * ux + uy * uy + c1) * cs;
            }
        } else {
            for (int p = 0; p < mw; p++) {
                double ux = mux[p];
                double uy = muy[p];
                double vxPlusVy = n * (exx[p] - ux * ux - uy * uy);
                double vxy = n * (exy[p] - ux * uy);
                double cs = (2 * vxy + c2) / (vxPlusVy + c2);
                csv[p] = cs;
                ssv[p] = (2 * ux * uy + c1) / (ux * ux + uy * uy + c1) * cs;
            }
        }
    }

    /** Sum of {@code v[from..to)} with four interleaved accumulators (no loop-carried add chain). */
    private static double sum(double[] v, int from, int to) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int p = from;
        for (; p + 4 <= to; p += 4) {
            s0 += v[p];
            s1 += v[p + 1];
            s2 += v[p + 2];
            s3 += v[p + 3];
        }
        for (; p < to; p++) {
            s0 += v[p];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
