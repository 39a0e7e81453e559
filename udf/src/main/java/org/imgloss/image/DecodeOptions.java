package org.imgloss.image;

import java.util.Locale;

/**
 * How encoded bytes become the images the metrics see: colour handling, value domain,
 * normalisation and the decompression-bomb guard. Immutable; the defaults are {@link #DEFAULT}.
 *
 * @param color     {@link Color#KEEP} (default), {@link Color#GRAY} or {@link Color#Y_BT601}
 * @param domain    {@link Domain#LINEAR} (default) or {@link Domain#DB}
 * @param eps       added before the logarithm in the dB domain: {@code 10·log10(v + eps)}; default 1e-10
 * @param normalize {@link Normalize#NONE} (default) or {@link Normalize#ORIGINAL_MINMAX}
 * @param maxPixels largest {@code width × height} accepted, checked from the header before any
 *                  pixel buffer is allocated; default 100,000,000
 * @param values    {@link Values#UNIT} (default: 8/16-bit samples / 255 or / 65535) or {@link Values#CODE}
 */
public record DecodeOptions(Color color, Domain domain, double eps, Normalize normalize, long maxPixels,
                            Values values) {

    /** The scale of 8- and 16-bit (integer) samples; floating-point samples are kept as stored either way. */
    public enum Values {
        /** Divided by 255 (8-bit) or 65535 (16-bit): [0, 1], with {@code data_range} 1. */
        UNIT,
        /**
         * The integer code values, 0..255 or 0..65535 (scikit-image's and torchmetrics' convention on
         * uint8 / uint16 arrays), with {@code data_range} 255 or 65535. Applied before the domain and
         * normalisation options; with {@code color: keep} the samples are exactly the stored integers.
         */
        CODE;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Every option but {@code values}, which is {@link Values#UNIT}. */
    public DecodeOptions(Color color, Domain domain, double eps, Normalize normalize, long maxPixels) {
        this(color, domain, eps, normalize, maxPixels, Values.UNIT);
    }

    /** Colour handling. */
    public enum Color {
        /** Keep every colour channel (alpha is always dropped). */
        KEEP,
        /** One channel: 0.299·R + 0.587·G + 0.114·B (ITU-R BT.601 weights, as piq and PIL "L"). */
        GRAY,
        /**
         * One channel: BT.601 studio-swing luma as super-resolution benchmarks compute it
         * (MATLAB {@code rgb2ycbcr}): {@code (16 + 65.481·R + 128.553·G + 24.966·B) / 255} for R, G, B in [0, 1].
         */
        Y_BT601;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Value domain. */
    public enum Domain {
        /** Values as decoded. */
        LINEAR,
        /** SAR intensity in decibels: {@code 10·log10(v + eps)}. */
        DB;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Normalisation applied to the pair after the domain transform. */
    public enum Normalize {
        /** None. */
        NONE,
        /**
         * Both images mapped by the original's minimum and maximum: {@code (v − lo) / (hi − lo)}, as
         * SAR papers report. A constant original (hi = lo) cannot be normalised.
         */
        ORIGINAL_MINMAX;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final double DEFAULT_EPS = 1e-10;
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    public static final DecodeOptions DEFAULT =
            new DecodeOptions(Color.KEEP, Domain.LINEAR, DEFAULT_EPS, Normalize.NONE, DEFAULT_MAX_PIXELS);

    public DecodeOptions {
        if (color == null || domain == null || normalize == null || values == null) {
            throw new IllegalArgumentException("color, domain, normalize and values are required");
        }
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("eps: must be a finite number >= 0, got " + eps);
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("max_pixels: must be >= 1, got " + maxPixels);
        }
    }

    public DecodeOptions withColor(Color c) {
        return new DecodeOptions(c, domain, eps, normalize, maxPixels, values);
    }

    public DecodeOptions withDomain(Domain d) {
        return new DecodeOptions(color, d, eps, normalize, maxPixels, values);
    }

    public DecodeOptions withEps(double e) {
        return new DecodeOptions(color, domain, e, normalize, maxPixels, values);
    }

    public DecodeOptions withNormalize(Normalize n) {
        return new DecodeOptions(color, domain, eps, n, maxPixels, values);
    }

    public DecodeOptions withMaxPixels(long m) {
        return new DecodeOptions(color, domain, eps, normalize, m, values);
    }

    public DecodeOptions withValues(Values v) {
        return new DecodeOptions(color, domain, eps, normalize, maxPixels, v);
    }
}
