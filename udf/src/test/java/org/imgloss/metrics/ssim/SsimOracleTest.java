package org.imgloss.metrics.ssim;

import static org.imgloss.metrics.SpecImages.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.Image;
import org.junit.jupiter.api.Test;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.kernel.BorderMode;
import org.imgloss.metrics.kernel.GaussianWindow;
import org.imgloss.metrics.kernel.WindowedMoments;

/**
 * The separable SSIM kernel against a deliberately naive one: every window position evaluated with
 * direct 2-D loops over the outer-product window, borders resolved per sample. Seeded random images
 * over awkward sizes (exactly the window, odd, prime, thin); the size is in every failure message.
 */
class SsimOracleTest {

    private static final double EPS = 1e-12;
    private static final long SEED = 20041;

    /** Naive per-window mean SSIM of one channel. {@code border == null}: valid positions only. */
    static double naiveSsim(double[] x, double[] y, int h, int w, double[] g, BorderMode border, double covNorm,
                            boolean clamp, double c1, double c2) {
        int k = g.length;
        int r = k / 2;
        double sum = 0;
        long count = 0;
        int i0 = border == null ? r : 0;
        int i1 = border == null ? h - r : h;
        int j0 = border == null ? r : 0;
        int j1 = border == null ? w - r : w;
        for (int ci = i0; ci < i1; ci++) {
            for (int cj = j0; cj < j1; cj++) {
                double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        int row = ci - r + a;
                        int col = cj - r + b;
                        double xv;
                        double yv;
                        if (row >= 0 && row < h && col >= 0 && col < w) {
                            xv = x[row * w + col];
                            yv = y[row * w + col];
                        } else {
                            int mr = border.map(row, h);
                            int mc = border.map(col, w);
                            boolean zero = mr < 0 || mc < 0;
                            xv = zero ? 0 : x[mr * w + mc];
                            yv = zero ? 0 : y[mr * w + mc];
                        }
                        double wt = g[a] * g[b];
                        sx += wt * xv;
                        sy += wt * yv;
                        sxx += wt * xv * xv;
                        syy += wt * yv * yv;
                        sxy += wt * xv * yv;
                    }
                }
                double vx = covNorm * (sxx - sx * sx);
                double vy = covNorm * (syy - sy * sy);
                double vxy = covNorm * (sxy - sx * sy);
                if (clamp) {
                    vx = Math.max(0, vx);
                    vy = Math.max(0, vy);
                }
                sum += (2 * sx * sy + c1) * (2 * vxy + c2) / ((sx * sx + sy * sy + c1) * (vx + vy + c2));
                count++;
            }
        }
        return sum / count;
    }

    /** The naive SSIM of a variant without downsampling, mean over channels. */
    static double naive(SsimVariant v, Image recon, Image orig, double c1, double c2) {
        double total = 0;
        for (int c = 0; c < orig.channels(); c++) {
            double[] x = orig.plane(c);
            double[] y = recon.plane(c);
            int h = orig.height();
            int w = orig.width();
            double s;
            switch (v) {
                case WANG:
                    s = naiveSsim(x, y, h, w, GaussianWindow.gaussian(11, 1.5), null, 1, false, c1, c2);
                    break;
                case PYTORCH_MSSSIM:
                    s = naiveSsim(x, y, h, w, GaussianWindow.pytorchMsssim(), null, 1, false, c1, c2);
                    break;
                case SKIMAGE:
                    s = naiveSsim(x, y, h, w, GaussianWindow.uniform(7), null, 49.0 / 48.0, false, c1, c2);
                    break;
                case TORCHMETRICS:
                    s = naiveSsim(x, y, h, w, GaussianWindow.gaussian(11, 1.5), BorderMode.WHOLE_SYMMETRIC, 1, true, c1, c2);
                    break;
                case ZERO_PAD:
                    s = naiveSsim(x, y, h, w, GaussianWindow.gaussian(11, 1.5), BorderMode.ZERO, 1, false, c1, c2);
                    break;
                default:
                    throw new IllegalArgumentException(v.toString());
            }
            total += s;
        }
        return total / orig.channels();
    }

    static Image[] randomPair(Random rnd, int h, int w, int channels) {
        double[][] xs = new double[channels][h * w];
        double[][] ys = new double[channels][h * w];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    // smooth structure plus texture, and a noisy reconstruction clipped to [0, 1]
                    double v = 0.5 + 0.3 * Math.sin(0.37 * i + 0.21 * j + c) + 0.2 * (rnd.nextDouble() - 0.5);
                    double x = Math.max(0, Math.min(1, v));
                    xs[c][i * w + j] = x;
                    ys[c][i * w + j] = Math.max(0, Math.min(1, 0.9 * x + 0.05 + 0.15 * rnd.nextGaussian()));
                }
            }
        }
        return new Image[] {Image.ofPlanes(w, h, ys), Image.ofPlanes(w, h, xs)};
    }

    private static void check(SsimVariant v, int[][] sizes) {
        Random rnd = new Random(SEED);
        Ssim kernel = new Ssim(v);
        for (int[] s : sizes) {
            Image[] p = randomPair(rnd, s[0], s[1], s[2]);
            MetricResult r = kernel.compute(p[0], p[1]);
            String what = v.configName() + " " + s[0] + "x" + s[1] + "x" + s[2];
            assertTrue(r.hasValue(), () -> what + ": " + r.message());
            assertRel(naive(v, p[0], p[1], 1e-4, 9e-4), r.value(), EPS, what);
        }
    }

    private static final int[][] AWKWARD_11 = {{11, 11, 1}, {12, 13, 1}, {13, 12, 2}, {17, 31, 1}, {37, 41, 1},
        {11, 47, 1}, {29, 11, 3}, {64, 64, 1}, {150, 12, 1}};

    @Test
    void wangMatchesNaive() {
        check(SsimVariant.WANG, AWKWARD_11);
    }

    @Test
    void pytorchMsssimMatchesNaive() {
        check(SsimVariant.PYTORCH_MSSSIM, AWKWARD_11);
    }

    @Test
    void skimageMatchesNaive() {
        check(SsimVariant.SKIMAGE, new int[][] {{7, 7, 1}, {8, 9, 1}, {11, 11, 2}, {17, 31, 1}, {37, 41, 1}, {7, 53, 1}});
    }

    @Test
    void torchmetricsMatchesNaive() {
        // reflect padding needs sides > 5; 6 is the smallest, where the mirror reaches the far edge
        check(SsimVariant.TORCHMETRICS, new int[][] {{6, 6, 1}, {6, 23, 1}, {7, 9, 2}, {11, 11, 1}, {12, 13, 1},
            {17, 31, 1}, {37, 41, 1}, {150, 12, 1}});
    }

    @Test
    void zeroPadMatchesNaive() {
        // the seed's zero-padded SSIM is defined for any size, including 1xN
        check(SsimVariant.ZERO_PAD, new int[][] {{1, 1, 1}, {1, 17, 1}, {3, 3, 1}, {5, 16, 2}, {11, 11, 1},
            {12, 13, 1}, {17, 31, 1}, {37, 41, 1}, {150, 12, 1}});
    }

    @Test
    void piqAndMatlabWithoutDownsamplingAreWang() {
        Random rnd = new Random(SEED);
        for (int[] s : AWKWARD_11) {
            Image[] p = randomPair(rnd, s[0], s[1], s[2]);
            double wang = new Ssim(SsimVariant.WANG).compute(p[0], p[1]).value();
            assertEquals(wang, new Ssim(SsimVariant.PIQ).compute(p[0], p[1]).value(), 0.0, s[0] + "x" + s[1]);
            assertEquals(wang, new Ssim(SsimVariant.MATLAB).compute(p[0], p[1]).value(), 0.0, s[0] + "x" + s[1]);
        }
    }

    @Test
    void oneByNFailsClearlyForWindowedVariants() {
        Image[] p = randomPair(new Random(SEED), 1, 200, 1);
        for (SsimVariant v : SsimVariant.values()) {
            MetricResult r = new Ssim(v).compute(p[0], p[1]);
            if (v == SsimVariant.ZERO_PAD) {
                assertTrue(r.hasValue(), v.configName());
            } else {
                assertEquals(ErrorCode.TOO_SMALL, r.errorCode(), v.configName());
                assertTrue(r.message().contains("1x200"), r.message());
            }
        }
        Image[] q = randomPair(new Random(SEED), 10, 200, 1);
        assertEquals(ErrorCode.TOO_SMALL, new Ssim(SsimVariant.WANG).compute(q[0], q[1]).errorCode(), "10x200");
    }

    @Test
    void windowedMomentsRejectsEvenOrAsymmetricWindows() {
        WindowedMoments m = new WindowedMoments();
        double[] img = new double[20 * 20];
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> m.start(img, img, 20, 20, new double[] {0.5, 0.5}, null));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> m.start(img, img, 20, 20, new double[] {0.2, 0.5, 0.3}, null));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> m.start(img, img, 10, 20, GaussianWindow.wang(), null));
    }

    /**
     * The running column sums of uniform windows (scikit-image's default) on tall images, where the
     * sums slide over 1000+ rows: every moment map stays within 1e-12 of direct 2-D sums, and the mean
     * SSIM within 1e-12 of the naive one. Then the same instance, reused on a wider image with zero
     * padding and a smaller one, still matches (scratch rows left from a larger call are not read).
     */
    @Test
    void uniformRunningSumsStayExactOnTallImages() {
        Random rnd = new Random(SEED + 7);
        int[][] cases = {{1024, 7, 7}, {4099, 8, 7}, {1031, 13, 9}, {700, 3, 3}};
        WindowedMoments m = new WindowedMoments();
        for (int[] c : cases) {
            int h = c[0];
            int w = c[1];
            int k = c[2];
            double[] x = new double[h * w];
            double[] y = new double[h * w];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextDouble();
                y[i] = Math.min(1, Math.max(0, x[i] + 0.1 * rnd.nextGaussian()));
            }
            double[] g = GaussianWindow.uniform(k);
            String size = " " + h + "x" + w + " k=" + k;
            double maxErr = maxMomentError(m, x, y, h, w, g, null);
            assertTrue(maxErr < 1e-12, "uniform moments drift " + maxErr + size);
            double np = (double) k * k;
            double naive = naiveSsim(x, y, h, w, g, null, np / (np - 1), false, 1e-4, 9e-4);
            Image ix = Image.ofPlanes(w, h, x);
            Image iy = Image.ofPlanes(w, h, y);
            double fast = new Ssim(SsimVariant.SKIMAGE, 1, 0.01, 0.03, false, k, null).compute(iy, ix).value();
            assertEquals(naive, fast, 1e-12, "skimage mean ssim" + size);
        }
        double[] big = new double[40 * 60];
        for (int i = 0; i < big.length; i++) {
            big[i] = rnd.nextDouble();
        }
        assertTrue(maxMomentError(m, big, big, 40, 60, GaussianWindow.gaussian(11, 1.5), BorderMode.WHOLE_SYMMETRIC) < 1e-13);
        double[] small = java.util.Arrays.copyOf(big, 9 * 10);
        assertTrue(maxMomentError(m, small, small, 9, 10, GaussianWindow.gaussian(11, 1.5), BorderMode.ZERO) < 1e-13,
                "zero padding after a larger call");
    }

    /**
     * The moment maps come in interleaved blocks of {@link WindowedMoments#BLOCK} rows and the row pass
     * has one loop per window length (3 … 11) plus a general one: every window length from 1 to 13,
     * valid and padded, on heights that leave 1, 7, 8 or 9 output rows (a partial last block, exactly one
     * block, one row past it) and widths from the window upwards, all with one reused instance (a
     * partial block after a full one holds stale lanes). Each map within 1e-13 of the direct 2-D sums.
     */
    @Test
    void blockedMomentsMatchDirectSumsForEveryWindowLength() {
        Random rnd = new Random(SEED + 11);
        WindowedMoments m = new WindowedMoments();
        BorderMode[] borders = {null, BorderMode.ZERO, BorderMode.WHOLE_SYMMETRIC};
        for (int k = 1; k <= 13; k += 2) {
            for (int rows : new int[] {1, 7, 8, 9, 17}) {
                for (BorderMode border : borders) {
                    int h = border == null ? rows + k - 1 : rows;
                    int w = k + rows % 5;
                    double[] x = new double[h * w];
                    double[] y = new double[h * w];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = rnd.nextDouble();
                        y[i] = Math.min(1, Math.max(0, x[i] + 0.1 * rnd.nextGaussian()));
                    }
                    double[] g = k == 1 ? new double[] {1.0} : GaussianWindow.gaussian(k, 0.3 * k);
                    double err = maxMomentError(m, x, y, h, w, g, border);
                    assertTrue(err < 1e-13, "moments " + h + "x" + w + " k=" + k + " border " + border + ": " + err);
                }
            }
        }
    }

    /**
     * MS-SSIM's mean contrast-structure term with the map cropped on every side (torchmetrics), against
     * a naive per-window evaluation: crops that cut through the first and last block, on 1- and
     * 3-channel images of odd sizes.
     */
    @Test
    void croppedCsMatchesNaive() {
        Random rnd = new Random(SEED + 13);
        double[] g = GaussianWindow.gaussian(11, 1.5);
        SsimMaps maps = new SsimMaps(g, BorderMode.WHOLE_SYMMETRIC, 1.0, true);
        SsimMaps valid = new SsimMaps(g, null, 1.0, false);
        int[][] sizes = {{23, 29, 1}, {40, 17, 3}, {12, 11, 1}, {61, 83, 3}};
        for (int[] s : sizes) {
            Image[] p = randomPair(rnd, s[0], s[1], s[2]);
            for (int c = 0; c < s[2]; c++) {
                double[] x = p[1].plane(c);
                double[] y = p[0].plane(c);
                String what = s[0] + "x" + s[1] + " channel " + c;
                assertRel(naiveCs(x, y, s[0], s[1], g, BorderMode.WHOLE_SYMMETRIC, true, 5, 9e-4),
                        maps.meanCs(x, y, s[0], s[1], 9e-4, 5), EPS, "cropped cs " + what);
                assertRel(naiveCs(x, y, s[0], s[1], g, null, false, 0, 9e-4),
                        valid.meanCs(x, y, s[0], s[1], 9e-4, 0), EPS, "valid cs " + what);
            }
        }
    }

    /**
     * The five weighted window sums at map position (i, j), summed directly over the 2-D window
     * {@code g[a]·g[b]}: x, y, x², y², xy. Without a border the window starts at (i, j); with one it is centred
     * there and a mapped index below 0 (zero padding) reads 0.
     */
    private static double[] windowMoments(double[] x, double[] y, int h, int w, double[] g, BorderMode border,
                                          int i, int j) {
        int k = g.length;
        int r = k / 2;
        double[] s = new double[5];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                int row = border == null ? i + a : border.map(i + a - r, h);
                int col = border == null ? j + b : border.map(j + b - r, w);
                double xv = row < 0 || col < 0 ? 0 : x[row * w + col];
                double yv = row < 0 || col < 0 ? 0 : y[row * w + col];
                double wt = g[a] * g[b];
                s[0] += wt * xv;
                s[1] += wt * yv;
                s[2] += wt * xv * xv;
                s[3] += wt * yv * yv;
                s[4] += wt * xv * yv;
            }
        }
        return s;
    }

    /** Naive mean cs of one channel over the map positions left after removing {@code crop} on every side. */
    private static double naiveCs(double[] x, double[] y, int h, int w, double[] g, BorderMode border, boolean clamp,
                                  int crop, double c2) {
        int k = g.length;
        int mh = border == null ? h - k + 1 : h;
        int mw = border == null ? w - k + 1 : w;
        double sum = 0;
        long count = 0;
        for (int i = crop; i < mh - crop; i++) {
            for (int j = crop; j < mw - crop; j++) {
                double[] s = windowMoments(x, y, h, w, g, border, i, j);
                double sx = s[0], sy = s[1], sxy = s[4];
                double vx = s[2] - sx * sx;
                double vy = s[3] - sy * sy;
                if (clamp) {
                    vx = Math.max(0, vx);
                    vy = Math.max(0, vy);
                }
                sum += (2 * (sxy - sx * sy) + c2) / (vx + vy + c2);
                count++;
            }
        }
        return sum / count;
    }

    /** Largest difference between the streamed moment maps and direct 2-D window sums. */
    private static double maxMomentError(WindowedMoments m, double[] x, double[] y, int h, int w, double[] g,
                                         BorderMode border) {
        m.start(x, y, h, w, g, border);
        double maxErr = 0;
        int blocks = 0;
        while (m.nextBlock()) {
            blocks++;
            for (int lane = 0; lane < m.blockRows(); lane++) {
                int i = m.blockStart() + lane;
                for (int j = 0; j < m.width(); j++) {
                    double[] s = windowMoments(x, y, h, w, g, border, i, j);
                    int p = j * WindowedMoments.BLOCK + lane;
                    maxErr = Math.max(maxErr, Math.abs(s[0] - m.meanX()[p]));
                    maxErr = Math.max(maxErr, Math.abs(s[1] - m.meanY()[p]));
                    maxErr = Math.max(maxErr, Math.abs(s[2] - m.meanXX()[p]));
                    maxErr = Math.max(maxErr, Math.abs(s[3] - m.meanYY()[p]));
                    maxErr = Math.max(maxErr, Math.abs(s[4] - m.meanXY()[p]));
                }
            }
        }
        assertEquals((m.height() + WindowedMoments.BLOCK - 1) / WindowedMoments.BLOCK, blocks, "blocks of " + m.height() + " rows");
        return maxErr;
    }

    /** Non-default windows ({@code window_size}, {@code gaussian_sigma}) against the naive SSIM. */
    @Test
    void customWindowsMatchNaive() {
        Random rnd = new Random(SEED);
        int[][] sizes = {{7, 7, 1}, {9, 9, 1}, {12, 13, 1}, {17, 31, 2}, {37, 41, 1}, {150, 12, 1}};
        double c1 = 1e-4;
        double c2 = 9e-4;
        for (int[] s : sizes) {
            Image[] p = randomPair(rnd, s[0], s[1], s[2]);
            String size = " " + s[0] + "x" + s[1] + "x" + s[2];
            if (s[0] >= 7 && s[1] >= 7) {
                assertRel(naiveMean(p, GaussianWindow.gaussian(7, 1.0), null, 1, false, c1, c2),
                        new Ssim(SsimVariant.WANG, 1, 0.01, 0.03, false, 7, 1.0).compute(p[0], p[1]).value(), EPS,
                        "wang 7/1.0" + size);
                assertRel(naiveMean(p, GaussianWindow.gaussian(7, 1.5), null, 1, false, c1, c2),
                        new Ssim(SsimVariant.PIQ, 1, 0.01, 0.03, false, 7, null).compute(p[0], p[1]).value(), EPS,
                        "piq 7/1.5" + size);
                assertRel(naiveMean(p, GaussianWindow.uniform(5), null, 25.0 / 24.0, false, c1, c2),
                        new Ssim(SsimVariant.SKIMAGE, 1, 0.01, 0.03, false, 5, null).compute(p[0], p[1]).value(), EPS,
                        "skimage 5" + size);
            }
            assertRel(naiveMean(p, GaussianWindow.gaussian(5, 0.8), BorderMode.ZERO, 1, false, c1, c2),
                    new Ssim(SsimVariant.ZERO_PAD, 1, 0.01, 0.03, false, 5, 0.8).compute(p[0], p[1]).value(), EPS,
                    "zero_pad 5/0.8" + size);
            // torchmetrics: sigma 1.0 gives 2*int(3.5+0.5)+1 = 9 taps, reflect padding 4
            assertRel(naiveMean(p, GaussianWindow.gaussian(9, 1.0), BorderMode.WHOLE_SYMMETRIC, 1, true, c1, c2),
                    new Ssim(SsimVariant.TORCHMETRICS, 1, 0.01, 0.03, false, null, 1.0).compute(p[0], p[1]).value(), EPS,
                    "torchmetrics sigma 1.0" + size);
        }
    }

    private static double naiveMean(Image[] p, double[] g, BorderMode border, double covNorm, boolean clamp,
                                    double c1, double c2) {
        double sum = 0;
        Image y = p[0];
        Image x = p[1];
        for (int c = 0; c < x.channels(); c++) {
            sum += naiveSsim(x.plane(c), y.plane(c), x.height(), x.width(), g, border, covNorm, clamp, c1, c2);
        }
        return sum / x.channels();
    }
}
