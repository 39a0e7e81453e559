package org.imgloss.image;

import org.imgloss.errors.ErrorCode;

/**
 * Encoded bytes could not become an {@link Image}, or a pair transform had no answer. Carries a
 * pair-level {@link ErrorCode} that ends up in the {@code error_code} column of the pair's row:
 * {@link ErrorCode#EMPTY_INPUT}, {@link ErrorCode#UNSUPPORTED_FORMAT}, {@link ErrorCode#UNDECODABLE},
 * {@link ErrorCode#TOO_LARGE} from decoding, {@link ErrorCode#CONSTANT_ORIGINAL} from
 * {@link PairTransforms}.
 */
public final class DecodeException extends Exception {

    private final ErrorCode code;

    public DecodeException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public DecodeException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The stable error code. */
    public ErrorCode code() {
        return code;
    }
}
