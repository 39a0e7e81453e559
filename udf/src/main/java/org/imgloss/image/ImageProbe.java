package org.imgloss.image;

import org.imgloss.errors.ErrorCode;

/**
 * Reads what an encoded image's header says (format, width, height, channels, bit depth) without
 * decoding pixels: the job uses it to plan work and to reject oversized images early. For PNG, BMP,
 * JPEG and {@code .npy} the header sits at the start of the file, so a prefix of the bytes is enough;
 * a TIFF's first directory may be anywhere in the file.
 *
 * <p>Channels and bit depth are those {@link ImageDecoder#decode} produces with
 * {@link DecodeOptions.Color#KEEP} (see {@link ImageHeader}). Thread-safe.
 */
public final class ImageProbe {

    private ImageProbe() {
    }

    /**
     * @throws DecodeException {@code EMPTY_INPUT}, {@code UNSUPPORTED_FORMAT} or {@code UNDECODABLE}
     *                         (a header that cannot be read); never a runtime exception
     */
    public static ImageHeader probe(byte[] bytes) throws DecodeException {
        if (bytes == null || bytes.length == 0) {
            throw new DecodeException(ErrorCode.EMPTY_INPUT, "no image bytes");
        }
        ImageFormat format = ImageFormat.detect(bytes);
        if (format == null) {
            throw new DecodeException(ErrorCode.UNSUPPORTED_FORMAT,
                    "unknown image format (first bytes " + ImageDecoder.hexPrefix(bytes) + ")");
        }
        try {
            if (format == ImageFormat.NPY) {
                return NpyReader.header(bytes).toImageHeader();
            }
            return ImageIoReading.probe(bytes, format);
        } catch (DecodeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DecodeException(ErrorCode.UNDECODABLE, format.configName() + ": " + e, e);
        }
    }
}
