package org.imgloss.image;

/**
 * One side of a pair before decoding: what {@link org.imgloss.scoring.PairScoring} turns into an
 * {@link Image} under the pair's {@link DecodeOptions}. Either encoded bytes ({@link #encoded}, decoded
 * by {@link ImageDecoder}) or raw pixels such as Spark's image struct ({@link OpenCvPixels}). Whatever
 * the form, the image that comes out is scaled, colour-converted and size-checked the same way, and
 * every problem is a {@link DecodeException} with a stable code.
 */
@FunctionalInterface
public interface ImageInput {

    /**
     * The image, with alpha dropped and the colour option applied (the domain and normalisation
     * options are pair transforms, applied later).
     *
     * @throws DecodeException with a stable code when there is no usable image
     */
    Image decode(DecodeOptions options) throws DecodeException;

    /** Encoded bytes (PNG, JPEG, TIFF, ...) as {@link ImageDecoder#decode(byte[], DecodeOptions)} reads them; null is empty input. */
    static ImageInput encoded(byte[] bytes) {
        return options -> ImageDecoder.decode(bytes == null ? new byte[0] : bytes, options);
    }
}
