package org.imgloss.metrics;

import java.util.Random;
import org.imgloss.image.Image;

/**
 * Test inputs and tolerances for the metric kernels: random images, one channel of an image, and a
 * relative-with-floor comparison. metrics-spec §11's integer generator is {@link SpecImages}.
 */
public final class EdgeFixtures {

    private EdgeFixtures() {
    }

    /** A random image with values uniform in [lo, hi). */
    public static Image random(Random rnd, int h, int w, int channels, double lo, double hi) {
        double[][] p = new double[channels][h * w];
        for (double[] plane : p) {
            for (int i = 0; i < plane.length; i++) {
                plane[i] = lo + (hi - lo) * rnd.nextDouble();
            }
        }
        return Image.ofPlanes(w, h, p);
    }

    /** The single-channel image of channel {@code c}. */
    public static Image channel(Image image, int c) {
        return Image.ofPlanes(image.width(), image.height(), image.plane(c).clone());
    }

    /**
     * |actual − expected| ≤ relTol·|expected| + 1e-15: relative, with an absolute floor for values that
     * are rounding noise around 0 (e.g. a Sobel term of two images that differ by a constant).
     */
    public static void assertClose(double expected, double actual, double relTol, String what) {
        assertClose(expected, actual, relTol, 1e-15, what);
    }

    /** |actual − expected| ≤ relTol·|expected| + absTol. */
    public static void assertClose(double expected, double actual, double relTol, double absTol, String what) {
        double err = Math.abs(actual - expected);
        if (!(err <= relTol * Math.abs(expected) + absTol) && !(expected == actual)) {
            throw new AssertionError(what + ": expected " + expected + ", got " + actual + " (relative error "
                    + (err / Math.abs(expected)) + ", tolerance " + relTol + ")");
        }
    }
}
