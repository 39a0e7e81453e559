package org.imgloss.image;

import org.imgloss.errors.ErrorCode;

/**
 * Decodes encoded image bytes into an {@link Image}: PNG, JPEG, BMP, TIFF (classic and BigTIFF) and
 * NumPy {@code .npy}, recognised by their magic bytes ({@link ImageFormat#detect}).
 *
 * <p><b>What each format gives.</b>
 * <ul>
 *   <li>PNG: 8- and 16-bit gray, gray+alpha, RGB, RGBA; 1/2/4-bit gray; palette.</li>
 *   <li>JPEG: gray and YCbCr (decoded to RGB by the JDK decoder), 8-bit. Corrupt or truncated
 *       entropy-coded data, which the decoder only reports as a warning, is undecodable here.</li>
 *   <li>BMP: every depth ImageIO reads (1/4/8-bit palette, 16-bit 5-5-5/5-6-5, 24- and 32-bit).</li>
 *   <li>TIFF through the TwelveMonkeys reader (preferred over the JDK one when both are present):
 *       8/16-bit unsigned integer and 32/64-bit float samples, strips or tiles, any compression
 *       it reads, BigTIFF. Only the first image (page) of a file is read.</li>
 *   <li>{@code .npy}: {@code uint8}, {@code uint16}, {@code float32}, {@code float64}, either byte order,
 *       C or Fortran order, shape {@code H×W} or {@code H×W×C}; every channel kept.</li>
 * </ul>
 *
 * <p>The common PNG and TIFF layouts are read by direct readers ({@link PngReader}, {@link TiffReader},
 * through {@link FastDecoders}) that give values bit-identical to the ImageIO path; every other layout,
 * and every file they find corrupt, goes through ImageIO as described here.
 *
 * <p><b>Values.</b> Integer samples of {@code b} bits are divided by {@code 2^b − 1} in double:
 * 8-bit by 255, 16-bit by 65535 (5- and 6-bit BMP fields by 31 and 63), so {@code 12345} in a
 * 16-bit file becomes exactly the double {@code 12345 / 65535.0}. Float samples are kept as stored
 * ({@code float32} upcast exactly). Samples are read from the raster, never through colour-managed
 * {@code getRGB}; embedded colour profiles, gamma chunks and EXIF orientation are not applied (pixels
 * come in stored order).
 *
 * <p><b>Alpha and palettes.</b> Alpha is always dropped: gray+alpha gives 1 channel, RGBA 3.
 * Palette images are expanded through their palette to RGB (3 channels, 8-bit, divided by 255),
 * except when every palette entry is gray (R = G = B), which gives 1 channel, so a gray image saved
 * with a palette (low-bit-depth gray PNG, 8-bit gray BMP) stays gray. Palette transparency is dropped
 * with the alpha. CMYK images are {@link ErrorCode#UNSUPPORTED_FORMAT}.
 *
 * <p><b>Colour option</b> ({@link DecodeOptions#color()}), applied here, see {@link ColorTransforms}:
 * {@code keep}, {@code gray} (0.299·R + 0.587·G + 0.114·B), {@code y_bt601}
 * ((16 + 65.481·R + 128.553·G + 24.966·B) / 255). A 1-channel image is left as is by {@code gray}
 * and is treated as R = G = B by {@code y_bt601}.
 *
 * <p><b>Errors</b>, each a {@link DecodeException} with a stable code, never a runtime exception:
 * no bytes → {@link ErrorCode#EMPTY_INPUT}; unknown magic → {@link ErrorCode#UNSUPPORTED_FORMAT};
 * corrupt or truncated data → {@link ErrorCode#UNDECODABLE}; more than
 * {@link DecodeOptions#maxPixels()} pixels in the header → {@link ErrorCode#TOO_LARGE}, decided
 * from the header before any pixel buffer is allocated.
 *
 * <p>Thread-safe: every call uses its own ImageIO reader. The first call scans the class path for
 * ImageIO plugins once per JVM ({@code ImageIO.scanForPlugins()}), so plugins shipped with
 * {@code spark.jars} are found, and turns ImageIO's disk cache off.
 */
public final class ImageDecoder {

    private ImageDecoder() {
    }

    /**
     * Decodes bytes into an image scaled as ARCHITECTURE.md says, with alpha dropped and the colour
     * option applied ({@link DecodeOptions#color()}); the domain and normalisation options are pair
     * transforms ({@link PairTransforms}). The header is read first and the image rejected with
     * {@link ErrorCode#TOO_LARGE} before any pixel buffer is allocated when it has more than
     * {@link DecodeOptions#maxPixels()} pixels.
     *
     * @throws DecodeException with code {@code EMPTY_INPUT}, {@code UNSUPPORTED_FORMAT},
     *                         {@code UNDECODABLE} or {@code TOO_LARGE}
     */
    public static Image decode(byte[] bytes, DecodeOptions options) throws DecodeException {
        if (bytes == null || bytes.length == 0) {
            throw new DecodeException(ErrorCode.EMPTY_INPUT, "no image bytes");
        }
        DecodeOptions opts = options == null ? DecodeOptions.DEFAULT : options;
        ImageFormat format = ImageFormat.detect(bytes);
        if (format == null) {
            throw new DecodeException(ErrorCode.UNSUPPORTED_FORMAT,
                    "unknown image format (first bytes " + hexPrefix(bytes) + ")");
        }
        try {
            Image img;
            if (format == ImageFormat.NPY) {
                NpyReader.Header h = NpyReader.header(bytes);
                checkSize(format, h.width(), h.height(), opts.maxPixels());
                img = NpyReader.read(bytes, h);
            } else {
                img = FastDecoders.tryDecode(bytes, format, opts.maxPixels());
                if (img == null) {
                    img = ImageIoReading.decode(bytes, format, opts.maxPixels());
                }
            }
            return ColorTransforms.apply(img, opts.color());
        } catch (DecodeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DecodeException(ErrorCode.UNDECODABLE, format.configName() + ": " + e, e);
        }
    }

    /** Decodes with {@link DecodeOptions#DEFAULT}. */
    public static Image decode(byte[] bytes) throws DecodeException {
        return decode(bytes, DecodeOptions.DEFAULT);
    }

    static void checkSize(ImageFormat format, long width, long height, long maxPixels) throws DecodeException {
        checkSize(format.configName(), "header", width, height, maxPixels);
    }

    /**
     * The size guard every decode path applies before allocating pixels: a non-positive size is
     * {@link ErrorCode#UNDECODABLE}, more than {@code maxPixels} (or more than one array holds)
     * {@link ErrorCode#TOO_LARGE}.
     *
     * @param what   prefix of the messages (the format, e.g. {@code png}, or a part of it, e.g. {@code tiff tile})
     * @param source what gave the size (e.g. {@code header})
     */
    static void checkSize(String what, String source, long width, long height, long maxPixels) throws DecodeException {
        if (width < 1 || height < 1) {
            throw new DecodeException(ErrorCode.UNDECODABLE,
                    what + ": " + source + " gives an empty size " + width + "x" + height);
        }
        long pixels;
        try {
            pixels = Math.multiplyExact(width, height);
        } catch (ArithmeticException e) { // two BigTIFF sizes of up to 2^63 - 1 each
            pixels = Long.MAX_VALUE;
        }
        if (pixels > maxPixels) {
            throw new DecodeException(ErrorCode.TOO_LARGE, what + ": " + width + "x" + height
                    + " = " + pixels + " pixels, more than max_pixels " + maxPixels);
        }
        if (pixels > Integer.MAX_VALUE - 8) {
            throw new DecodeException(ErrorCode.TOO_LARGE, what + ": " + width + "x" + height
                    + " = " + pixels + " pixels do not fit in one array");
        }
    }

    static String hexPrefix(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, b.length); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02X", b[i] & 0xFF));
        }
        return sb.toString();
    }
}
