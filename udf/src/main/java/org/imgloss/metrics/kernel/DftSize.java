package org.imgloss.metrics.kernel;

/** FFT-friendly sizes, as OpenCV's {@code getOptimalDFTSize} chooses them (metrics-spec §5.1). */
public final class DftSize {

    private DftSize() {
    }

    /**
     * The smallest integer ≥ {@code n} whose prime factors are only 2, 3 and 5
     * (61 → 64, 83 → 90, 513 → 540, 3024 → 3072, 4032 → 4050).
     */
    public static int optimal(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + n);
        }
        for (int m = n; ; m++) {
            int r = m;
            while (r % 2 == 0) {
                r /= 2;
            }
            while (r % 3 == 0) {
                r /= 3;
            }
            while (r % 5 == 0) {
                r /= 5;
            }
            if (r == 1) {
                return m;
            }
        }
    }
}
