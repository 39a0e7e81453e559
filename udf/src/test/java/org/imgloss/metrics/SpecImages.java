package org.imgloss.metrics;

import org.imgloss.image.Image;

/**
 * The integer test-image generator of the metric spec §11 (pure integer arithmetic, values 0…255):
 * X is the reference, Y = clamp(X + N) the reconstruction.
 */
public final class SpecImages {

    private SpecImages() {
    }

    public static int x(int c, int i, int j) {
        return Math.floorMod((i / 8) * 37 + (j / 8) * 59 + i + j + 17 * c, 256);
    }

    public static int noise(int c, int i, int j) {
        return Math.floorMod(7 * i + 13 * j + 3 * i * j + 5 * c, 31) - 15;
    }

    public static int y(int c, int i, int j) {
        return Math.max(0, Math.min(255, x(c, i, j) + noise(c, i, j)));
    }

    /** The reference X, values 0…255 divided by {@code scale} (1 for raw integers, 255 for [0, 1]). */
    public static Image original(int h, int w, int channels, double scale) {
        return build(h, w, channels, scale, false);
    }

    /** The reconstruction Y. */
    public static Image reconstruction(int h, int w, int channels, double scale) {
        return build(h, w, channels, scale, true);
    }

    private static Image build(int h, int w, int channels, double scale, boolean recon) {
        double[][] planes = new double[channels][h * w];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    int v = recon ? y(c, i, j) : x(c, i, j);
                    planes[c][i * w + j] = v / scale;
                }
            }
        }
        return Image.ofPlanes(w, h, planes);
    }

    /** Asserts {@code actual} is within {@code rel} relative of {@code expected}, naming the case. */
    public static void assertRel(double expected, double actual, double rel, String what) {
        double err = Math.abs(actual - expected) / Math.max(Math.abs(expected), Double.MIN_NORMAL);
        if (!(err <= rel)) {
            throw new AssertionError(what + ": expected " + expected + ", got " + actual + " (relative error "
                    + err + " > " + rel + ")");
        }
    }
}
