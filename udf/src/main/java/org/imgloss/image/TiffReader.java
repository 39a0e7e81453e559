package org.imgloss.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.imgloss.errors.ErrorCode;

/**
 * A direct TIFF reader for the common layouts, writing samples straight into the double planes
 * (no Java2D raster in between). Package-private; {@link FastDecoders} calls it before ImageIO.
 *
 * <p>Handles: little and big endian, classic TIFF and BigTIFF, the first IFD only, strips and tiles,
 * compression none (1), LZW (5, {@link TiffLzw}; also the old LSB-first variant, as ImageIO), Deflate
 * (8, 32946) and PackBits (32773); predictor 1, 2 (horizontal differencing of the stored sample words:
 * 8/16-bit integers, and also 32/64-bit floats, whose bit patterns ImageIO differences as integers) and
 * 3 (floating-point horizontal differencing of TIFF Technical Note 3, for 32/64-bit floats: per row,
 * the byte row is summed back with stride = samples per pixel, then the byte planes, most significant
 * first, are interleaved into samples); as in ImageIO, an uncompressed strip has no predictor. Planar
 * configuration 1 and 2, Photometric MinIsBlack with 1 sample or RGB with 3, plus one ExtraSamples
 * alpha (1 or 2), which is dropped; unsigned 8/16-bit integers (divided by 255.0 / 65535.0 in double)
 * and IEEE 32/64-bit floats (kept as stored). The values are bit-identical to the ImageIO
 * (TwelveMonkeys 3.14) path, which the differential tests ({@code DirectDecodersTest},
 * {@code TiffLzwTest}) check. Left to ImageIO: 16/24-bit floats, predictor 3 on integers, other
 * compressions (JPEG, CCITT, LZMA, ZSTD, ...).
 *
 * <p>{@link #read} returns {@code null} for anything else (other compression, photometric, sample
 * format, FillOrder 2, …) so the caller falls back to ImageIO. Too many pixels in the header (in the
 * image, or in one tile) is {@link ErrorCode#TOO_LARGE} before any pixel buffer is allocated; corrupt or truncated data
 * (among it a strip or tile that decompresses to fewer bytes than it should: ImageIO fails on those
 * too, with an EOFException) is {@link ErrorCode#UNDECODABLE}, on which {@link FastDecoders}
 * asks ImageIO for the verdict; no runtime exception escapes.
 */
final class TiffReader {

    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle FLOAT_LE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT_BE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle DOUBLE_LE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE_BE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);

    /** Largest decompressed strip or tile accepted (bytes). */
    private static final long MAX_CHUNK = 1L << 30;

    private final byte[] b;
    private final boolean le;
    private final boolean big;

    private TiffReader(byte[] b, boolean le, boolean big) {
        this.b = b;
        this.le = le;
        this.big = big;
    }

    /**
     * Decodes {@code bytes} (a TIFF) or returns {@code null} when the layout is not one this reader
     * handles.
     *
     * @throws DecodeException {@code TOO_LARGE} from the header, {@code UNDECODABLE} for corrupt data
     */
    static Image read(byte[] bytes, long maxPixels) throws DecodeException {
        try {
            if (bytes.length < 8) {
                throw corrupt("shorter than a header");
            }
            boolean le;
            if (bytes[0] == 'I' && bytes[1] == 'I') {
                le = true;
            } else if (bytes[0] == 'M' && bytes[1] == 'M') {
                le = false;
            } else {
                throw corrupt("bad byte order mark");
            }
            TiffReader r = new TiffReader(bytes, le, false);
            int version = r.u16(2);
            if (version == 42) {
                return r.decode(r.u32(4), maxPixels);
            }
            if (version == 43) {
                if (bytes.length < 16 || r.u16(4) != 8 || r.u16(6) != 0) {
                    throw corrupt("bad BigTIFF header");
                }
                TiffReader br = new TiffReader(bytes, le, true);
                return br.decode(br.u64(8), maxPixels);
            }
            throw corrupt("bad version " + version);
        } catch (DecodeException e) {
            throw e;
        } catch (RuntimeException | DataFormatException e) {
            throw new DecodeException(ErrorCode.UNDECODABLE, "tiff: " + e, e);
        }
    }

    private static DecodeException corrupt(String what) {
        return new DecodeException(ErrorCode.UNDECODABLE, "tiff: " + what);
    }

    // ------------------------------------------------------------------ bytes

    private void need(long off, long len) throws DecodeException {
        if (off < 0 || len < 0 || off + len > b.length) {
            throw corrupt("offset " + off + "+" + len + " outside the file (" + b.length + " bytes)");
        }
    }

    private int u8(long off) throws DecodeException {
        need(off, 1);
        return b[(int) off] & 0xFF;
    }

    private int u16(long off) throws DecodeException {
        need(off, 2);
        int i = (int) off;
        return le ? (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 : (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    private long u32(long off) throws DecodeException {
        need(off, 4);
        int i = (int) off;
        long v = le
                ? (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (long) (b[i + 3] & 0xFF) << 24
                : (long) (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
        return v & 0xFFFFFFFFL;
    }

    private long u64(long off) throws DecodeException {
        long lo = u32(le ? off : off + 4);
        long hi = u32(le ? off + 4 : off);
        long v = hi << 32 | lo;
        if (v < 0) {
            throw corrupt("64-bit value out of range");
        }
        return v;
    }

    // ------------------------------------------------------------------ IFD

    /** Tag values as longs, or null when the tag is absent. */
    private long[][] readTags(long ifd) throws DecodeException {
        long[][] tags = new long[340][];
        long count = big ? u64(ifd) : u16(ifd);
        if (count > b.length) {
            throw corrupt("IFD entry count " + count);
        }
        int entry = big ? 20 : 12;
        long start = ifd + (big ? 8 : 2);
        need(start, count * entry);
        for (long i = 0; i < count; i++) {
            long e = start + i * entry;
            int tag = u16(e);
            int type = u16(e + 2);
            long n = big ? u64(e + 4) : u32(e + 4);
            if (!wanted(tag)) {
                continue;
            }
            int size = switch (type) {
                case 1 -> 1;
                case 3 -> 2;
                case 4, 13 -> 4;
                case 16, 18 -> 8;
                default -> 0;
            };
            if (size == 0) {
                tags[tag] = new long[0]; // a type this reader does not read: treated as unsupported below
                continue;
            }
            if (n > b.length) {
                throw corrupt("tag " + tag + " count " + n);
            }
            long inline = big ? 8 : 4;
            long valueOff = e + (big ? 12 : 8);
            long at = n * size <= inline ? valueOff : (big ? u64(valueOff) : u32(valueOff));
            need(at, n * size);
            long[] v = new long[(int) n];
            for (int k = 0; k < n; k++) {
                long p = at + (long) k * size;
                v[k] = switch (size) {
                    case 1 -> u8(p);
                    case 2 -> u16(p);
                    case 4 -> u32(p);
                    default -> u64(p);
                };
            }
            tags[tag] = v;
        }
        return tags;
    }

    private static boolean wanted(int tag) {
        return switch (tag) {
            case 256, 257, 258, 259, 262, 266, 273, 277, 278, 279, 284, 317, 322, 323, 324, 325, 338, 339 -> true;
            default -> false;
        };
    }

    /** The single value of {@code tag} (all entries equal), {@code def} when absent, -1 when unreadable. */
    private static long one(long[][] tags, int tag, long def) {
        long[] v = tags[tag];
        if (v == null) {
            return def;
        }
        if (v.length == 0) {
            return -1;
        }
        for (long x : v) {
            if (x != v[0]) {
                return -1;
            }
        }
        return v[0];
    }

    // ------------------------------------------------------------------ decode

    private Image decode(long ifd, long maxPixels) throws DecodeException, DataFormatException {
        long[][] t = readTags(ifd);
        long w = one(t, 256, -1);
        long h = one(t, 257, -1);
        if (w < 0 || h < 0) {
            return null;
        }
        ImageDecoder.checkSize(ImageFormat.TIFF, w, h, maxPixels); // BigTIFF sizes may pass 2^32: TOO_LARGE
        int width = (int) w;
        int height = (int) h;
        long spp = one(t, 277, 1);
        long bps = one(t, 258, 1);
        long compression = one(t, 259, 1);
        long photometric = one(t, 262, -1);
        long fillOrder = one(t, 266, 1);
        long planar = one(t, 284, 1);
        long predictor = one(t, 317, 1);
        long sampleFormat = one(t, 339, 1);
        int base;
        if (photometric == 1) {
            base = 1;
        } else if (photometric == 2) {
            base = 3;
        } else {
            return null;
        }
        if (spp != base) {
            long[] extra = t[338];
            if (spp != base + 1 || extra == null || extra.length != 1 || (extra[0] != 1 && extra[0] != 2)) {
                return null;
            }
        }
        if (t[258] != null && t[258].length != spp && t[258].length != 1) {
            return null;
        }
        if (t[339] != null && t[339].length != spp && t[339].length != 1) {
            return null;
        }
        boolean isFloat;
        if (sampleFormat == 1 && (bps == 8 || bps == 16)) {
            isFloat = false;
        } else if (sampleFormat == 3 && (bps == 32 || bps == 64)) {
            isFloat = true;
        } else {
            return null;
        }
        if (compression != 1 && compression != 5 && compression != 8 && compression != 32946 && compression != 32773) {
            return null;
        }
        if (bps == 64 && spp != base) {
            return null; // ImageIO reads no 64-bit samples with alpha; leave the verdict to it
        }
        if (compression == 1) {
            predictor = 1; // as the ImageIO (TwelveMonkeys) reader: uncompressed data has no predictor
        }
        if (fillOrder != 1 || (planar != 1 && planar != 2)
                || !(predictor == 1 || predictor == 2 || (predictor == 3 && isFloat))) {
            return null;
        }
        boolean tiled = t[322] != null || t[323] != null || t[324] != null;
        long cw;
        long ch;
        long[] offsets;
        long[] counts;
        if (tiled) {
            cw = one(t, 322, -1);
            ch = one(t, 323, -1);
            offsets = t[324];
            counts = t[325];
        } else {
            cw = width;
            ch = Math.min(one(t, 278, 0xFFFFFFFFL), height);
            offsets = t[273];
            counts = t[279];
        }
        if (cw < 1 || ch < 1 || offsets == null || counts == null || offsets.length == 0
                || offsets.length != counts.length) {
            return null;
        }
        if (tiled) { // a tile is a pixel buffer too, and may be claimed far larger than the image
            ImageDecoder.checkSize("tiff tile", "header", cw, ch, maxPixels);
        }
        int sppInt = (int) spp;
        int bytesPer = (int) (bps / 8);
        int chunkSpp = planar == 1 ? sppInt : 1;
        long across = (width + cw - 1) / cw;
        long down = (height + ch - 1) / ch;
        long perPlane = across * down;
        long chunks = planar == 1 ? perPlane : perPlane * sppInt;
        if (offsets.length < chunks) {
            throw corrupt(offsets.length + " strip/tile offsets for " + chunks + " strips/tiles");
        }
        long rowBytesL = cw * chunkSpp * bytesPer;
        if (rowBytesL * ch > MAX_CHUNK) {
            throw corrupt("strip/tile of " + cw + "x" + ch + " too large");
        }
        int rowBytes = (int) rowBytesL;
        int outChannels = base;
        double[][] planes = new double[outChannels][width * height];
        byte[] scratch = null;
        byte[] fpRow = predictor == 3 ? new byte[rowBytes] : null;
        TiffLzw lzw = compression == 5 ? new TiffLzw() : null;
        Inflater inflater = (compression == 8 || compression == 32946) ? new Inflater() : null;
        try {
            for (int k = 0; k < chunks; k++) {
                int plane = planar == 1 ? 0 : (int) (k / perPlane);
                if (plane >= outChannels) {
                    continue; // alpha plane: dropped
                }
                long idx = k % perPlane;
                int x0 = (int) ((idx % across) * cw);
                int y0 = (int) ((idx / across) * ch);
                int rows = (int) (tiled ? ch : Math.min(ch, height - y0));
                int needBytes = rows * rowBytes;
                long off = offsets[k];
                long cnt = counts[k];
                need(off, cnt);
                byte[] src;
                int srcOff;
                if (compression == 1) {
                    if (cnt < needBytes) {
                        throw corrupt("strip/tile " + k + " has " + cnt + " bytes, needs " + needBytes);
                    }
                    if (predictor == 1) {
                        src = b;
                        srcOff = (int) off;
                    } else {
                        scratch = scratch(scratch, needBytes);
                        System.arraycopy(b, (int) off, scratch, 0, needBytes);
                        src = scratch;
                        srcOff = 0;
                    }
                } else {
                    scratch = scratch(scratch, needBytes);
                    if (inflater != null) {
                        inflater.reset();
                        inflater.setInput(b, (int) off, (int) cnt);
                        int got = 0;
                        while (got < needBytes) {
                            int n = inflater.inflate(scratch, got, needBytes - got);
                            if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                                break;
                            }
                            got += n;
                        }
                        if (got < needBytes) {
                            throw corrupt("strip/tile " + k + " inflates to " + got + " bytes, needs " + needBytes);
                        }
                    } else if (lzw != null) {
                        int got = lzw.decode(b, (int) off, (int) cnt, scratch, needBytes);
                        if (got < needBytes) {
                            throw corrupt("strip/tile " + k + (got < 0 ? " is corrupt LZW" : " decodes to " + got
                                    + " bytes, needs " + needBytes));
                        }
                    } else {
                        unpackBits(b, (int) off, (int) cnt, scratch, needBytes, k);
                    }
                    src = scratch;
                    srcOff = 0;
                }
                if (predictor == 2) {
                    undoDifferencing(src, srcOff, rows, (int) cw, chunkSpp, bytesPer);
                } else if (predictor == 3) {
                    undoFloatDifferencing(src, srcOff, rows, rowBytes, chunkSpp, bytesPer, fpRow);
                }
                int cols = (int) Math.min(cw, width - x0);
                int visibleRows = Math.min(rows, height - y0);
                for (int r = 0; r < visibleRows; r++) {
                    int rowStart = srcOff + r * rowBytes;
                    int dst = (y0 + r) * width + x0;
                    if (planar == 1) {
                        for (int c = 0; c < outChannels; c++) {
                            copyRow(src, rowStart + c * bytesPer, sppInt * bytesPer, planes[c], dst, cols, (int) bps, isFloat);
                        }
                    } else {
                        copyRow(src, rowStart, bytesPer, planes[plane], dst, cols, (int) bps, isFloat);
                    }
                }
            }
        } finally {
            if (inflater != null) {
                inflater.end();
            }
        }
        return new Image(width, height, planes, (int) bps,
                isFloat ? Image.SampleFormat.FLOAT : Image.SampleFormat.UNSIGNED_INT);
    }

    private static byte[] scratch(byte[] s, int n) {
        return s != null && s.length >= n ? s : new byte[n];
    }

    private static void unpackBits(byte[] in, int off, int len, byte[] out, int needBytes, int k) throws DecodeException {
        int i = off;
        int end = off + len;
        int o = 0;
        while (o < needBytes && i < end) {
            int n = in[i++];
            if (n >= 0) {
                int run = n + 1;
                if (i + run > end || o + run > needBytes) {
                    throw corrupt("PackBits literal run past the end in strip/tile " + k);
                }
                System.arraycopy(in, i, out, o, run);
                i += run;
                o += run;
            } else if (n != -128) {
                int run = 1 - n;
                if (i >= end || o + run > needBytes) {
                    throw corrupt("PackBits repeat run past the end in strip/tile " + k);
                }
                byte v = in[i++];
                for (int j = 0; j < run; j++) {
                    out[o++] = v;
                }
            }
        }
        if (o < needBytes) {
            throw corrupt("strip/tile " + k + " unpacks to " + o + " bytes, needs " + needBytes);
        }
    }

    private void undoDifferencing(byte[] d, int off, int rows, int cols, int spp, int bytesPer) {
        int rowBytes = cols * spp * bytesPer;
        int step = spp * bytesPer;
        for (int r = 0; r < rows; r++) {
            int row = off + r * rowBytes;
            int end = row + rowBytes;
            // one running sum per channel, kept in a register (not re-read from the array just written)
            for (int c = 0; c < spp; c++) {
                int first = row + c * bytesPer;
                if (bytesPer == 1) {
                    byte acc = d[first];
                    for (int p = first + step; p < end; p += step) {
                        acc += d[p];
                        d[p] = acc;
                    }
                } else if (bytesPer == 2) {
                    VarHandle vh = le ? SHORT_LE : SHORT_BE;
                    short acc = (short) vh.get(d, first);
                    for (int p = first + step; p < end; p += step) {
                        acc += (short) vh.get(d, p);
                        vh.set(d, p, acc);
                    }
                } else if (bytesPer == 4) {
                    VarHandle vh = le ? INT_LE : INT_BE;
                    int acc = (int) vh.get(d, first);
                    for (int p = first + step; p < end; p += step) {
                        acc += (int) vh.get(d, p);
                        vh.set(d, p, acc);
                    }
                } else {
                    VarHandle vh = le ? LONG_LE : LONG_BE;
                    long acc = (long) vh.get(d, first);
                    for (int p = first + step; p < end; p += step) {
                        acc += (long) vh.get(d, p);
                        vh.set(d, p, acc);
                    }
                }
            }
        }
    }

    /**
     * Undoes the floating-point predictor (3; Adobe Photoshop TIFF Technical Note 3) row by row: the
     * bytes of a row were split into {@code bytesPer} planes, most significant bytes of all samples
     * first, and the whole byte row differenced with stride {@code spp}. Sums the bytes back, then
     * interleaves the planes into samples in the file's byte order.
     */
    private void undoFloatDifferencing(byte[] d, int off, int rows, int rowBytes, int spp, int bytesPer, byte[] tmp) {
        int n = rowBytes / bytesPer; // samples in a row
        for (int r = 0; r < rows; r++) {
            int row = off + r * rowBytes;
            int end = row + rowBytes;
            for (int c = 0; c < spp; c++) { // one running sum per channel, kept in a register
                byte acc = d[row + c];
                for (int i = row + c + spp; i < end; i += spp) {
                    acc += d[i];
                    d[i] = acc;
                }
            }
            if (bytesPer == 4) {
                VarHandle vh = le ? INT_LE : INT_BE;
                for (int j = 0; j < n; j++) {
                    int v = (d[row + j] & 0xFF) << 24 | (d[row + n + j] & 0xFF) << 16
                            | (d[row + 2 * n + j] & 0xFF) << 8 | (d[row + 3 * n + j] & 0xFF);
                    vh.set(tmp, 4 * j, v);
                }
            } else {
                VarHandle vh = le ? LONG_LE : LONG_BE;
                for (int j = 0; j < n; j++) {
                    long v = 0;
                    for (int plane = 0; plane < 8; plane++) {
                        v = v << 8 | (d[row + plane * n + j] & 0xFF);
                    }
                    vh.set(tmp, 8 * j, v);
                }
            }
            System.arraycopy(tmp, 0, d, row, rowBytes);
        }
    }

    private void copyRow(byte[] s, int at, int stride, double[] p, int dst, int cols, int bits, boolean isFloat) {
        if (!isFloat && bits == 8) {
            for (int x = 0; x < cols; x++, at += stride) {
                p[dst + x] = (s[at] & 0xFF) / 255.0;
            }
        } else if (!isFloat) {
            VarHandle vh = le ? SHORT_LE : SHORT_BE;
            for (int x = 0; x < cols; x++, at += stride) {
                p[dst + x] = ((short) vh.get(s, at) & 0xFFFF) / 65535.0;
            }
        } else if (bits == 32) {
            VarHandle vh = le ? FLOAT_LE : FLOAT_BE;
            for (int x = 0; x < cols; x++, at += stride) {
                p[dst + x] = (float) vh.get(s, at);
            }
        } else {
            VarHandle vh = le ? DOUBLE_LE : DOUBLE_BE;
            for (int x = 0; x < cols; x++, at += stride) {
                p[dst + x] = (double) vh.get(s, at);
            }
        }
    }
}
