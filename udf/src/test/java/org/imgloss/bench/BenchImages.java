package org.imgloss.bench;

import java.util.SplittableRandom;
import org.imgloss.image.Image;

/**
 * Deterministic synthetic image pairs for the benchmarks: an "original" with smooth structure,
 * edges and texture, and a "reconstruction" that is the original plus Gaussian noise, both clipped
 * to [0, 1]. The same seed gives the same pixels on every run, and {@code bench/peers.py} builds
 * its arrays with the same recipe (values differ in the noise stream, not in size or type), so
 * imgloss and its Python peers time the same amount of work.
 */
final class BenchImages {

    /** Sigma of the reconstruction's noise. */
    static final double NOISE = 0.05;

    private BenchImages() {
    }

    /** Width, height and channel count, written {@code WxHxC} (e.g. {@code 512x512x3}). */
    record Shape(int width, int height, int channels) {

        static Shape parse(String text) {
            String[] p = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
            if (p.length != 3) {
                throw new IllegalArgumentException("shape must be WxHxC, got '" + text + "'");
            }
            return new Shape(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
        }
    }

    /** The original of a pair. */
    static Image original(Shape s, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] planes = new double[s.channels()][s.width() * s.height()];
        for (int c = 0; c < s.channels(); c++) {
            double phase = 0.7 * c;
            double[] p = planes[c];
            for (int y = 0; y < s.height(); y++) {
                for (int x = 0; x < s.width(); x++) {
                    double v = 0.5 + 0.25 * Math.sin(x / 17.0 + phase) * Math.cos(y / 23.0 - phase)
                            + ((x / 32 + y / 32) % 2 == 0 ? 0.1 : -0.1)
                            + 0.05 * (rnd.nextDouble() - 0.5);
                    p[y * s.width() + x] = clip(v);
                }
            }
        }
        return Image.ofPlanes(s.width(), s.height(), planes);
    }

    /** The original plus Gaussian noise of sigma {@link #NOISE}, clipped to [0, 1]. */
    static Image reconstruction(Image original, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] planes = new double[original.channels()][];
        for (int c = 0; c < original.channels(); c++) {
            double[] o = original.plane(c);
            double[] p = new double[o.length];
            for (int i = 0; i < o.length; i++) {
                p[i] = clip(o[i] + NOISE * gaussian(rnd));
            }
            planes[c] = p;
        }
        return Image.ofPlanes(original.width(), original.height(), planes);
    }

    /** {@code {reconstruction, original}}. */
    static Image[] pair(Shape s) {
        Image o = original(s, 20261123L);
        return new Image[] {reconstruction(o, 42L), o};
    }

    /**
     * Two equal pairs made of distinct objects: {@code pairs[i] = {reconstruction, original}}.
     * Benchmarks alternate between them so that every call scores a "new" pair, as the next row of a
     * partition is; kernels that remember results per pair object (PairMemo) then never reuse a
     * result across calls, which would time a cache lookup instead of the metric.
     */
    static Image[][] twoPairs(Shape s) {
        Image[] a = pair(s);
        return new Image[][] {a, {copy(a[0]), copy(a[1])}};
    }

    /** A deep copy: same samples, new arrays, new object. */
    static Image copy(Image img) {
        double[][] planes = new double[img.channels()][];
        for (int c = 0; c < planes.length; c++) {
            planes[c] = img.plane(c).clone();
        }
        return new Image(img.width(), img.height(), planes, img.bitDepth(), img.sampleFormat());
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box-Muller; one of the pair is enough here.
        double u1 = 1.0 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    private static double clip(double v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }
}
