package org.imgloss.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Hand-written encoders for test fixtures, so every byte of a PNG, TIFF or .npy file is under the
 * test's control (colour types, bit depths, byte orders, tiles, BigTIFF, lying headers).
 */
public final class TestEncoders {

    private TestEncoders() {
    }

    // ------------------------------------------------------------------ PNG

    static final int PNG_GRAY = 0;
    static final int PNG_RGB = 2;
    static final int PNG_PALETTE = 3;
    static final int PNG_GRAY_ALPHA = 4;
    static final int PNG_RGBA = 6;

    static int pngChannels(int colorType) {
        return switch (colorType) {
            case PNG_GRAY, PNG_PALETTE -> 1;
            case PNG_GRAY_ALPHA -> 2;
            case PNG_RGB -> 3;
            case PNG_RGBA -> 4;
            default -> throw new IllegalArgumentException("color type " + colorType);
        };
    }

    /**
     * A PNG with interleaved {@code samples} (row-major, {@code pngChannels(colorType)} per pixel; palette
     * indices for colour type 3), filter 0 on every row, no interlacing.
     *
     * @param palette RGB triples for colour type 3, else null
     */
    static byte[] png(int width, int height, int bitDepth, int colorType, int[] samples, int[] palette) {
        int ch = pngChannels(colorType);
        int rowBits = width * ch * bitDepth;
        int rowBytes = (rowBits + 7) / 8;
        byte[] raw = new byte[height * (rowBytes + 1)];
        for (int y = 0; y < height; y++) {
            int base = y * (rowBytes + 1) + 1;
            int bit = 0;
            for (int i = 0; i < width * ch; i++) {
                int v = samples[y * width * ch + i];
                if (bitDepth == 16) {
                    raw[base + 2 * i] = (byte) (v >>> 8);
                    raw[base + 2 * i + 1] = (byte) v;
                } else if (bitDepth == 8) {
                    raw[base + i] = (byte) v;
                } else {
                    int shift = 8 - bitDepth - (bit % 8);
                    raw[base + bit / 8] |= (byte) (v << shift);
                    bit += bitDepth;
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        out.writeBytes(chunk("IHDR", ihdr(width, height, bitDepth, colorType)));
        if (palette != null) {
            byte[] plte = new byte[palette.length];
            for (int i = 0; i < palette.length; i++) {
                plte[i] = (byte) palette[i];
            }
            out.writeBytes(chunk("PLTE", plte));
        }
        out.writeBytes(chunk("IDAT", deflate(raw)));
        out.writeBytes(chunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    /** Adam7 passes (PNG specification 8.2): first column, first row, column step, row step. */
    private static final int[][] ADAM7 = {
        {0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}};

    /**
     * A PNG of any colour type and bit depth, written independently of the readers under test:
     * interleaved {@code samples} (row-major, {@code pngChannels(colorType)} per pixel, palette indices
     * for colour type 3), optionally Adam7-interlaced (empty passes have no rows), every row filtered with
     * {@code filter} (0–4) or, when {@code filter} is -1, with filter {@code r % 5} for the r-th row of the
     * file; optional PLTE ({@code palette}: RGB triples) and {@code tRNS} chunk data before IDAT; the
     * zlib stream split into IDAT chunks of {@code split} bytes.
     */
    public static byte[] pngFull(int w, int h, int depth, int colorType, int[] samples, int[] palette, byte[] trns,
                          boolean interlace, int filter, int split) {
        int spp = pngChannels(colorType);
        int bpp = Math.max(1, spp * depth / 8);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        int fileRow = 0;
        for (int[] pass : interlace ? ADAM7 : new int[][] {{0, 0, 1, 1}}) {
            int pw = (w - pass[0] + pass[2] - 1) / pass[2];
            int ph = (h - pass[1] + pass[3] - 1) / pass[3];
            if (pw <= 0 || ph <= 0) {
                continue;
            }
            int rowBytes = (pw * spp * depth + 7) / 8;
            byte[] prev = new byte[rowBytes];
            for (int py = 0; py < ph; py++) {
                byte[] row = new byte[rowBytes];
                int y = pass[1] + py * pass[3];
                for (int px = 0; px < pw; px++) {
                    int x = pass[0] + px * pass[2];
                    for (int c = 0; c < spp; c++) {
                        int v = samples[(y * w + x) * spp + c];
                        int i = px * spp + c;
                        if (depth == 16) {
                            row[2 * i] = (byte) (v >>> 8);
                            row[2 * i + 1] = (byte) v;
                        } else if (depth == 8) {
                            row[i] = (byte) v;
                        } else {
                            int bit = i * depth;
                            row[bit / 8] |= (byte) (v << (8 - depth - bit % 8));
                        }
                    }
                }
                int f = filter >= 0 ? filter : fileRow % 5;
                raw.write(f);
                for (int i = 0; i < rowBytes; i++) {
                    int a = i >= bpp ? row[i - bpp] & 0xFF : 0;
                    int b = prev[i] & 0xFF;
                    int c = i >= bpp ? prev[i - bpp] & 0xFF : 0;
                    int pred = switch (f) {
                        case 0 -> 0;
                        case 1 -> a;
                        case 2 -> b;
                        case 3 -> (a + b) / 2;
                        default -> {
                            int p = a + b - c;
                            int pa = Math.abs(p - a);
                            int pb = Math.abs(p - b);
                            int pc = Math.abs(p - c);
                            yield pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
                        }
                    };
                    raw.write((row[i] & 0xFF) - pred);
                }
                prev = row;
                fileRow++;
            }
        }
        byte[] z = deflate(raw.toByteArray());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        byte[] hdr = ihdr(w, h, depth, colorType);
        hdr[12] = (byte) (interlace ? 1 : 0);
        out.writeBytes(chunk("IHDR", hdr));
        if (palette != null) {
            byte[] plte = new byte[palette.length];
            for (int i = 0; i < palette.length; i++) {
                plte[i] = (byte) palette[i];
            }
            out.writeBytes(chunk("PLTE", plte));
        }
        if (trns != null) {
            out.writeBytes(chunk("tRNS", trns));
        }
        for (int at = 0; at < z.length; at += split) {
            out.writeBytes(chunk("IDAT", java.util.Arrays.copyOfRange(z, at, Math.min(z.length, at + split))));
        }
        out.writeBytes(chunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    static byte[] ihdr(int width, int height, int bitDepth, int colorType) {
        return ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) bitDepth).put((byte) colorType)
                .put((byte) 0).put((byte) 0).put((byte) 0).array();
    }

    /** A PNG chunk: length, type, data, CRC-32 over type and data. */
    static byte[] chunk(String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(t).put(data).putInt((int) crc.getValue())
                .array();
    }

    static byte[] deflate(byte[] raw) {
        Deflater d = new Deflater();
        d.setInput(raw);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) {
            int n = d.deflate(buf);
            out.write(buf, 0, n);
        }
        d.end();
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ TIFF

    /** Sample encodings a test TIFF can hold. */
    public enum TiffSample {
        U8(8, 1, 1), U16(16, 1, 2), F32(32, 3, 4), F64(64, 3, 8),
        /** Signed 16-bit integers (SampleFormat 2). */
        I16(16, 2, 2),
        /** Unsigned 32-bit integers. */
        U32(32, 1, 4);

        final int bits;
        final int sampleFormat;
        final int bytes;

        TiffSample(int bits, int sampleFormat, int bytes) {
            this.bits = bits;
            this.sampleFormat = sampleFormat;
            this.bytes = bytes;
        }
    }

    /**
     * An uncompressed, chunky TIFF.
     *
     * @param values      interleaved samples, row-major, {@code spp} per pixel; raw integers for U8/U16
     * @param spp         samples per pixel: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA
     * @param tile        0 for strips (rowsPerStrip rows each), else the tile width = height (multiple of 16)
     * @param rowsPerStrip rows per strip when tile == 0
     */
    static byte[] tiff(int width, int height, int spp, TiffSample s, double[] values, ByteOrder order,
                       boolean bigTiff, int tile, int rowsPerStrip) {
        return tiff(width, height, spp, s, values, order, bigTiff, tile, rowsPerStrip, false);
    }

    /** As above; {@code deflate} compresses every strip or tile with zlib (Compression 8, Adobe Deflate). */
    static byte[] tiff(int width, int height, int spp, TiffSample s, double[] values, ByteOrder order,
                       boolean bigTiff, int tile, int rowsPerStrip, boolean deflate) {
        long[] samples = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            samples[i] = switch (s) {
                case F32 -> Float.floatToRawIntBits((float) v);
                case F64 -> Double.doubleToRawLongBits(v);
                default -> (long) v;
            };
        }
        return tiffLayout(width, height, spp, s, samples, order, bigTiff, 1, 1, deflate ? 8 : 1, false, tile,
                rowsPerStrip);
    }

    /**
     * TIFF LZW (compression 5) of {@code raw}: a greedy encoder that starts with ClearCode, emits a
     * ClearCode again before the table would reach 4094 entries, and ends with EndOfInformation. Codes
     * MSB first with the TIFF 6.0 early width change, or, when {@code compat}, the old LSB-first
     * "compatibility" variant (width grows one code later).
     */
    public static byte[] lzw(byte[] raw, boolean compat) {
        LzwBits out = new LzwBits(compat);
        java.util.HashMap<Integer, Integer> dict = new java.util.HashMap<>();
        int early = compat ? 0 : 1;
        int encNext = 258;
        int decNext = 258; // the decoder's next free entry, one behind when it reads a code
        boolean first = true;
        out.put(256, width(decNext, early));
        int i = 0;
        while (i < raw.length) {
            int w = raw[i++] & 0xFF;
            while (i < raw.length) {
                Integer k = dict.get(w << 8 | (raw[i] & 0xFF));
                if (k == null) {
                    break;
                }
                w = k;
                i++;
            }
            out.put(w, width(decNext, early));
            if (!first) {
                decNext++;
            }
            first = false;
            if (i < raw.length) {
                dict.put(w << 8 | (raw[i] & 0xFF), encNext++);
            }
            if (encNext >= 4093) {
                out.put(256, width(decNext, early));
                dict.clear();
                encNext = 258;
                decNext = 258;
                first = true;
            }
        }
        out.put(257, width(decNext, early));
        return out.finish();
    }

    private static int width(int decNext, int early) {
        int w = 9;
        while (w < 12 && decNext >= (1 << w) - early) {
            w++;
        }
        return w;
    }

    private static final class LzwBits {
        private final boolean lsb;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long acc;
        private int n;

        LzwBits(boolean lsb) {
            this.lsb = lsb;
        }

        void put(int code, int width) {
            if (lsb) {
                acc |= (long) code << n;
                n += width;
                while (n >= 8) {
                    out.write((int) acc & 0xFF);
                    acc >>>= 8;
                    n -= 8;
                }
            } else {
                acc = acc << width | code;
                n += width;
                while (n >= 8) {
                    out.write((int) (acc >>> (n - 8)) & 0xFF);
                    n -= 8;
                }
            }
        }

        byte[] finish() {
            if (n > 0) {
                out.write(lsb ? (int) acc & 0xFF : (int) (acc << (8 - n)) & 0xFF);
            }
            return out.toByteArray();
        }
    }

    /**
     * A TIFF with every layout knob: strips of {@code rps} rows or square tiles of {@code tile}
     * pixels, planar configuration 1 or 2, predictor 1, 2 (integer differencing of the stored sample
     * words, whatever their type) or 3 (floating point: per row, the sample bytes split into planes,
     * most significant first, then the byte row differenced with stride = samples per chunk pixel),
     * compression 1, 5 (LZW, {@code compatLzw} for the old LSB-first variant) or 8 (zlib).
     *
     * @param samples interleaved samples, row-major: raw integers, or the IEEE bits of F32/F64 values
     */
    public static byte[] tiffLayout(int w, int h, int spp, TiffSample s, long[] samples, ByteOrder order, boolean bigTiff,
                             int planar, int predictor, int compression, boolean compatLzw, int tile, int rps) {
        int cw = tile > 0 ? tile : w;
        int chh = tile > 0 ? tile : rps;
        int across = (w + cw - 1) / cw;
        int down = (h + chh - 1) / chh;
        int planes = planar == 2 ? spp : 1;
        int chunkSpp = planar == 2 ? 1 : spp;
        int nb = s.bytes;
        List<byte[]> blocks = new ArrayList<>();
        for (int p = 0; p < planes; p++) {
            for (int ty = 0; ty < down; ty++) {
                for (int tx = 0; tx < across; tx++) {
                    int rows = tile > 0 ? chh : Math.min(chh, h - ty * chh);
                    int rowBytes = cw * chunkSpp * nb;
                    byte[] chunk = new byte[rows * rowBytes];
                    for (int r = 0; r < rows; r++) {
                        long[] row = new long[cw * chunkSpp];
                        int y = ty * chh + r;
                        for (int x = 0; x < cw; x++) {
                            int xx = tx * cw + x;
                            for (int c = 0; c < chunkSpp; c++) {
                                int ch = planar == 2 ? p : c;
                                row[x * chunkSpp + c] = (y < h && xx < w) ? samples[(y * w + xx) * spp + ch] : 0;
                            }
                        }
                        if (predictor == 2) {
                            for (int i = row.length - 1; i >= chunkSpp; i--) {
                                row[i] -= row[i - chunkSpp];
                            }
                        }
                        byte[] bytes = new byte[rowBytes];
                        ByteBuffer bb = ByteBuffer.wrap(bytes).order(predictor == 3 ? ByteOrder.BIG_ENDIAN : order);
                        for (long v : row) {
                            switch (nb) {
                                case 1 -> bb.put((byte) v);
                                case 2 -> bb.putShort((short) v);
                                case 4 -> bb.putInt((int) v);
                                default -> bb.putLong(v);
                            }
                        }
                        if (predictor == 3) {
                            int n = row.length;
                            byte[] split = new byte[rowBytes];
                            for (int j = 0; j < n; j++) {
                                for (int k = 0; k < nb; k++) {
                                    split[k * n + j] = bytes[j * nb + k];
                                }
                            }
                            for (int i = rowBytes - 1; i >= chunkSpp; i--) {
                                split[i] -= split[i - chunkSpp];
                            }
                            bytes = split;
                        }
                        System.arraycopy(bytes, 0, chunk, r * rowBytes, rowBytes);
                    }
                    blocks.add(switch (compression) {
                        case 1 -> chunk;
                        case 5 -> lzw(chunk, compatLzw);
                        case 8 -> deflate(chunk);
                        default -> throw new IllegalArgumentException("compression " + compression);
                    });
                }
            }
        }
        TiffOut out = new TiffOut(order, bigTiff);
        long[] offsets = new long[blocks.size()];
        long[] counts = new long[blocks.size()];
        for (int i = 0; i < blocks.size(); i++) {
            out.align();
            offsets[i] = out.position();
            counts[i] = blocks.get(i).length;
            out.bytes(blocks.get(i));
        }
        TreeMap<Integer, long[]> tags = new TreeMap<>();
        TreeMap<Integer, Integer> types = new TreeMap<>();
        int offT = bigTiff ? 16 : 4;
        tag(tags, types, 256, 4, w);
        tag(tags, types, 257, 4, h);
        long[] bps = new long[spp];
        long[] sf = new long[spp];
        java.util.Arrays.fill(bps, s.bits);
        java.util.Arrays.fill(sf, s.sampleFormat);
        tags.put(258, bps);
        types.put(258, 3);
        tag(tags, types, 259, 3, compression);
        tag(tags, types, 262, 3, spp >= 3 ? 2 : 1);
        tag(tags, types, 277, 3, spp);
        tag(tags, types, 284, 3, planar);
        tag(tags, types, 317, 3, predictor);
        if (spp == 2 || spp == 4) {
            tag(tags, types, 338, 3, 2);
        }
        tags.put(339, sf);
        types.put(339, 3);
        if (tile == 0) {
            tags.put(273, offsets);
            types.put(273, offT);
            tag(tags, types, 278, 4, rps);
            tags.put(279, counts);
            types.put(279, offT);
        } else {
            tag(tags, types, 322, 4, tile);
            tag(tags, types, 323, 4, tile);
            tags.put(324, offsets);
            types.put(324, offT);
            tags.put(325, counts);
            types.put(325, offT);
        }
        out.writeIfd(tags, types);
        return out.finish();
    }

    private static void tag(TreeMap<Integer, long[]> tags, TreeMap<Integer, Integer> types, int tag, int type, long v) {
        tags.put(tag, new long[] {v});
        types.put(tag, type);
    }

    /** Writes a TIFF or BigTIFF: header, data, out-of-line tag values, one IFD. */
    private static final class TiffOut {
        private final ByteOrder order;
        private final boolean big;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        TiffOut(ByteOrder order, boolean big) {
            this.order = order;
            this.big = big;
            ByteBuffer h = ByteBuffer.allocate(big ? 16 : 8).order(order);
            h.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
            h.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
            if (big) {
                h.putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(0);
            } else {
                h.putShort((short) 42).putInt(0);
            }
            out.writeBytes(h.array());
        }

        long position() {
            return out.size();
        }

        void align() {
            while (out.size() % 2 != 0) {
                out.write(0);
            }
        }

        void bytes(byte[] b) {
            out.writeBytes(b);
        }

        static int typeSize(int type) {
            return switch (type) {
                case 3 -> 2;
                case 4 -> 4;
                case 16 -> 8;
                default -> throw new IllegalArgumentException("type " + type);
            };
        }

        ByteBuffer values(int type, long[] v) {
            ByteBuffer b = ByteBuffer.allocate(v.length * typeSize(type)).order(order);
            for (long x : v) {
                switch (type) {
                    case 3 -> b.putShort((short) x);
                    case 4 -> b.putInt((int) x);
                    default -> b.putLong(x);
                }
            }
            return b;
        }

        void writeIfd(TreeMap<Integer, long[]> tags, TreeMap<Integer, Integer> types) {
            int inline = big ? 8 : 4;
            TreeMap<Integer, Long> external = new TreeMap<>();
            for (var e : tags.entrySet()) {
                int type = types.get(e.getKey());
                if (e.getValue().length * typeSize(type) > inline) {
                    align();
                    external.put(e.getKey(), position());
                    bytes(values(type, e.getValue()).array());
                }
            }
            align();
            long ifd = position();
            int entry = big ? 20 : 12;
            ByteBuffer b = ByteBuffer.allocate((big ? 8 : 2) + tags.size() * entry + (big ? 8 : 4)).order(order);
            if (big) {
                b.putLong(tags.size());
            } else {
                b.putShort((short) tags.size());
            }
            for (var e : tags.entrySet()) {
                int type = types.get(e.getKey());
                b.putShort((short) (int) e.getKey()).putShort((short) type);
                if (big) {
                    b.putLong(e.getValue().length);
                } else {
                    b.putInt(e.getValue().length);
                }
                byte[] field = new byte[inline];
                if (external.containsKey(e.getKey())) {
                    ByteBuffer f = ByteBuffer.wrap(field).order(order);
                    if (big) {
                        f.putLong(external.get(e.getKey()));
                    } else {
                        f.putInt((int) (long) external.get(e.getKey()));
                    }
                } else {
                    byte[] v = values(type, e.getValue()).array();
                    System.arraycopy(v, 0, field, 0, v.length);
                }
                b.put(field);
            }
            if (big) {
                b.putLong(0);
            } else {
                b.putInt(0);
            }
            bytes(b.array());
            this.ifdOffset = ifd;
        }

        private long ifdOffset;

        byte[] finish() {
            byte[] all = out.toByteArray();
            ByteBuffer b = ByteBuffer.wrap(all).order(order);
            if (big) {
                b.putLong(8, ifdOffset);
            } else {
                b.putInt(4, (int) ifdOffset);
            }
            return all;
        }
    }

    // ------------------------------------------------------------------ NPY

    /**
     * A {@code .npy} file (format 1.0, or 2.0 when {@code version2}) with the given dtype descriptor,
     * shape and raw data bytes; the header is padded with spaces to a multiple of 64 bytes.
     */
    static byte[] npy(String descr, boolean fortran, int[] shape, byte[] data, boolean version2) {
        StringBuilder sh = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sh.append(shape[i]).append(shape.length == 1 || i < shape.length - 1 ? ", " : "");
        }
        sh.append(')');
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                + sh + ", }";
        int pre = version2 ? 12 : 10;
        int total = pre + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - total) + "\n";
        ByteBuffer b = ByteBuffer.allocate(pre + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) (version2 ? 2 : 1)).put((byte) 0);
        if (version2) {
            b.putInt(header.length());
        } else {
            b.putShort((short) header.length());
        }
        b.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return b.array();
    }

    /** Values encoded as {@code dtype} ('u1', 'u2', 'f4', 'f8') in {@code order}; integers given as raw values. */
    static byte[] npyData(String dtype, ByteOrder order, double[] values) {
        int size = switch (dtype) {
            case "u1" -> 1;
            case "u2" -> 2;
            case "f4" -> 4;
            case "f8" -> 8;
            default -> throw new IllegalArgumentException(dtype);
        };
        ByteBuffer b = ByteBuffer.allocate(values.length * size).order(order);
        for (double v : values) {
            switch (dtype) {
                case "u1" -> b.put((byte) (int) v);
                case "u2" -> b.putShort((short) (int) v);
                case "f4" -> b.putFloat((float) v);
                default -> b.putDouble(v);
            }
        }
        return b.array();
    }
}
