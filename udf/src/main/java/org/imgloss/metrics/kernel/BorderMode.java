package org.imgloss.metrics.kernel;

import java.util.Locale;

/**
 * How a filter reads samples outside the image, named as in the metric spec §0 (imglib2-style: the
 * caller picks the out-of-bounds strategy, nothing pads silently).
 *
 * <table>
 *   <caption>Equivalent names</caption>
 *   <tr><th>here</th><th>index −1, −2 / n, n+1</th><th>scipy.ndimage</th><th>numpy.pad / PyTorch</th><th>MATLAB</th></tr>
 *   <tr><td>{@link #HALF_SYMMETRIC}</td><td>0, 1 / n−1, n−2</td><td>reflect</td><td>symmetric / —</td><td>'symmetric'</td></tr>
 *   <tr><td>{@link #WHOLE_SYMMETRIC}</td><td>1, 2 / n−2, n−3</td><td>mirror</td><td>reflect / reflect</td><td>—</td></tr>
 *   <tr><td>{@link #REPLICATE}</td><td>0 / n−1</td><td>nearest</td><td>edge / replicate</td><td>'replicate'</td></tr>
 *   <tr><td>{@link #ZERO}</td><td>value 0</td><td>constant</td><td>constant</td><td>0</td></tr>
 * </table>
 */
public enum BorderMode {
    /** Samples outside the image are 0. */
    ZERO,
    /** Mirror with the edge sample repeated: −1 → 0, n → n−1. */
    HALF_SYMMETRIC,
    /** Mirror without repeating the edge sample: −1 → 1, n → n−2 (needs n ≥ 2 for a real mirror). */
    WHOLE_SYMMETRIC,
    /** The nearest edge sample: −k → 0, n+k → n−1. */
    REPLICATE;

    /**
     * The in-image index that stands for index {@code i} of an axis of length {@code n}, or −1 when
     * the sample is zero ({@link #ZERO} outside the image).
     */
    public int map(int i, int n) {
        if (i >= 0 && i < n) {
            return i;
        }
        switch (this) {
            case ZERO:
                return -1;
            case REPLICATE:
                return i < 0 ? 0 : n - 1;
            case HALF_SYMMETRIC: {
                int period = 2 * n;
                int m = Math.floorMod(i, period);
                return m < n ? m : period - 1 - m;
            }
            case WHOLE_SYMMETRIC: {
                if (n == 1) {
                    return 0;
                }
                int period = 2 * n - 2;
                int m = Math.floorMod(i, period);
                return m < n ? m : period - m;
            }
            default:
                throw new IllegalStateException("unknown border mode " + this);
        }
    }

    /** The lower-case name used in parameters and run metadata. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
