package org.imgloss.metrics.kernel;

/**
 * The block-averaging steps that SSIM's automatic downsampling and MS-SSIM's scales use. Each
 * reference averages blocks differently at odd sides; each rule here is named after its reference
 * and documented with its exact block alignment (spec §1.3 B/F, §2.2–§2.6). All methods read
 * {@code src} ({@code h × w}, row-major) and write {@code dst}, which must hold the output size.
 */
public final class Downsample {

    private Downsample() {
    }

    /**
     * PyTorch {@code avg_pool2d(kernel=f, stride=f)} without padding (floor): blocks start at the
     * first pixel, a remainder at the end is dropped. Output {@code ⌊h/f⌋ × ⌊w/f⌋}. Used by piq's SSIM
     * auto-downsampling and, with f = 2, torchmetrics' MS-SSIM.
     */
    public static void avgPoolFloor(double[] src, int h, int w, int f, double[] dst) {
        int oh = h / f;
        int ow = w / f;
        double div = (double) f * f;
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                double s = 0;
                for (int a = 0; a < f; a++) {
                    int row = (i * f + a) * w + j * f;
                    for (int b = 0; b < f; b++) {
                        s += src[row + b];
                    }
                }
                dst[i * ow + j] = s / div;
            }
        }
    }

    /**
     * pytorch_msssim's step: {@code avg_pool2d(kernel=2, stride=2, padding=(h mod 2, w mod 2))} with
     * the zero padding counted in the average (always divided by 4). An odd side s gives (s+1)/2
     * outputs, blocks (−1,0), (1,2), …: the first row/column is half of pixel 0. Output
     * {@code ⌈h/2⌉ × ⌈w/2⌉}.
     */
    public static void avgPool2ZeroPadded(double[] src, int h, int w, double[] dst) {
        int ph = h % 2;
        int pw = w % 2;
        int oh = (h + 1) / 2;
        int ow = (w + 1) / 2;
        // output columns whose two source columns are both inside: c0 = 2j − pw ≥ 0 and c0 + 1 < w
        int jLo = pw;
        int jHi = (w - 2 + pw) / 2 + 1;
        for (int i = 0; i < oh; i++) {
            int r0 = 2 * i - ph;
            if (r0 < 0 || r0 + 1 >= h) {
                for (int j = 0; j < ow; j++) {
                    dst[i * ow + j] = zeroPaddedCell(src, h, w, r0, 2 * j - pw);
                }
                continue;
            }
            for (int j = 0; j < jLo; j++) {
                dst[i * ow + j] = zeroPaddedCell(src, h, w, r0, 2 * j - pw);
            }
            // interior: the same four additions in the same order, without the bounds tests
            int top = r0 * w - pw;
            int bottom = top + w;
            int out = i * ow;
            for (int j = jLo; j < jHi; j++) {
                double s = 0;
                s += src[top + 2 * j];
                s += src[top + 2 * j + 1];
                s += src[bottom + 2 * j];
                s += src[bottom + 2 * j + 1];
                dst[out + j] = s / 4.0;
            }
            for (int j = Math.max(jLo, jHi); j < ow; j++) {
                dst[i * ow + j] = zeroPaddedCell(src, h, w, r0, 2 * j - pw);
            }
        }
    }

    /** One output of {@link #avgPool2ZeroPadded}: the in-range samples of the 2×2 block at (r0, c0), over 4. */
    private static double zeroPaddedCell(double[] src, int h, int w, int r0, int c0) {
        double s = 0;
        for (int a = 0; a < 2; a++) {
            int r = r0 + a;
            if (r < 0 || r >= h) {
                continue;
            }
            for (int b = 0; b < 2; b++) {
                int c = c0 + b;
                if (c >= 0 && c < w) {
                    s += src[r * w + c];
                }
            }
        }
        return s / 4.0;
    }

    /**
     * piq's MS-SSIM step: when either side is odd, replicate one row on top and one column on the
     * left (both axes), then {@code avg_pool2d(2)} with floor. An even side that gets padded loses its
     * last row/column and duplicates its first. Output {@code ⌈h/2⌉ × ⌈w/2⌉}.
     */
    public static void avgPool2ReplicateTopLeft(double[] src, int h, int w, double[] dst) {
        int p = (h % 2 == 1 || w % 2 == 1) ? 1 : 0;
        int oh = (h + p) / 2;
        int ow = (w + p) / 2;
        for (int i = 0; i < oh; i++) {
            int r0 = Math.max(0, 2 * i - p);
            int r1 = Math.max(0, 2 * i + 1 - p);
            for (int j = 0; j < ow; j++) {
                int c0 = Math.max(0, 2 * j - p);
                int c1 = Math.max(0, 2 * j + 1 - p);
                double s = src[r0 * w + c0] + src[r0 * w + c1] + src[r1 * w + c0] + src[r1 * w + c1];
                dst[i * ow + j] = s / 4.0;
            }
        }
    }

    /**
     * MATLAB's step ({@code ssim.m} with f = max(1, round(min(H,W)/256)) and {@code msssim.m} with
     * f = 2): correlate with an f×f box of 1/f², half-symmetric border, "same" size with the kernel
     * centre at 1-based index ⌊(f+1)/2⌋, then keep every f-th row and column from the first. So f = 2
     * averages (i, i+1) and f = 3 averages (i−1, i, i+1). Output {@code ⌈h/f⌉ × ⌈w/f⌉}.
     */
    public static void boxHalfSymmetric(double[] src, int h, int w, int f, double[] dst) {
        int centre = (f + 1) / 2 - 1;
        int oh = (h + f - 1) / f;
        int ow = (w + f - 1) / f;
        double weight = 1.0 / ((double) f * f);
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                double s = 0;
                for (int a = 0; a < f; a++) {
                    int r = BorderMode.HALF_SYMMETRIC.map(i * f - centre + a, h);
                    for (int b = 0; b < f; b++) {
                        int c = BorderMode.HALF_SYMMETRIC.map(j * f - centre + b, w);
                        s += weight * src[r * w + c];
                    }
                }
                dst[i * ow + j] = s;
            }
        }
    }
}
