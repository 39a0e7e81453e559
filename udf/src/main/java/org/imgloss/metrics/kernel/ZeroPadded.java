package org.imgloss.metrics.kernel;

/**
 * Scratch buffer holding one plane with a border of zeros, so that 3×3 stencils with zero padding
 * ({@code F.conv2d(..., padding=1)}) run without bounds checks. Reused across pairs of the same size.
 */
public final class ZeroPadded {

    private double[] buf = new double[0];
    private int stride;
    private int rows = -1;
    private int pad = -1;

    /**
     * Writes {@code a − b} (or {@code a} when {@code b} is null) into the interior of a
     * {@code (h + 2·pad) × (w + 2·pad)} buffer whose border is zero, and returns it.
     */
    /** Drops the buffer (the next {@link #fill} allocates one). */
    public void release() {
        buf = new double[0];
        stride = 0;
        rows = -1;
        pad = -1;
    }

    public double[] fill(double[] a, double[] b, int h, int w, int pad) {
        int pw = w + 2 * pad;
        int ph = h + 2 * pad;
        if (pw != stride || ph != rows || pad != this.pad) {
            // A new shape: a fresh buffer, so the border is zero (only the interior is written below,
            // and a same-length buffer of another shape would leave old samples in the new border).
            buf = new double[pw * ph];
            stride = pw;
            rows = ph;
            this.pad = pad;
        }
        for (int i = 0; i < h; i++) {
            int src = i * w;
            int dst = (i + pad) * pw + pad;
            if (b == null) {
                System.arraycopy(a, src, buf, dst, w);
            } else {
                for (int j = 0; j < w; j++) {
                    buf[dst + j] = a[src + j] - b[src + j];
                }
            }
        }
        return buf;
    }

    /** Row stride of the buffer last filled. */
    public int stride() {
        return stride;
    }
}
