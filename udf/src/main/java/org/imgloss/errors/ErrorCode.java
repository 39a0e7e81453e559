package org.imgloss.errors;

/**
 * Every error code imgloss writes, with its meaning and its level. The codes are a contract: the
 * {@link #code()} strings land in the {@code error_code} column (pair level: the pair has no
 * scores) and in the {@code metric_errors} map (metric level: one metric has no value on a scored
 * pair) of the job's {@code scores} table and of {@code score_pair}'s struct, so they never change.
 * README.md's error table lists exactly these constants (a test checks it).
 *
 * <p>The enum lives in {@code org.imgloss.errors}, a package that depends on nothing else of
 * imgloss, so that every layer (image decoding, metrics, scoring, Spark, the job) may use it.
 */
public enum ErrorCode {

    // pair level: the pair's row has error_code and error_message, and no scores

    /** The key has a reconstruction but no original. */
    MISSING_ORIGINAL(Level.PAIR, "the key has a reconstruction (file, manifest cell, Parquet value) but no original"),
    /** The key has an original but no reconstruction. */
    MISSING_RECONSTRUCTION(Level.PAIR, "the key has an original (file, manifest cell, Parquet value) but no reconstruction"),
    /** A manifest or Parquet row has no key (a null or empty key cell). */
    MISSING_KEY(Level.PAIR, "a manifest or Parquet row has an empty or null key cell; other rows are scored as usual"),
    /** Several files or rows share the key. */
    DUPLICATE_KEY(Level.PAIR, "several files or rows share the key: each gets a row with this code, none is picked"),
    /** An image file could not be read. */
    READ_FAILED(Level.PAIR, "an image file could not be read (not found, permission, I/O error)"),
    /** No bytes, a zero-length file, or an image struct without pixel data. */
    EMPTY_INPUT(Level.PAIR, "an image has no bytes (null, a zero-length file, an image struct without data)"),
    /** The bytes are not an image format (or a layout of one) imgloss reads. */
    UNSUPPORTED_FORMAT(Level.PAIR, "an image is in a format or layout imgloss does not read (e.g. GIF, CMYK)"),
    /** A known format, but the data is corrupt or truncated. */
    UNDECODABLE(Level.PAIR, "an image is in a known format but its data is corrupt or truncated"),
    /** The header announces more pixels than {@code max_pixels} allows. */
    TOO_LARGE(Level.PAIR, "an image has more pixels than max_pixels allows (decided from its header)"),
    /** Reconstruction and original differ in width or height. */
    SIZE_MISMATCH(Level.PAIR, "reconstruction and original differ in width or height"),
    /** Reconstruction and original differ in channel count. */
    CHANNEL_MISMATCH(Level.PAIR, "reconstruction and original differ in channel count (after color)"),
    /** The original is constant, so {@code normalize=original_minmax} has no scale. */
    CONSTANT_ORIGINAL(Level.PAIR, "the original is constant, so normalize: original_minmax has no scale"),
    /** An image holds NaN or infinite samples (checked after the domain transform). */
    NON_FINITE(Level.PAIR, "an image holds NaN or infinite samples (checked after the domain transform)"),
    /** An unexpected failure while scoring the pair (a bug, reported as a value). */
    SCORING_FAILED(Level.PAIR, "an unexpected error while scoring the pair (a bug: the message carries the exception); the run goes on"),

    // metric level: the pair is scored, this metric's value is null and metric_errors holds the code

    /** The image (or one of its scales) is smaller than the metric's window, pyramid or model needs. */
    TOO_SMALL(Level.METRIC, "the image (or one of its scales) is smaller than the metric's window, pyramid or model needs"),
    /** The metric does not apply to this pair (e.g. a parameter needs data the pair lacks). */
    NOT_APPLICABLE(Level.METRIC, "the metric does not apply to this pair (e.g. shapes it cannot compare, a mask, gaze or model it lacks)"),
    /** The computation produced NaN (e.g. a 0/0 the metric does not define). */
    NOT_A_NUMBER(Level.METRIC, "the metric evaluated to NaN (e.g. a 0/0 it does not define)"),
    /** The metric failed unexpectedly; the message carries the exception. */
    METRIC_FAILED(Level.METRIC, "the metric failed unexpectedly on this pair (the message carries the exception)"),
    /** The mask image of a metric that takes one could not be read or decoded. */
    MASK_UNREADABLE(Level.METRIC, "the mask image of an enl / enl_loss metric could not be read or decoded");

    /** Where a code is reported. */
    public enum Level {
        /** The whole pair failed: {@code error_code} and {@code error_message}, every metric null. */
        PAIR("error_code"),
        /** One metric has no value on a scored pair: alias → code in {@code metric_errors}. */
        METRIC("metric_errors");

        private final String column;

        Level(String column) {
            this.column = column;
        }

        /** The column the code is written to: {@code error_code} or {@code metric_errors}. */
        public String column() {
            return column;
        }
    }

    private final Level level;
    private final String meaning;

    ErrorCode(Level level, String meaning) {
        this.level = level;
        this.meaning = meaning;
    }

    /** The stable string written to the tables (the constant's name). */
    public String code() {
        return name();
    }

    /** Pair level (the pair has no scores) or metric level (one metric has no value). */
    public Level level() {
        return level;
    }

    /** What the code means, in one sentence for users. */
    public String meaning() {
        return meaning;
    }

    /** The code's string, or {@code null} for {@code null} (a row without error). */
    public static String codeOf(ErrorCode code) {
        return code == null ? null : code.code();
    }
}
