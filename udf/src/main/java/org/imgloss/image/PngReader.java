package org.imgloss.image;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import org.imgloss.errors.ErrorCode;

/**
 * A direct PNG decoder writing samples straight into the double planes. Package-private;
 * {@link FastDecoders} calls it before ImageIO.
 *
 * <p>Handles every colour type and bit depth the PNG specification allows: 8- and 16-bit gray,
 * gray+alpha, RGB and RGBA (colour types 0, 4, 2, 6), 1/2/4-bit gray, and palette images of 1, 2, 4 or 8
 * bits (colour type 3), non-interlaced or Adam7-interlaced (specification 8.2: seven passes of
 * sub-images, empty passes without rows, each pass's rows filtered on their own with a zero row above
 * the first), with or without {@code tRNS}. Chunks are walked (lengths checked), the IDAT chunks
 * inflated as one stream, the five row filters undone (Paeth as in specification 9.4), alpha dropped,
 * samples divided by 255.0 or 65535.0 in double (16-bit samples big-endian). The values are
 * bit-identical to the ImageIO (JDK PNG reader) path, which the differential tests
 * ({@code DirectDecodersTest}, {@code PngLayoutsTest}) check:
 * <ul>
 *   <li>1/2/4-bit gray is the JDK's ramp {@code k · 255 / (2^depth − 1)} (exact: 255, 85, 17 per step)
 *       divided by 255, one channel, bit depth 8 (with a {@code tRNS} the JDK reader scales the samples to
 *       8 bits by the same ramp);</li>
 *   <li>a palette is read as the JDK reader builds its colour model: at most {@code 2^depth} entries
 *       used, padded with black to 2, 4, 16 or 256 entries and then to {@code 2^depth} with the last
 *       padded entry, so indices past the palette take those padding colours; one channel when every
 *       entry of the model is gray, else RGB; entries divided by 255;</li>
 *   <li>{@code tRNS} changes neither values nor channel counts (gray stays 1 channel, RGB 3), as the
 *       alpha it implies is dropped.</li>
 * </ul>
 *
 * <p>{@link #read} returns {@code null} (ImageIO decides) for chunk sequences on which the JDK reader
 * behaves specially ({@link #chunkAsImageIo}): {@code tRNS} on gray+alpha or RGBA, and, for palette
 * images, whose chunks the JDK reader parses in full, a missing, repeated, late or malformed PLTE, a
 * {@code tRNS} before PLTE, and ancillary chunks it might reject. Too many pixels in the header is
 * {@link ErrorCode#TOO_LARGE} before any pixel buffer is allocated; corrupt or truncated data,
 * including a damaged end of the zlib stream after the last row, is {@link ErrorCode#UNDECODABLE}
 * (the caller then lets ImageIO give the verdict); no runtime exception escapes.
 */
final class PngReader {

    /** {@code v / 255.0} for every 8-bit sample (a table read instead of a division, the same values). */
    private static final double[] UNIT8 = new double[256];

    static {
        for (int v = 0; v < 256; v++) {
            UNIT8[v] = v / 255.0;
        }
    }

    private PngReader() {
    }

    private static DecodeException corrupt(String what) {
        return new DecodeException(ErrorCode.UNDECODABLE, "png: " + what);
    }

    static int i32(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    private static final int IHDR = 0x49484452;
    private static final int IDAT = 0x49444154;
    private static final int IEND = 0x49454E44;
    private static final int TRNS = 0x74524E53;
    private static final int PLTE = 0x504C5445;
    private static final int TEXT = 0x74455874;
    private static final int ZTXT = 0x7A545874;
    private static final int ITXT = 0x69545874;
    private static final int ICCP = 0x69434350;
    private static final int SPLT = 0x73504C54;
    private static final int HIST = 0x68495354;
    private static final int BKGD = 0x624B4744;
    private static final int CHRM = 0x6348524D;
    private static final int GAMA = 0x67414D41;
    private static final int PHYS = 0x70485973;
    private static final int SBIT = 0x73424954;
    private static final int SRGB = 0x73524742;
    private static final int TIME = 0x74494D45;

    /** Adam7 passes (PNG specification 8.2): first column, first row, column step, row step. */
    private static final int[][] ADAM7 = {
        {0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}};
    private static final int[][] NO_INTERLACE = {{0, 0, 1, 1}};

    /**
     * Decodes {@code bytes} (a PNG) or returns {@code null} when the layout is not one this reader handles.
     *
     * @throws DecodeException {@code TOO_LARGE} from the header, {@code UNDECODABLE} for corrupt data
     */
    static Image read(byte[] b, long maxPixels) throws DecodeException {
        try {
            return decode(b, maxPixels);
        } catch (DecodeException e) {
            throw e;
        } catch (RuntimeException | DataFormatException e) {
            throw new DecodeException(ErrorCode.UNDECODABLE, "png: " + e, e);
        }
    }

    private static Image decode(byte[] b, long maxPixels) throws DecodeException, DataFormatException {
        if (b.length < 8 + 25) {
            throw corrupt("shorter than a signature and header");
        }
        int pos = 8;
        if (i32(b, pos + 4) != IHDR || i32(b, pos) != 13) {
            throw corrupt("first chunk is not a 13-byte IHDR");
        }
        int w = i32(b, pos + 8);
        int h = i32(b, pos + 12);
        int depth = b[pos + 16] & 0xFF;
        int colorType = b[pos + 17] & 0xFF;
        int compression = b[pos + 18] & 0xFF;
        int filterMethod = b[pos + 19] & 0xFF;
        int interlace = b[pos + 20] & 0xFF;
        if (w <= 0 || h <= 0) {
            return null;
        }
        int spp = switch (colorType) {
            case 0, 3 -> 1;
            case 2 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> 0;
        };
        boolean indexed = colorType == 3 || (colorType == 0 && depth < 8);
        boolean depthOk = indexed ? (depth == 1 || depth == 2 || depth == 4 || depth == 8) : (depth == 8 || depth == 16);
        if (spp == 0 || !depthOk || compression != 0 || filterMethod != 0 || (interlace != 0 && interlace != 1)) {
            return null;
        }
        ImageDecoder.checkSize(ImageFormat.PNG, w, h, maxPixels);
        pos += 8 + 13 + 4;
        int idatFirst = -1;
        int idatEnd = -1;
        int plte = -1;
        boolean end = false;
        while (pos + 8 <= b.length) {
            long len = i32(b, pos) & 0xFFFFFFFFL;
            int type = i32(b, pos + 4);
            if (len > b.length - pos - 12L) {
                throw corrupt("chunk length " + len + " past the end of the file");
            }
            if (!chunkAsImageIo(b, pos, (int) len, type, colorType, plte >= 0, idatFirst >= 0)) {
                return null;
            }
            if (type == PLTE && colorType == 3) {
                plte = pos;
            } else if (type == IDAT) {
                if (idatFirst < 0) {
                    idatFirst = pos;
                } else if (idatEnd != pos) {
                    throw corrupt("IDAT chunks are not consecutive");
                }
                idatEnd = pos + 12 + (int) len;
            } else if (type == IEND) {
                end = true;
                break;
            }
            pos += 12 + (int) len;
        }
        if (idatFirst < 0 || !end) {
            throw corrupt(idatFirst < 0 ? "no IDAT chunk" : "no IEND chunk");
        }
        if (colorType == 3 && plte < 0) {
            return null;
        }
        double[][] lut = indexed ? lookup(b, plte, colorType, depth) : null;
        int bpp = Math.max(1, spp * depth / 8);
        long rowBytesL = ((long) w * spp * depth + 7) / 8;
        if (rowBytesL + 1 > Integer.MAX_VALUE / 2) {
            return null;
        }
        int channels = indexed ? lut.length : spp >= 3 ? 3 : 1;
        double[][] planes = new double[channels][w * h];
        try (PngStream data = PngStream.open(b, idatFirst, idatEnd, imageBytes(w, h, spp, depth, interlace))) {
            // rows sit after bpp zero bytes (the "left of the first pixel" of the filters); the filter type
            // byte is inflated into the last of them and cleared; the previous row starts each pass all zero
            byte[][] rows = data.rows(bpp + (int) rowBytesL);
            byte[] prev = rows[0];
            byte[] cur = rows[1];
            int row = 0;
            for (int[] pass : interlace == 0 ? NO_INTERLACE : ADAM7) {
                int x0 = pass[0];
                int y0 = pass[1];
                int xs = pass[2];
                int ys = pass[3];
                // pass size: the columns x0, x0 + xs, ... below w (empty passes have no rows, not even filter bytes)
                int pw = (w - x0 + xs - 1) / xs;
                int ph = (h - y0 + ys - 1) / ys;
                if (pw <= 0 || ph <= 0) {
                    continue;
                }
                int n = bpp + (int) (((long) pw * spp * depth + 7) / 8);
                Arrays.fill(prev, 0, n, (byte) 0);
                for (int py = 0; py < ph; py++, row++) {
                    data.read(cur, bpp - 1, n - bpp + 1);
                    byte filter = cur[bpp - 1];
                    cur[bpp - 1] = 0;
                    unfilter(filter, cur, prev, bpp, n, row);
                    int dst = (y0 + py * ys) * w + x0;
                    store(cur, bpp, pw, dst, xs, planes, lut, spp, depth);
                    byte[] t = prev;
                    prev = cur;
                    cur = t;
                }
            }
            data.checkTail();
        }
        return new Image(w, h, planes, indexed ? 8 : depth, Image.SampleFormat.UNSIGNED_INT);
    }

    /**
     * Whether a chunk before IEND leaves the JDK reader's result as this reader computes it (else the
     * caller declines and ImageIO decides). The JDK reader (with metadata ignored, as {@link ImageIoReading}
     * reads) looks at the chunks before the first IDAT only for tRNS (skipping the rest, PLTE included),
     * except for palette images, whose chunks it parses all the way to IEND, failing on malformed ones.
     * Declined: tRNS on gray+alpha / RGBA (the JDK reader then loses its place in the chunk stream);
     * for palette images a second PLTE or one after IDAT, a PLTE whose length is not a positive multiple
     * of 3, a tRNS before PLTE, fixed-size chunks of the wrong size, a tEXt or iCCP whose keyword is not
     * NUL-terminated within 80 bytes (or a tEXt keyword "Creation Time", which the JDK reader parses
     * further), an iCCP with no profile bytes, and sPLT, hIST.
     */
    private static boolean chunkAsImageIo(byte[] b, int pos, int len, int type, int colorType, boolean havePlte,
                                          boolean afterIdat) {
        if (type == TRNS) {
            return colorType == 0 || colorType == 2 || (colorType == 3 && havePlte);
        }
        if (type == PLTE) {
            return colorType != 3 || (!havePlte && !afterIdat && len > 0 && len % 3 == 0);
        }
        if (colorType != 3 || type == IDAT || type == IEND) {
            return true;
        }
        return switch (type) {
            case BKGD, SRGB -> len == 1;
            case CHRM -> len == 32;
            case GAMA -> len == 4;
            case PHYS -> len == 9;
            case SBIT -> len == 3;
            case TIME -> len == 7;
            case ZTXT, ITXT -> true; // skipped when metadata is ignored
            case TEXT -> keywordLength(b, pos + 8, len) >= 0
                    && !new String(b, pos + 8, keywordLength(b, pos + 8, len), StandardCharsets.ISO_8859_1)
                    .equals("Creation Time");
            case ICCP -> keywordLength(b, pos + 8, len) >= 0 && len - keywordLength(b, pos + 8, len) - 2 > 0;
            case SPLT, HIST -> false;
            default -> true; // unknown chunks are read whole
        };
    }

    /** Length of the NUL-terminated keyword opening a chunk's data (within 80 bytes and the chunk), or -1. */
    private static int keywordLength(byte[] b, int data, int len) {
        int limit = Math.min(80, len);
        for (int k = 0; k < limit; k++) {
            if (b[data + k] == 0) {
                return k;
            }
        }
        return -1;
    }

    /** Bytes of the inflated image data: each row of each (non-empty) pass with its filter byte. */
    private static long imageBytes(int w, int h, int spp, int depth, int interlace) {
        long total = 0;
        for (int[] pass : interlace == 0 ? NO_INTERLACE : ADAM7) {
            long pw = (w - pass[0] + pass[2] - 1) / pass[2];
            long ph = (h - pass[1] + pass[3] - 1) / pass[3];
            if (pw > 0 && ph > 0) {
                total += ph * (1 + (pw * spp * depth + 7) / 8);
            }
        }
        return total;
    }

    /** Writes one unfiltered row of {@code pw} pixels to the planes at {@code dst}, {@code xs} apart. */
    private static void store(byte[] cur, int bpp, int pw, int dst, int xs, double[][] planes, double[][] lut,
                              int spp, int depth) {
        if (lut != null) {
            int mask = (1 << depth) - 1;
            for (int c = 0; c < planes.length; c++) {
                double[] p = planes[c];
                double[] l = lut[c];
                if (depth == 8) {
                    for (int x = 0, o = dst; x < pw; x++, o += xs) {
                        p[o] = l[cur[bpp + x] & 0xFF];
                    }
                } else {
                    for (int x = 0, o = dst; x < pw; x++, o += xs) {
                        int bit = x * depth;
                        p[o] = l[(cur[bpp + (bit >>> 3)] >>> (8 - depth - (bit & 7))) & mask];
                    }
                }
            }
        } else if (depth == 8) {
            if (planes.length == 3 && xs == 1) {
                // RGB or RGBA rows: one sweep fills the three planes
                double[] r = planes[0];
                double[] g = planes[1];
                double[] b = planes[2];
                for (int x = 0, i = bpp; x < pw; x++, i += spp) {
                    r[dst + x] = UNIT8[cur[i] & 0xFF];
                    g[dst + x] = UNIT8[cur[i + 1] & 0xFF];
                    b[dst + x] = UNIT8[cur[i + 2] & 0xFF];
                }
                return;
            }
            for (int c = 0; c < planes.length; c++) {
                double[] p = planes[c];
                for (int x = 0, i = bpp + c, o = dst; x < pw; x++, i += spp, o += xs) {
                    p[o] = UNIT8[cur[i] & 0xFF];
                }
            }
        } else {
            int step = 2 * spp;
            for (int c = 0; c < planes.length; c++) {
                double[] p = planes[c];
                for (int x = 0, i = bpp + 2 * c, o = dst; x < pw; x++, i += step, o += xs) {
                    p[o] = ((cur[i] & 0xFF) << 8 | (cur[i + 1] & 0xFF)) / 65535.0;
                }
            }
        }
    }

    /**
     * Sample value per index, per output channel, as the JDK reader's colour model gives them: low-bit
     * gray is a ramp {@code (byte) (i * 255 / (2^depth - 1))}; a palette is padded with black entries to
     * 2, 4, 16 or 256 entries and then to {@code 2^depth} with its last entry, and is 1 channel when every
     * entry is gray, else RGB; entries are divided by 255.
     */
    private static double[][] lookup(byte[] b, int plte, int colorType, int depth) {
        int n = 1 << depth;
        if (colorType == 0) {
            double[] l = new double[n];
            for (int i = 0; i < n; i++) {
                l[i] = (((i * 255) / (n - 1)) & 0xFF) / 255.0;
            }
            return new double[][] {l};
        }
        int entries = Math.min(i32(b, plte) / 3, n);
        int padded = entries > 16 ? 256 : entries > 4 ? 16 : entries > 2 ? 4 : 2;
        int size = Math.max(padded, n);
        int[][] rgb = new int[3][size];
        for (int i = 0; i < entries; i++) {
            for (int c = 0; c < 3; c++) {
                rgb[c][i] = b[plte + 8 + 3 * i + c] & 0xFF;
            }
        }
        for (int i = padded; i < size; i++) {
            for (int c = 0; c < 3; c++) {
                rgb[c][i] = rgb[c][padded - 1];
            }
        }
        boolean gray = true;
        for (int i = 0; i < n && gray; i++) {
            gray = rgb[0][i] == rgb[1][i] && rgb[0][i] == rgb[2][i];
        }
        double[][] lut = new double[gray ? 1 : 3][n];
        for (int c = 0; c < lut.length; c++) {
            for (int i = 0; i < n; i++) {
                lut[c][i] = rgb[c][i] / 255.0;
            }
        }
        return lut;
    }

    /** Paeth for one byte per pixel, keeping the left and up-left bytes in registers. */
    private static void paeth1(byte[] cur, byte[] prev, int n) {
        int a = 0;
        int c = 0;
        for (int i = 1; i < n; i++) {
            int b = prev[i] & 0xFF;
            a = (cur[i] + paeth(a, b, c)) & 0xFF;
            cur[i] = (byte) a;
            c = b;
        }
    }

    /** The Paeth predictor of one byte from its left {@code a}, up {@code b} and up-left {@code c} neighbours. */
    private static int paeth(int a, int b, int c) {
        int pa = Math.abs(b - c);
        int pb = Math.abs(a - c);
        int pc = Math.abs(a + b - 2 * c);
        // branch-free selection (noisy rows mispredict branches): b unless pc < pb, then a unless
        // min(pb, pc) < pa
        int bOrC = b ^ ((b ^ c) & ((pc - pb) >> 31));
        return a ^ ((a ^ bOrC) & ((Math.min(pb, pc) - pa) >> 31));
    }

    /**
     * Paeth for three bytes per pixel (8-bit RGB): the three channels' left and up-left bytes kept in
     * registers, so the three chains of dependent pixels run side by side instead of through memory.
     */
    private static void paeth3(byte[] cur, byte[] prev, int n) {
        int a0 = 0;
        int a1 = 0;
        int a2 = 0;
        int c0 = 0;
        int c1 = 0;
        int c2 = 0;
        for (int i = 3; i + 2 < n; i += 3) {
            int b0 = prev[i] & 0xFF;
            int b1 = prev[i + 1] & 0xFF;
            int b2 = prev[i + 2] & 0xFF;
            a0 = (cur[i] + paeth(a0, b0, c0)) & 0xFF;
            a1 = (cur[i + 1] + paeth(a1, b1, c1)) & 0xFF;
            a2 = (cur[i + 2] + paeth(a2, b2, c2)) & 0xFF;
            cur[i] = (byte) a0;
            cur[i + 1] = (byte) a1;
            cur[i + 2] = (byte) a2;
            c0 = b0;
            c1 = b1;
            c2 = b2;
        }
    }

    /**
     * Undoes one row's filter in place; {@code cur} and {@code prev} hold the row after {@code bpp} zero
     * bytes, {@code n} bytes in all.
     */
    private static void unfilter(byte type, byte[] cur, byte[] prev, int bpp, int n, int y) throws DecodeException {
        switch (type) {
            case 0 -> {
            }
            case 1 -> {
                for (int i = bpp; i < n; i++) {
                    cur[i] += cur[i - bpp];
                }
            }
            case 2 -> {
                for (int i = bpp; i < n; i++) {
                    cur[i] += prev[i];
                }
            }
            case 3 -> {
                for (int i = bpp; i < n; i++) {
                    cur[i] += (byte) (((cur[i - bpp] & 0xFF) + (prev[i] & 0xFF)) >>> 1);
                }
            }
            case 4 -> {
                // Paeth (PNG specification 9.4): the one of a (left), b (up), c (up-left) nearest to
                // a + b - c, ties in the order a, b, c
                if (bpp == 1) {
                    paeth1(cur, prev, n);
                    return;
                }
                if (bpp == 3) {
                    paeth3(cur, prev, n);
                    return;
                }
                for (int i = bpp; i < n; i++) {
                    cur[i] += (byte) paeth(cur[i - bpp] & 0xFF, prev[i] & 0xFF, prev[i - bpp] & 0xFF);
                }
            }
            default -> throw corrupt("unknown filter type " + (type & 0xFF) + " on row " + y);
        }
    }
}
