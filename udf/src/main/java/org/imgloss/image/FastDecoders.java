package org.imgloss.image;

import org.imgloss.errors.ErrorCode;

/**
 * The direct decoders tried before ImageIO ({@link PngReader}, {@link TiffReader}). Package-private.
 *
 * <p>A direct reader either decodes the image (values bit-identical to the ImageIO path), or declines
 * ({@code null}) for layouts it does not handle. When it finds the data corrupt, the ImageIO path is
 * asked too and has the last word, so the verdict on a damaged file is the same as before the direct
 * readers existed; {@link ErrorCode#TOO_LARGE} from the header is final.
 */
final class FastDecoders {

    private FastDecoders() {
    }

    /** The image, or {@code null} when ImageIO should decode {@code bytes}. */
    static Image tryDecode(byte[] bytes, ImageFormat format, long maxPixels) throws DecodeException {
        try {
            return switch (format) {
                case PNG -> PngReader.read(bytes, maxPixels);
                case TIFF -> TiffReader.read(bytes, maxPixels);
                default -> null;
            };
        } catch (DecodeException e) {
            if (e.code() == ErrorCode.TOO_LARGE) {
                throw e;
            }
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
