package org.imgloss.image;

import java.util.Locale;

/**
 * The encodings imgloss decodes, recognised by their leading magic bytes (file names and
 * extensions are never trusted).
 *
 * <table>
 *   <caption>Magic bytes</caption>
 *   <tr><th>format</th><th>first bytes</th></tr>
 *   <tr><td>{@link #PNG}</td><td>{@code 89 50 4E 47 0D 0A 1A 0A}</td></tr>
 *   <tr><td>{@link #JPEG}</td><td>{@code FF D8 FF}</td></tr>
 *   <tr><td>{@link #BMP}</td><td>{@code "BM"}</td></tr>
 *   <tr><td>{@link #TIFF}</td><td>{@code "II" 2A 00}, {@code "MM" 00 2A}; BigTIFF {@code "II" 2B 00}, {@code "MM" 00 2B}</td></tr>
 *   <tr><td>{@link #NPY}</td><td>{@code 93 "NUMPY"}</td></tr>
 * </table>
 */
public enum ImageFormat {
    PNG("png"),
    JPEG("jpeg"),
    BMP("bmp"),
    /** Classic TIFF and BigTIFF. */
    TIFF("tiff"),
    /** NumPy {@code .npy} array file (format versions 1.0, 2.0 and 3.0). */
    NPY("npy");

    private final String imageIoName;

    ImageFormat(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    /** The ImageIO format name ({@code png}, {@code jpeg}, …); {@code npy} is read without ImageIO. */
    String imageIoName() {
        return imageIoName;
    }

    /** Lower-case name as written in outputs and messages: {@code png}, {@code jpeg}, {@code bmp}, {@code tiff}, {@code npy}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The format announced by the first bytes, or {@code null} when they match none of the formats
     * above (including when there are too few bytes to tell).
     */
    public static ImageFormat detect(byte[] b) {
        if (b == null) {
            return null;
        }
        int n = b.length;
        if (n >= 8 && u(b, 0) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
                && b[4] == 0x0D && b[5] == 0x0A && b[6] == 0x1A && b[7] == 0x0A) {
            return PNG;
        }
        if (n >= 3 && u(b, 0) == 0xFF && u(b, 1) == 0xD8 && u(b, 2) == 0xFF) {
            return JPEG;
        }
        if (n >= 6 && u(b, 0) == 0x93 && b[1] == 'N' && b[2] == 'U' && b[3] == 'M' && b[4] == 'P' && b[5] == 'Y') {
            return NPY;
        }
        if (n >= 4 && ((b[0] == 'I' && b[1] == 'I' && (b[2] == 0x2A || b[2] == 0x2B) && b[3] == 0)
                || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && (b[3] == 0x2A || b[3] == 0x2B)))) {
            return TIFF;
        }
        if (n >= 2 && b[0] == 'B' && b[1] == 'M') {
            return BMP;
        }
        return null;
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xFF;
    }
}
