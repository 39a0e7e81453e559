package org.imgloss.metrics.metamer;

/**
 * How an image is reflect-padded so that both sides become multiples of {@code m = 2^L}
 * ({@code L = n_pyramid_levels}), spec §4.
 *
 * <p>odak's {@code pad_image_for_pyramid} puts the height deficit {@code dh} on <b>top</b>, and (a
 * bug) the width deficit {@code dw} as extra <b>bottom rows</b>, never padding the width. imgloss
 * keeps odak's rule wherever it yields a usable shape, i.e. whenever the width is already a multiple
 * of m (then only {@code dh} rows are added on top, exactly as odak does), and otherwise pads the
 * width properly: {@code dw} columns on the <b>left</b> (the deficit goes before the image on both
 * axes). Images whose width is not a multiple of m are therefore not odak-comparable (odak crashes
 * on almost all of them).
 *
 * @param top    rows added above the image
 * @param left   columns added left of the image
 * @param height padded height
 * @param width  padded width
 */
public record PyramidPadding(int top, int left, int height, int width) {

    /** The padding of a {@code h × w} image for {@code levels} pyramid levels. */
    public static PyramidPadding of(int h, int w, int levels) {
        long m = 1L << levels;
        int ph = (int) (((h + m - 1) / m) * m);
        int pw = (int) (((w + m - 1) / m) * m);
        return new PyramidPadding(ph - h, pw - w, ph, pw);
    }

    /** True when nothing is added. */
    public boolean none() {
        return top == 0 && left == 0;
    }

    /** The padded plane (the input itself when nothing is added). */
    public double[] apply(double[] plane, int h, int w) {
        if (none()) {
            return plane;
        }
        return Reflect.pad(plane, h, w, top, 0, left, 0);
    }

    /** Cuts the original {@code h × w} region back out of a padded plane. */
    public double[] crop(double[] padded, int h, int w) {
        if (none()) {
            return padded;
        }
        double[] out = new double[h * w];
        for (int y = 0; y < h; y++) {
            System.arraycopy(padded, (y + top) * width + left, out, y * w, w);
        }
        return out;
    }
}
