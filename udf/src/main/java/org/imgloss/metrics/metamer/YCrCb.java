package org.imgloss.metrics.metamer;

/**
 * odak's colour conversions for the metamer losses (spec §5): JPEG-like YCrCb with offset 0.5, no
 * scaling or clamping, channel order <b>Y, Cr, Cb</b>.
 *
 * <pre>
 *   Y  = 0.299 R + 0.587 G + 0.114 B      (rounded to float32, as odak stores it before use)
 *   Cr = 0.5 + 0.713 (R − Y)
 *   Cb = 0.5 + 0.564 (B − Y)
 *
 *   R = Y + 1.403 (Cr − 0.5)
 *   G = Y − 0.714 (Cr − 0.5) − 0.344 (Cb − 0.5)
 *   B = Y + 1.773 (Cb − 0.5)
 * </pre>
 *
 * The coefficients are rounded, so the round trip is not exact (error up to 2.8e−4 on the RGB cube).
 */
public final class YCrCb {

    private YCrCb() {
    }

    /** RGB planes to new Y, Cr, Cb planes. */
    public static double[][] fromRgb(double[] r, double[] g, double[] b) {
        int n = r.length;
        double[] y = new double[n];
        double[] cr = new double[n];
        double[] cb = new double[n];
        for (int i = 0; i < n; i++) {
            double yy = (float) (0.299 * r[i] + 0.587 * g[i] + 0.114 * b[i]);
            y[i] = yy;
            cr[i] = 0.5 + 0.713 * (r[i] - yy);
            cb[i] = 0.5 + 0.564 * (b[i] - yy);
        }
        return new double[][] {y, cr, cb};
    }

    /** Y, Cr, Cb planes to new R, G, B planes. */
    public static double[][] toRgb(double[] y, double[] cr, double[] cb) {
        int n = y.length;
        double[] r = new double[n];
        double[] g = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            double dr = cr[i] - 0.5;
            double db = cb[i] - 0.5;
            r[i] = y[i] + 1.403 * dr;
            g[i] = y[i] - 0.714 * dr - 0.344 * db;
            b[i] = y[i] + 1.773 * db;
        }
        return new double[][] {r, g, b};
    }
}
