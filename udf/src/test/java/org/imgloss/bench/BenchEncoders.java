package org.imgloss.bench;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.imgloss.image.Image;
import org.imgloss.image.TestEncoders;

/**
 * Encoders that turn a benchmark {@link Image} into file bytes for the decode benchmarks: PNG
 * (8- or 16-bit, gray or RGB, every row Paeth-filtered and deflated at the default level, as
 * common writers do; also Adam7-interlaced 8-bit and 8-bit palette with {@code tRNS}), uncompressed single-strip float32 TIFF (little-endian, chunky samples) and
 * LZW TIFF as GDAL and libtiff write it (strips of about 8 KiB, chunky samples, little-endian): float32
 * with the floating-point predictor (3) or uint16 with horizontal differencing (2).
 */
final class BenchEncoders {

    private BenchEncoders() {
    }

    /** PNG of {@code bits} (8 or 16) per sample; 1 channel is gray, 3 is RGB. */
    static byte[] png(Image img, int bits) {
        int ch = img.channels();
        if (ch != 1 && ch != 3) {
            throw new IllegalArgumentException("PNG benchmark images have 1 or 3 channels, got " + ch);
        }
        int bytesPerSample = bits / 8;
        int bpp = ch * bytesPerSample;
        int stride = img.width() * bpp;
        double max = (1 << bits) - 1;
        byte[] raw = new byte[stride];
        byte[] prev = new byte[stride];
        ByteArrayOutputStream filtered = new ByteArrayOutputStream(img.height() * (stride + 1));
        byte[] line = new byte[stride + 1];
        for (int y = 0; y < img.height(); y++) {
            int k = 0;
            for (int x = 0; x < img.width(); x++) {
                for (int c = 0; c < ch; c++) {
                    int v = (int) Math.round(img.plane(c)[y * img.width() + x] * max);
                    if (bytesPerSample == 2) {
                        raw[k++] = (byte) (v >>> 8);
                    }
                    raw[k++] = (byte) v;
                }
            }
            line[0] = 4; // Paeth
            for (int i = 0; i < stride; i++) {
                int a = i >= bpp ? raw[i - bpp] & 0xFF : 0;
                int b = prev[i] & 0xFF;
                int c = i >= bpp ? prev[i - bpp] & 0xFF : 0;
                line[i + 1] = (byte) ((raw[i] & 0xFF) - paeth(a, b, c));
            }
            filtered.write(line, 0, line.length);
            byte[] t = prev;
            prev = raw;
            raw = t;
        }
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        deflater.setInput(filtered.toByteArray());
        deflater.finish();
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!deflater.finished()) {
            idat.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt(img.width()).putInt(img.height()).put((byte) bits).put((byte) (ch == 1 ? 0 : 2))
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** 8-bit PNG (gray or RGB) with Adam7 interlacing, every row Paeth-filtered, deflated at the default level. */
    static byte[] pngInterlaced(Image img) {
        int ch = img.channels();
        if (ch != 1 && ch != 3) {
            throw new IllegalArgumentException("PNG benchmark images have 1 or 3 channels, got " + ch);
        }
        int n = img.width() * img.height();
        int[] samples = new int[n * ch];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < ch; c++) {
                samples[i * ch + c] = (int) Math.round(img.plane(c)[i] * 255);
            }
        }
        return TestEncoders.pngFull(img.width(), img.height(), 8, ch == 1 ? 0 : 2, samples, null, null, true, 4, 1 << 16);
    }

    /**
     * 8-bit palette PNG with a full {@code tRNS} chunk (alpha 255 / 128 alternating), non-interlaced, every
     * row Paeth-filtered: gray images through a 256-entry gray palette ({@code round(v * 255)}, decoded
     * back exactly), RGB images through a 6×7×6 colour cube (252 entries, nearest level per channel).
     */
    static byte[] pngPalette8(Image img) {
        int ch = img.channels();
        if (ch != 1 && ch != 3) {
            throw new IllegalArgumentException("PNG benchmark images have 1 or 3 channels, got " + ch);
        }
        int n = img.width() * img.height();
        int[] idx = new int[n];
        int[] pal;
        if (ch == 1) {
            pal = new int[3 * 256];
            for (int i = 0; i < 256; i++) {
                pal[3 * i] = i;
                pal[3 * i + 1] = i;
                pal[3 * i + 2] = i;
            }
            for (int i = 0; i < n; i++) {
                idx[i] = (int) Math.round(img.plane(0)[i] * 255);
            }
        } else {
            int[] levels = {6, 7, 6};
            pal = new int[3 * 252];
            for (int i = 0; i < 252; i++) {
                int r = i / 42;
                int g = i / 6 % 7;
                int b = i % 6;
                pal[3 * i] = r * 255 / 5;
                pal[3 * i + 1] = g * 255 / 6;
                pal[3 * i + 2] = b * 255 / 5;
            }
            for (int i = 0; i < n; i++) {
                int k = 0;
                for (int c = 0; c < 3; c++) {
                    k = k * levels[c] + (int) Math.round(img.plane(c)[i] * (levels[c] - 1));
                }
                idx[i] = k;
            }
        }
        byte[] alpha = new byte[pal.length / 3];
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = (byte) (i % 2 == 0 ? 255 : 128);
        }
        return TestEncoders.pngFull(img.width(), img.height(), 8, 3, idx, pal, alpha, false, 4, 1 << 16);
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        if (pa <= pb && pa <= pc) {
            return a;
        }
        return pb <= pc ? b : c;
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /**
     * LZW-compressed little-endian TIFF (compression 5), 1 channel gray or 3 RGB, chunky, strips of
     * {@code max(1, 8192 / rowBytes)} rows (libtiff's default strip size): 32-bit floats with predictor 3
     * when {@code float32}, else 16-bit unsigned integers ({@code round(v * 65535)}) with predictor 2.
     */
    static byte[] tiffLzw(Image img, boolean float32) {
        int ch = img.channels();
        if (ch != 1 && ch != 3) {
            throw new IllegalArgumentException("LZW TIFF benchmark images have 1 or 3 channels, got " + ch);
        }
        int w = img.width();
        int n = w * img.height();
        long[] samples = new long[n * ch];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < ch; c++) {
                double v = img.plane(c)[i];
                samples[i * ch + c] = float32 ? Float.floatToRawIntBits((float) v) : Math.round(v * 65535);
            }
        }
        int rowBytes = w * ch * (float32 ? 4 : 2);
        return TestEncoders.tiffLayout(w, img.height(), ch, float32 ? TestEncoders.TiffSample.F32
                : TestEncoders.TiffSample.U16, samples, ByteOrder.LITTLE_ENDIAN, false, 1, float32 ? 3 : 2, 5, false,
                0, Math.max(1, 8192 / rowBytes));
    }

    /** Uncompressed little-endian TIFF with 32-bit IEEE float samples, one strip. */
    static byte[] tiffFloat32(Image img) {
        int ch = img.channels();
        int w = img.width();
        int h = img.height();
        int dataBytes = w * h * ch * 4;
        short[][] tags = {
            // tag, type (3 SHORT, 4 LONG), count, value (filled below for offsets)
            {256, 4, 1}, {257, 4, 1}, {258, 3, (short) ch}, {259, 3, 1}, {262, 3, 1},
            {273, 4, 1}, {277, 3, 1}, {278, 4, 1}, {279, 4, 1}, {284, 3, 1}, {339, 3, (short) ch},
        };
        int entries = tags.length;
        int ifdOffset = 8;
        int ifdBytes = 2 + entries * 12 + 4;
        int extra = ifdOffset + ifdBytes; // out-of-line SHORT arrays for ch > 2
        int bitsOffset = extra;
        int formatOffset = extra + (ch > 2 ? ch * 2 : 0);
        int dataOffset = formatOffset + (ch > 2 ? ch * 2 : 0);
        ByteBuffer b = ByteBuffer.allocate(dataOffset + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifdOffset);
        b.putShort((short) entries);
        for (short[] t : tags) {
            int tag = t[0];
            int type = t[1];
            int count = t[2];
            long value = switch (tag) {
                case 256 -> w;
                case 257, 278 -> h;
                case 258 -> ch > 2 ? bitsOffset : 32 | (ch == 2 ? 32 << 16 : 0);
                case 259, 284 -> 1; // Compression none; PlanarConfiguration chunky
                case 262 -> ch == 1 ? 1 : 2; // BlackIsZero or RGB
                case 273 -> dataOffset;
                case 277 -> ch;
                case 279 -> dataBytes;
                case 339 -> ch > 2 ? formatOffset : 3 | (ch == 2 ? 3 << 16 : 0);
                default -> throw new IllegalStateException("tag " + tag);
            };
            b.putShort((short) tag).putShort((short) type).putInt(count);
            if (type == 3 && count == 1) {
                b.putShort((short) value).putShort((short) 0);
            } else {
                b.putInt((int) value);
            }
        }
        b.putInt(0);
        if (ch > 2) {
            for (int c = 0; c < ch; c++) {
                b.putShort((short) 32);
            }
            for (int c = 0; c < ch; c++) {
                b.putShort((short) 3);
            }
        }
        for (int i = 0; i < w * h; i++) {
            for (int c = 0; c < ch; c++) {
                b.putFloat((float) img.plane(c)[i]);
            }
        }
        return b.array();
    }
}
