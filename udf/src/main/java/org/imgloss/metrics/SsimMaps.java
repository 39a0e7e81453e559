package org.imgloss.metrics;

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
 * Holds one {@link WindowedMoments} (scratch reused across calls). Not thread-safe.
 */
final class SsimMaps {

    private final WindowedMoments moments = new WindowedMoments();
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
        moments.start(x, y, h, w, taps, border);
        int mh = moments.height();
        int mw = moments.width();
        double[] mux = moments.meanX();
        double[] muy = moments.meanY();
        double[] exx = moments.meanXX();
        double[] eyy = moments.meanYY();
        double[] exy = moments.meanXY();
        double ssimSum = 0;
        double csSum = 0;
        while (moments.nextRow()) {
            int i = moments.row();
            boolean ssimRow = i >= ssimCrop && i < mh - ssimCrop;
            boolean csRow = i >= csCrop && i < mh - csCrop;
            if (!ssimRow && !csRow) {
                continue;
            }
            for (int p = 0; p < mw; p++) {
                boolean inSsim = ssimRow && p >= ssimCrop && p < mw - ssimCrop;
                boolean inCs = csRow && p >= csCrop && p < mw - csCrop;
                if (!inSsim && !inCs) {
                    continue;
                }
                double ux = mux[p];
                double uy = muy[p];
                double vx = covarianceFactor * (exx[p] - ux * ux);
                double vy = covarianceFactor * (eyy[p] - uy * uy);
                double vxy = covarianceFactor * (exy[p] - ux * uy);
                if (clampVariances) {
                    vx = Math.max(vx, 0.0);
                    vy = Math.max(vy, 0.0);
                }
                double cs = (2 * vxy + c2) / (vx + vy + c2);
                if (inCs) {
                    csSum += cs;
                }
                if (inSsim) {
                    ssimSum += (2 * ux * uy + c1) / (ux * ux + uy * uy + c1) * cs;
                }
            }
        }
        out[0] = ssimSum / ((double) (mh - 2 * ssimCrop) * (mw - 2 * ssimCrop));
        out[1] = csSum / ((double) (mh - 2 * csCrop) * (mw - 2 * csCrop));
    }
}
