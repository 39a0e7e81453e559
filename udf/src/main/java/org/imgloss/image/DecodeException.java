package org.imgloss.image;

/**
 * Encoded bytes could not become an {@link Image}. Carries a stable error code that ends up in the
 * {@code error_code} column of the pair's row.
 */
public final class DecodeException extends Exception {

    /** No bytes, or a zero-length file. */
    public static final String EMPTY = "EMPTY_INPUT";
    /** The bytes are not an image format imgloss reads. */
    public static final String UNSUPPORTED_FORMAT = "UNSUPPORTED_FORMAT";
    /** A known format, but the data is corrupt or truncated. */
    public static final String UNDECODABLE = "UNDECODABLE";
    /** The header announces more pixels than {@code max_pixels} allows. */
    public static final String TOO_LARGE = "TOO_LARGE";
    /**
     * The original is constant (its minimum equals its maximum), so {@code normalize=original_minmax}
     * has no scale (see {@link PairTransforms}).
     */
    public static final String CONSTANT_ORIGINAL = "CONSTANT_ORIGINAL";

    private final String code;

    public DecodeException(String code, String message) {
        super(message);
        this.code = code;
    }

    public DecodeException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The stable error code. */
    public String code() {
        return code;
    }
}
