package org.imgloss.image;

/**
 * Decodes encoded image bytes (PNG, JPEG, BMP, TIFF, NumPy {@code .npy}) into an {@link Image}.
 * TODO(image helper): implement.
 */
public final class ImageDecoder {

    private ImageDecoder() {
    }

    /**
     * Decodes bytes into an image scaled as ARCHITECTURE.md says, with alpha dropped and the colour
     * option applied ({@link DecodeOptions#color()}); the domain and normalisation options are pair
     * transforms ({@link PairTransforms}). The header is read first and the image rejected with
     * {@link DecodeException#TOO_LARGE} before any pixel buffer is allocated when it has more than
     * {@link DecodeOptions#maxPixels()} pixels.
     */
    public static Image decode(byte[] bytes, DecodeOptions options) throws DecodeException {
        throw new UnsupportedOperationException("not yet");
    }
}
