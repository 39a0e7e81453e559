package org.imgloss.image;

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
        long bits = 0; // bit buffer: the low `avail` bits are unread
        int avail = 0;
        int width = 9;
        int next = FIRST;
        int limit = (1 << width) - early; // widen when next reaches this
        int oldStart = 0;
        int oldLen = 0;
        int pos = 0;
        boolean afterClear = false;
        boolean started = false;
        while (true) {
            // ---- next code, as the ImageIO reader: a code needing bytes past the end is the end
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
            int code;
            if (compat) {
                code = (int) bits & ((1 << width) - 1);
                bits >>>= width;
                avail -= width;
            } else {
                avail -= width;
                code = (int) (bits >>> avail) & ((1 << width) - 1);
            }
            // ---- the code
            if (code == EOI) {
                return pos;
            }
            if (code == CLEAR) {
                if (afterClear) {
                    return CORRUPT; // the ImageIO decoder fails on a ClearCode right after one
                }
                width = 9;
                next = FIRST;
                limit = (1 << width) - early;
                afterClear = true;
                started = true;
                continue;
            }
            if (!started) {
                return CORRUPT;
            }
            if (afterClear) {
                if (code > 255) {
                    return CORRUPT;
                }
                afterClear = false;
                oldLen = 1;
                oldStart = pos;
                if (pos < need) {
                    dst[pos] = (byte) code;
                }
                pos++;
                continue;
            }
            if (next >= capacity) {
                return CORRUPT; // the ImageIO decoder fails when its table overflows
            }
            if (code > next) {
                if (pos < need) {
                    return CORRUPT;
                }
                // past the output, read as the ImageIO decoder does (as code == next): the JDK's LZW
                // writer can end a strip with EndOfInformation written one bit too narrow
                code = next;
            }
            int codeLen = code < 256 ? 1 : code == next ? oldLen + 1 : ln[code];
            if (pos < need) {
                if (code < 256) {
                    dst[pos] = (byte) code;
                } else {
                    // code == next: the previous string plus its own first byte; the forward copy
                    // reads that byte from dst[pos] after writing it
                    int from = code == next ? oldStart : st[code];
                    int n = Math.min(codeLen, need - pos);
                    if (n >= 32 && code != next) {
                        System.arraycopy(dst, from, dst, pos, n);
                    } else {
                        for (int i = 0; i < n; i++) {
                            dst[pos + i] = dst[from + i];
                        }
                    }
                }
            }
            // new entry: the previous string plus this code's first byte, which is at dst[pos]
            st[next] = oldStart;
            ln[next] = oldLen + 1;
            next++;
            if (next >= limit && width < 12) {
                width++;
                limit = (1 << width) - early;
            }
            oldStart = pos;
            oldLen = codeLen;
            pos += codeLen;
            if (pos > need) {
                pos = need;
                // the output is full: entries made from here on are never copied, only counted
            }
        }
    }
}
