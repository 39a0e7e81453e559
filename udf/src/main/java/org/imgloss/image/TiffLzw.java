package org.imgloss.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * TIFF LZW decompression (TIFF 6.0 section 13) of one strip or tile into a preallocated buffer.
 * Package-private; one instance per image, reused for every strip/tile (the table is allocated once).
 *
 * <p>Codes are read most significant bit first, 9 to 12 bits wide; 256 is ClearCode, 257 is
 * EndOfInformation; the width grows one code early, when the next free table entry is 511, 1023 or
 * 2047 ("early change"). Like the ImageIO (TwelveMonkeys 3.14) reader, a stream whose first byte is 0
 * and whose second byte has its low bit set is read as the old, pre-6.0 "compatibility" LZW (codes
 * least significant bit first, the width growing when the next entry is 512, 1024, 2048; room for 1024
 * more entries).
 *
 * <p>A table entry above 257 is stored as (start, length) of its string in the output already written:
 * a new entry is always the previous code's string plus one byte, and that byte is the first byte
 * written after it. Decoding a code is then one forward copy within the output buffer; nothing is
 * allocated per code.
 *
 * <p>Stricter than the ImageIO decoder, never more lenient: {@link #decode} reports the stream
 * {@linkplain #CORRUPT corrupt} when it does not start with ClearCode, when the code after a ClearCode
 * is not a literal, when two ClearCodes follow each other, when the table overflows, and, while the
 * output is not full, when a code is beyond the next free entry (the ImageIO decoder silently reads
 * such a code as the next entry; it does so here too once the output is full, where it only matters
 * for the table size). The checks the ImageIO decoder also makes run over all codes up to
 * EndOfInformation or the end of the data, past the end of the output, so a stream this class accepts
 * is one the ImageIO path reads without error; the caller falls back to ImageIO for everything else,
 * which keeps its verdicts.
 */
final class TiffLzw {

    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** {@link #decode}'s result for a corrupt stream. */
    static final int CORRUPT = -1;

    private static final int CLEAR = 256;
    private static final int EOI = 257;
    private static final int FIRST = 258;
    private static final int SPEC_CAPACITY = 4096;
    private static final int COMPAT_CAPACITY = 4096 + 1024;

    private final int[] start = new int[COMPAT_CAPACITY];
    private final int[] length = new int[COMPAT_CAPACITY];

    /**
     * Decodes {@code len} bytes of {@code src} from {@code off} into {@code dst[0, need)}.
     *
     * @return the number of bytes written ({@code need} when the stream holds at least that many, fewer
     *         when it ends early), or {@link #CORRUPT}
     */
    int decode(byte[] src, int off, int len, byte[] dst, int need) {
        boolean compat = len >= 2 && src[off] == 0 && (src[off + 1] & 1) == 1;
        int capacity = compat ? COMPAT_CAPACITY : SPEC_CAPACITY;
        int early = compat ? 0 : 1;
        int[] st = start;
        int[] ln = length;
        int end = off + len;
        int in = off;
        long bits = 0; // bit buffer: `avail` unread bits, the low ones (MSB first) or the first ones (LSB first)
        int avail = 0;
        int width = 9;
        int mask = (1 << width) - 1;
        int next = FIRST;
        int limit = (1 << width) - early; // widen when next reaches this
        int oldStart = 0;
        int oldLen = -1; // length of the previous code's string; 0 right after a ClearCode, -1 before the first
        int pos = 0;
        while (true) {
            // ---- next code, as the ImageIO reader: a code needing bytes past the end is the end
            if (avail < width) {
                if (end - in >= 4) { // avail < 12: 32 more bits fit in the long
                    if (compat) {
                        bits |= ((int) INT_LE.get(src, in) & 0xFFFFFFFFL) << avail;
                    } else {
                        bits = bits << 32 | ((int) INT_BE.get(src, in) & 0xFFFFFFFFL);
                    }
                    in += 4;
                    avail += 32;
                } else {
                    while (avail < width) {
                        if (in >= end) {
                            return pos;
                        }
                        int v = src[in++] & 0xFF;
                        if (compat) {
                            bits |= (long) v << avail;
                        } else {
                            bits = bits << 8 | v;
                        }
                        avail += 8;
                    }
                }
            }
            int code;
            if (compat) {
                code = (int) bits & mask;
                bits >>>= width;
            } else {
                code = (int) (bits >>> (avail - width)) & mask;
            }
            avail -= width;
            int codeLen;
            if (code < 256 && oldLen > 0) {
                codeLen = 1; // a literal: the common case
                if (pos < need) {
                    dst[pos] = (byte) code;
                }
            } else if (code == EOI) {
                return pos;
            } else if (code == CLEAR) {
                if (oldLen == 0) {
                    return CORRUPT; // the ImageIO decoder fails on a ClearCode right after one
                }
                width = 9;
                mask = (1 << width) - 1;
                next = FIRST;
                limit = (1 << width) - early;
                oldLen = 0;
                continue;
            } else if (oldLen <= 0) {
                if (oldLen < 0 || code > 255) {
                    return CORRUPT; // no ClearCode first, or a non-literal right after it
                }
                if (pos < need) {
                    dst[pos] = (byte) code;
                }
                oldStart = pos;
                oldLen = 1;
                pos = pos < need ? pos + 1 : need;
                continue;
            } else {
                if (code > next) {
                    if (pos < need) {
                        return CORRUPT;
                    }
                    // past the output, read as the ImageIO decoder does (as code == next): the JDK's LZW
                    // writer can end a strip with EndOfInformation written one bit too narrow
                    code = next;
                }
                if (code == next) {
                    // the previous string plus its own first byte
                    codeLen = oldLen + 1;
                    if (pos + codeLen <= need) {
                        copy(dst, oldStart, pos, oldLen);
                        dst[pos + oldLen] = dst[oldStart];
                    } else {
                        for (int i = 0, n = need - pos; i < n; i++) {
                            dst[pos + i] = dst[oldStart + i]; // forward: reads the byte it wrote at dst[pos]
                        }
                    }
                } else {
                    codeLen = ln[code];
                    copy(dst, st[code], pos, Math.min(codeLen, need - pos));
                }
            }
            // new entry: the previous string plus this code's first byte, which is at dst[pos]
            if (next >= capacity) {
                return CORRUPT; // the ImageIO decoder fails when its table overflows
            }
            st[next] = oldStart;
            ln[next] = oldLen + 1;
            next++;
            if (next >= limit && width < 12) {
                width++;
                mask = (1 << width) - 1;
                limit = (1 << width) - early;
            }
            oldStart = pos;
            oldLen = codeLen;
            // past the output, entries are only counted: they are never copied
            pos = need - pos > codeLen ? pos + codeLen : need;
        }
    }

    /** Copies {@code n} bytes (none when {@code n <= 0}) from {@code from} to {@code to}; the ranges never overlap. */
    private static void copy(byte[] d, int from, int to, int n) {
        if (n > 16) {
            System.arraycopy(d, from, d, to, n);
        } else {
            for (int i = 0; i < n; i++) {
                d[to + i] = d[from + i];
            }
        }
    }
}
