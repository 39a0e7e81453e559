package org.imgloss.metrics;

import java.util.Random;
import org.imgloss.image.Image;

/** Test inputs for the edge, SAR and BlurSim kernels: metrics-spec §11's integer generator and random planes. */
final class EdgeFixtures {

    private EdgeFixtures() {
    }

    /** X of metrics-spec §11 (0..255 integers), channel-major planes. */
    static double[][] generatorX(int h, int w, int channels) {
        double[][] p = new double[channels][h * w];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    p[c][i * w + j] = Math.floorMod((i / 8) * 37 + (j / 8) * 59 + i + j + 17 * c, 256);
                }
            }
        }
        return p;
    }

    /** Y = clamp(X + N, 0, 255) of metrics-spec §11. */
    static double[][] generatorY(int h, int w, int channels) {
        double[][] x = generatorX(h, w, channels);
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    int n = Math.floorMod(7 * i + 13 * j + 3 * i * j + 5 * c, 31) - 15;
                    x[c][i * w + j] = Math.max(0, Math.min(255, x[c][i * w + j] + n));
                }
            }
        }
        return x;
    }

    /** The generator image divided by {@code scale} (255 for [0, 1] data, 1 for raw integers). */
    static Image generator(int h, int w, int channels, boolean reconstruction, double scale) {
        double[][] p = reconstruction ? generatorY(h, w, channels) : generatorX(h, w, channels);
        for (double[] plane : p) {
            for (int i = 0; i < plane.length; i++) {
                plane[i] /= scale;
            }
        }
        return Image.ofPlanes(w, h, p);
    }

    /** A random image with values uniform in [lo, hi). */
    static Image random(Random rnd, int h, int w, int channels, double lo, double hi) {
        double[][] p = new double[channels][h * w];
        for (double[] plane : p) {
            for (int i = 0; i < plane.length; i++) {
                plane[i] = lo + (hi - lo) * rnd.nextDouble();
            }
        }
        return Image.ofPlanes(w, h, p);
    }

    /** The single-channel image of channel {@code c}. */
    static Image channel(Image image, int c) {
        return Image.ofPlanes(image.width(), image.height(), image.plane(c).clone());
    }

    /**
     * |actual − expected| ≤ relTol·|expected| + 1e-15: relative, with an absolute floor for values that
     * are rounding noise around 0 (e.g. a Sobel term of two images that differ by a constant).
     */
    static void assertClose(double expected, double actual, double relTol, String what) {
        assertClose(expected, actual, relTol, 1e-15, what);
    }

    /** |actual − expected| ≤ relTol·|expected| + absTol. */
    static void assertClose(double expected, double actual, double relTol, double absTol, String what) {
        double err = Math.abs(actual - expected);
        if (!(err <= relTol * Math.abs(expected) + absTol) && !(expected == actual)) {
            throw new AssertionError(what + ": expected " + expected + ", got " + actual + " (relative error "
                    + (err / Math.abs(expected)) + ", tolerance " + relTol + ")");
        }
    }
}
