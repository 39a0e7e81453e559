package org.imgloss.image;

import org.imgloss.errors.ErrorCode;

/**
 * Domain and normalisation transforms applied to a decoded (reconstruction, original) pair, in that
 * order: first {@link DecodeOptions#domain()} on each image, then {@link DecodeOptions#normalize()},
 * which needs the original. This is how the golden SAR domains are defined
 * ({@code linear_raw}, {@code linear_minmax}, {@code db_raw}, {@code db_minmax}):
 *
 * <ul>
 *   <li>{@code domain=linear}: values as decoded.</li>
 *   <li>{@code domain=db}: {@code 10·log10(v + eps)} per sample, in double ({@code eps} default 1e-10).
 *       A sample with {@code v + eps <= 0} gives {@code -Infinity} (zero) or {@code NaN} (negative);
 *       these are not errors here: the caller's finiteness check reports them
 *       ({@code NON_FINITE} in {@code PairScoring}).</li>
 *   <li>{@code normalize=original_minmax}: {@code lo} and {@code hi} are the minimum and maximum of the
 *       (domain-transformed) original over all its samples and channels; both images become
 *       {@code (v − lo) / (hi − lo)}, so the original spans exactly [0, 1] and the reconstruction may
 *       leave it. A constant original ({@code hi == lo}) is {@link ErrorCode#CONSTANT_ORIGINAL}.
 *       NaN samples are skipped when finding {@code lo}/{@code hi} (they stay NaN; an all-NaN original
 *       gives all-NaN images, again left to the finiteness check).</li>
 * </ul>
 *
 * <p>With these formulas in double precision the golden SAR MSE values agree to about 1e-12 relative
 * (a 1-ulp difference of {@code log10} between libms is the only source of disagreement). Pure:
 * returns new images (bit depth 64, {@link Image.SampleFormat#FLOAT}); the inputs are never written,
 * and are returned unchanged when both options are the identity ({@code linear}, {@code none}).
 */
public final class PairTransforms {

    private PairTransforms() {
    }

    /**
     * Applies {@link DecodeOptions#domain()} to both images, then {@link DecodeOptions#normalize()}
     * (which needs the original). Returns {@code {reconstruction, original}}.
     *
     * @throws DecodeException with a stable code when the pair cannot be transformed (e.g. a
     *                         constant original under {@code original_minmax})
     */
    public static Image[] apply(Image reconstruction, Image original, DecodeOptions options) throws DecodeException {
        Image r = reconstruction;
        Image o = original;
        if (options.values() == DecodeOptions.Values.CODE) {
            boolean exact = options.color() == DecodeOptions.Color.KEEP;
            r = codeValues(r, exact);
            o = codeValues(o, exact);
        }
        if (options.domain() == DecodeOptions.Domain.DB) {
            r = decibels(r, options.eps());
            o = decibels(o, options.eps());
        }
        if (options.normalize() == DecodeOptions.Normalize.ORIGINAL_MINMAX) {
            double[] range = minMax(o);
            double lo = range[0];
            double hi = range[1];
            if (hi == lo) {
                throw new DecodeException(ErrorCode.CONSTANT_ORIGINAL,
                        "normalize=original_minmax: the original is constant (min = max = " + lo
                                + (options.domain() == DecodeOptions.Domain.DB ? " dB" : "") + ")");
            }
            r = rescale(r, lo, hi);
            o = rescale(o, lo, hi);
        }
        return new Image[] {r, o};
    }

    /**
     * An 8/16-bit image (decoded to [0, 1]) back on its integer code values, 0..2^bits − 1; a float image
     * unchanged. With {@code exact} (no colour conversion) each sample is rounded to its stored integer,
     * undoing the rounding of the division.
     */
    public static Image codeValues(Image img, boolean exact) {
        if (img.sampleFormat() != Image.SampleFormat.UNSIGNED_INT) {
            return img;
        }
        double max = (1L << img.bitDepth()) - 1;
        double[][] out = new double[img.channels()][];
        for (int c = 0; c < out.length; c++) {
            double[] in = img.plane(c);
            double[] p = new double[in.length];
            for (int i = 0; i < in.length; i++) {
                p[i] = exact ? Math.rint(in[i] * max) : in[i] * max;
            }
            out[c] = p;
        }
        return new Image(img.width(), img.height(), out, img.bitDepth(), Image.SampleFormat.UNSIGNED_INT);
    }

    /** {@code 10·log10(v + eps)} per sample, as a new image. */
    public static Image decibels(Image img, double eps) {
        double[][] out = new double[img.channels()][];
        for (int c = 0; c < out.length; c++) {
            double[] in = img.plane(c);
            double[] p = new double[in.length];
            for (int i = 0; i < in.length; i++) {
                p[i] = 10.0 * Math.log10(in[i] + eps);
            }
            out[c] = p;
        }
        return Image.ofPlanes(img.width(), img.height(), out);
    }

    /**
     * The minimum and maximum over all samples of all channels, NaN skipped; {@code {NaN, NaN}} when
     * every sample is NaN.
     */
    public static double[] minMax(Image img) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        boolean any = false;
        for (int c = 0; c < img.channels(); c++) {
            for (double v : img.plane(c)) {
                if (v == v) {
                    any = true;
                    if (v < lo) {
                        lo = v;
                    }
                    if (v > hi) {
                        hi = v;
                    }
                }
            }
        }
        return any ? new double[] {lo, hi} : new double[] {Double.NaN, Double.NaN};
    }

    /** {@code (v − lo) / (hi − lo)} per sample, as a new image. */
    public static Image rescale(Image img, double lo, double hi) {
        double span = hi - lo;
        double[][] out = new double[img.channels()][];
        for (int c = 0; c < out.length; c++) {
            double[] in = img.plane(c);
            double[] p = new double[in.length];
            for (int i = 0; i < in.length; i++) {
                p[i] = (in[i] - lo) / span;
            }
            out[c] = p;
        }
        return Image.ofPlanes(img.width(), img.height(), out);
    }
}
