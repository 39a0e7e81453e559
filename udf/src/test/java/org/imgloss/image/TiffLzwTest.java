package org.imgloss.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.imgloss.errors.ErrorCode;
import org.junit.jupiter.api.Test;

/**
 * {@link TiffLzw} and the LZW / floating-point-predictor paths of {@link TiffReader}: the decoder
 * against a hand-decoded code stream and round trips through the test-side encoder
 * ({@link TestEncoders#lzw}); whole TIFFs (strips and tiles, planar 1 and 2, predictors 1/2/3, LZW and
 * Deflate, both byte orders, classic and BigTIFF, awkward sizes) decoded directly and through ImageIO
 * (TwelveMonkeys), which must agree bit for bit; LZW files written by the ImageIO TIFF writers; short
 * and corrupt LZW strips, which must leave the verdict to ImageIO and never throw a runtime exception.
 */
class TiffLzwTest {

    private static final int[][] SIZES = {{1, 1}, {1, 9}, {9, 1}, {13, 7}, {33, 17}};

    /** Direct and ImageIO decodes of {@code bytes}; fails unless both decode to identical planes. */
    private static Image sameDecoded(byte[] bytes, String what) throws DecodeException {
        Image fast = TiffReader.read(bytes, Long.MAX_VALUE);
        assertNotNull(fast, what + ": declined");
        Image io = ImageIoReading.decode(bytes, ImageFormat.TIFF, Long.MAX_VALUE);
        SameImage.assertBitIdentical(io, fast, what);
        return fast;
    }

    // ------------------------------------------------------------------ the decoder alone

    @Test
    void decodesAHandPackedCodeStream() {
        // 9-bit codes MSB first: Clear, 'A', 'B', 258 ("AB"), 260 (not yet in the table: "AB" + 'A'), EOI
        byte[] stream = {(byte) 0x80, 0x10, 0x48, 0x50, 0x28, 0x24, 0x04};
        byte[] out = new byte[7];
        assertEquals(7, new TiffLzw().decode(stream, 0, stream.length, out, 7));
        assertEquals("ABABABA", new String(out, java.nio.charset.StandardCharsets.US_ASCII));
        // a shorter buffer gets the first bytes; a longer one reports how many there were
        byte[] four = new byte[4];
        assertEquals(4, new TiffLzw().decode(stream, 0, stream.length, four, 4));
        assertEquals("ABAB", new String(four, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(7, new TiffLzw().decode(stream, 0, stream.length, new byte[10], 10));
        for (int need = 0; need <= 7; need++) { // the buffer ends inside a string (258 at 3, 260 at 5, 6)
            byte[] part = new byte[need];
            assertEquals(need, new TiffLzw().decode(stream, 0, stream.length, part, need));
            assertEquals("ABABABA".substring(0, need), new String(part, java.nio.charset.StandardCharsets.US_ASCII));
        }
        // the test encoder gives the same codes
        assertArrayEquals(stream, TestEncoders.lzw("ABABABA".getBytes(java.nio.charset.StandardCharsets.US_ASCII), false));
    }

    @Test
    void roundTripsThroughTheTestEncoderInBothBitOrders() {
        Random r = new Random(1);
        TiffLzw lzw = new TiffLzw(); // reused: the table carries nothing from one call to the next
        int cases = 0;
        for (int n : new int[] {0, 1, 2, 3, 255, 256, 511, 512, 1023, 5000, 70000, 300000}) {
            for (int kind = 0; kind < 4; kind++) {
                byte[] raw = new byte[n];
                for (int i = 0; i < n; i++) {
                    raw[i] = (byte) switch (kind) {
                        case 0 -> r.nextInt(256); // incompressible: the width climbs to 12, Clear every ~3800 codes
                        case 1 -> 7; // one run: long strings and code == next every step
                        case 2 -> (i / 3) % 11 + (r.nextInt(50) == 0 ? 1 : 0);
                        default -> i * i >>> 7;
                    };
                }
                for (boolean compat : new boolean[] {false, true}) {
                    byte[] z = TestEncoders.lzw(raw, compat);
                    byte[] out = new byte[n];
                    assertEquals(n, lzw.decode(z, 0, z.length, out, n), n + " kind " + kind + " compat " + compat);
                    assertArrayEquals(raw, out, n + " kind " + kind + " compat " + compat);
                    // at an offset inside a larger array
                    byte[] padded = new byte[z.length + 10];
                    System.arraycopy(z, 0, padded, 5, z.length);
                    byte[] out2 = new byte[n];
                    assertEquals(n, lzw.decode(padded, 5, z.length, out2, n));
                    assertArrayEquals(raw, out2);
                    cases++;
                }
            }
        }
        assertEquals(12 * 4 * 2, cases);
    }

    @Test
    void reportsShortAndCorruptStreams() {
        byte[] raw = new byte[3000];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (i % 17 * 13);
        }
        byte[] z = TestEncoders.lzw(raw, false);
        TiffLzw lzw = new TiffLzw();
        // truncated: fewer bytes, never an exception
        for (int cut = 0; cut < z.length; cut += 7) {
            int got = lzw.decode(z, 0, cut, new byte[raw.length], raw.length);
            assertTrue(got >= 0 && got < raw.length, "cut " + cut + ": " + got);
        }
        // no ClearCode first ('A' as a 9-bit code)
        assertEquals(TiffLzw.CORRUPT, lzw.decode(new byte[] {0x20, (byte) 0x80, 0}, 0, 3, new byte[4], 4));
        // a code beyond the next free entry: Clear, 'A', 300
        assertEquals(TiffLzw.CORRUPT, lzw.decode(pack9(256, 65, 300, 257), 0, 5, new byte[8], 8));
        // two ClearCodes in a row, and a non-literal right after Clear
        assertEquals(TiffLzw.CORRUPT, lzw.decode(pack9(256, 256, 65, 257), 0, 5, new byte[8], 8));
        assertEquals(TiffLzw.CORRUPT, lzw.decode(pack9(256, 258, 257), 0, 4, new byte[8], 8));
        // after the output is full: a code beyond the next entry is read as the next one (as ImageIO
        // does), but a non-literal after Clear or two Clears in a row are still corrupt
        assertEquals(2, lzw.decode(pack9(256, 65, 66, 400, 257), 0, 6, new byte[2], 2));
        assertEquals(2, lzw.decode(pack9(256, 65, 66, 258, 257), 0, 6, new byte[2], 2));
        assertEquals(TiffLzw.CORRUPT, lzw.decode(pack9(256, 65, 66, 256, 300, 257), 0, 7, new byte[2], 2));
        assertEquals(TiffLzw.CORRUPT, lzw.decode(pack9(256, 65, 66, 256, 256, 257), 0, 7, new byte[2], 2));
        // EOI before the output is full: the count so far
        assertEquals(2, lzw.decode(pack9(256, 65, 66, 257, 67), 0, 6, new byte[3], 3));
        // random bytes: a count or CORRUPT
        Random r = new Random(2);
        for (int k = 0; k < 2000; k++) {
            byte[] b = new byte[1 + r.nextInt(200)];
            r.nextBytes(b);
            if (r.nextBoolean()) {
                b[0] = (byte) 0x80;
            }
            int got = lzw.decode(b, 0, b.length, new byte[500], 500);
            assertTrue(got == TiffLzw.CORRUPT || (got >= 0 && got <= 500));
        }
    }

    private static byte[] pack9(int... codes) {
        StringBuilder bits = new StringBuilder();
        for (int c : codes) {
            String s = Integer.toBinaryString(c);
            bits.append("0".repeat(9 - s.length())).append(s);
        }
        while (bits.length() % 8 != 0) {
            bits.append('0');
        }
        byte[] b = new byte[bits.length() / 8];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(bits.substring(8 * i, 8 * i + 8), 2);
        }
        return b;
    }

    // ------------------------------------------------------------------ whole TIFFs against ImageIO

    private static long[] samples(Random r, int n, TestEncoders.TiffSample s, int spp) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            boolean smooth = r.nextInt(3) != 0; // ramps (long LZW strings) mixed with noise
            int pixel = i / spp;
            v[i] = switch (s) {
                case U8 -> smooth ? pixel % 7 * 20 : r.nextInt(256);
                case U16 -> smooth ? pixel % 9 * 3000 : r.nextInt(65536);
                case F32 -> Float.floatToRawIntBits(smooth ? pixel * 0.25f - 3 : (float) (r.nextGaussian() * 1000)) & 0xFFFFFFFFL;
                default -> Double.doubleToRawLongBits(smooth ? pixel * 0.5 - 2 : r.nextGaussian() * 1e6);
            };
        }
        return v;
    }

    private static double expected(TestEncoders.TiffSample s, long v) {
        return switch (s) {
            case U8 -> v / 255.0;
            case U16 -> v / 65535.0;
            case F32 -> Float.intBitsToFloat((int) v);
            default -> Double.longBitsToDouble(v);
        };
    }

    @Test
    void lzwAndFloatPredictorLayoutsDecodeIdentically() throws Exception {
        Random r = new Random(13);
        TestEncoders.TiffSample[] kinds = {TestEncoders.TiffSample.U8, TestEncoders.TiffSample.U16,
            TestEncoders.TiffSample.F32, TestEncoders.TiffSample.F64};
        int n = 0;
        for (TestEncoders.TiffSample s : kinds) {
            boolean isFloat = s == TestEncoders.TiffSample.F32 || s == TestEncoders.TiffSample.F64;
            for (int spp : new int[] {1, 2, 3, 4}) {
                if (s == TestEncoders.TiffSample.F64 && spp != 1 && spp != 3) {
                    continue; // ImageIO reads no 64-bit samples with alpha (the direct reader declines them)
                }
                for (int[] wh : SIZES) {
                    int w = wh[0];
                    int h = wh[1];
                    long[] v = samples(r, w * h * spp, s, spp);
                    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                        for (int planar : new int[] {1, 2}) {
                            for (int predictor : isFloat ? new int[] {1, 2, 3} : new int[] {1, 2}) {
                                for (int compression : new int[] {5, 8}) {
                                    for (int[] lay : new int[][] {{0, 4}, {0, 1000}, {16, 0}}) {
                                        boolean big = (w + planar + predictor) % 3 == 0;
                                        boolean compat = compression == 5 && (h + spp + predictor) % 4 == 0;
                                        byte[] t = TestEncoders.tiffLayout(w, h, spp, s, v, order, big, planar, predictor,
                                                compression, compat, lay[0], lay[1]);
                                        String what = s + " spp" + spp + " " + w + "x" + h + " " + order + (big ? " big" : "")
                                                + " planar" + planar + " pred" + predictor + " comp" + compression
                                                + (compat ? " compat" : "") + " tile" + lay[0] + " rps" + lay[1];
                                        Image img = sameDecoded(t, what);
                                        int last = w * h - 1;
                                        int ch = Math.min(spp, spp >= 3 ? 3 : 1) - 1;
                                        assertEquals(expected(s, v[last * spp + ch]), img.plane(ch)[last], what);
                                        assertEquals(expected(s, v[0]), img.plane(0)[0], what);
                                        n++;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assertEquals(2 * 4 * 5 * 2 * 2 * 2 * 2 * 3 + 4 * 5 * 2 * 2 * 3 * 2 * 3 + 2 * 5 * 2 * 2 * 3 * 2 * 3, n);
    }

    @Test
    void floatPredictorOnAKnownRow() throws Exception {
        // 3x1 big-endian float32, predictor 3, Deflate: 1.0f = 3F800000, -2.0f = C0000000, 0.5f = 3F000000;
        // planes 3F C0 3F | 80 00 00 | 00 00 00 | 00 00 00, differenced: 3F 81 7F | 41 80 00 | 00 00 00 | 00 00 00
        long[] v = {Float.floatToRawIntBits(1f), Float.floatToRawIntBits(-2f) & 0xFFFFFFFFL, Float.floatToRawIntBits(0.5f)};
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            for (int compression : new int[] {5, 8}) {
                byte[] t = TestEncoders.tiffLayout(3, 1, 1, TestEncoders.TiffSample.F32, v, order, false, 1, 3, compression,
                        false, 0, 1);
                assertArrayEquals(new double[] {1.0, -2.0, 0.5}, sameDecoded(t, order + " " + compression).plane(0));
            }
        }
        byte[] raw = TestEncoders.tiffLayout(3, 1, 1, TestEncoders.TiffSample.F32, v, ByteOrder.BIG_ENDIAN, false, 1, 3, 5,
                false, 0, 1);
        byte[] strip = new byte[12];
        new TiffLzw().decode(raw, 8, raw.length - 8, strip, 12);
        assertArrayEquals(new byte[] {0x3F, (byte) 0x81, 0x7F, 0x41, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0}, strip);
    }

    @Test
    void uncompressedFloatPredictorIsIgnoredAsByImageIo() throws Exception {
        long[] v = {Float.floatToRawIntBits(1f), Float.floatToRawIntBits(2f)};
        byte[] t = TestEncoders.tiffLayout(2, 1, 1, TestEncoders.TiffSample.F32, v, ByteOrder.LITTLE_ENDIAN, false, 1, 1, 1,
                false, 0, 1);
        // the same bytes with the Predictor tag set to 3 (inline SHORT value of tag 317)
        byte[] p3 = t.clone();
        int ifd = ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
        int entries = ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN).getShort(ifd);
        for (int e = 0; e < entries; e++) {
            int at = ifd + 2 + 12 * e;
            if (ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN).getShort(at) == 317) {
                p3[at + 8] = 3;
            }
        }
        assertArrayEquals(new double[] {1.0, 2.0}, sameDecoded(p3, "uncompressed predictor 3").plane(0));
    }

    @Test
    void lzwFilesFromTheImageIoWritersDecodeIdentically() throws Exception {
        Random r = new Random(17);
        int n = 0;
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("tiff");
        while (writers.hasNext()) {
            ImageWriter writer = writers.next();
            for (int type : new int[] {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY,
                BufferedImage.TYPE_3BYTE_BGR}) {
                for (int[] wh : new int[][] {{1, 1}, {13, 7}, {300, 41}}) {
                    BufferedImage img = new BufferedImage(wh[0], wh[1], type);
                    if (type == BufferedImage.TYPE_USHORT_GRAY) {
                        short[] d = ((DataBufferUShort) img.getRaster().getDataBuffer()).getData();
                        for (int i = 0; i < d.length; i++) {
                            d[i] = (short) (r.nextInt(4) == 0 ? r.nextInt(65536) : i % 50 * 1000);
                        }
                    } else {
                        byte[] d = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
                        for (int i = 0; i < d.length; i++) {
                            d[i] = (byte) (r.nextInt(4) == 0 ? r.nextInt(256) : i / 3 % 40);
                        }
                    }
                    ImageWriteParam param = writer.getDefaultWriteParam();
                    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                    param.setCompressionType("LZW");
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                        writer.setOutput(out);
                        writer.write(null, new IIOImage(img, null, null), param);
                    }
                    byte[] t = bytes.toByteArray();
                    String what = writer.getClass().getSimpleName() + " type " + type + " " + wh[0] + "x" + wh[1];
                    Image dec = sameDecoded(t, what);
                    double max = type == BufferedImage.TYPE_USHORT_GRAY ? 65535.0 : 255.0;
                    int sample = img.getRaster().getSample(wh[0] - 1, wh[1] - 1, 0);
                    assertEquals(sample / max, dec.plane(0)[wh[0] * wh[1] - 1], what);
                    n++;
                }
            }
            writer.dispose();
        }
        assertTrue(n >= 9, n + " files");
    }

    // ------------------------------------------------------------------ short and corrupt strips

    /** The verdict of the whole decoder must be ImageIO's: the same image, or the same error code. */
    private static void sameVerdict(byte[] t, String what) {
        ErrorCode ioCode = null;
        Image io = null;
        try {
            io = ImageIoReading.decode(t, ImageFormat.TIFF, Long.MAX_VALUE);
        } catch (DecodeException e) {
            ioCode = e.code();
        } catch (RuntimeException e) {
            fail(what + ": ImageIO path threw " + e);
        }
        try {
            Image got = ImageDecoder.decode(t);
            assertNull(ioCode, what + ": decoded, ImageIO says " + ioCode);
            assertEquals(io, got, what);
        } catch (DecodeException e) {
            assertEquals(ioCode, e.code(), what);
        } catch (RuntimeException e) {
            fail(what + ": decoder threw " + e);
        }
        try {
            Image fast = TiffReader.read(t, Long.MAX_VALUE);
            if (fast != null) {
                assertNotNull(io, what + ": direct reader decodes, ImageIO fails with " + ioCode);
                assertEquals(io, fast, what);
            }
        } catch (DecodeException e) {
            assertEquals(ErrorCode.UNDECODABLE, e.code(), what);
        } catch (RuntimeException e) {
            fail(what + ": direct reader threw " + e);
        }
    }

    @Test
    void shortLzwStripsDeclineAndImageIoDecides() throws Exception {
        long[] v = samples(new Random(19), 13 * 7, TestEncoders.TiffSample.U8, 1);
        byte[] full = TestEncoders.tiffLayout(13, 7, 1, TestEncoders.TiffSample.U8, v, ByteOrder.LITTLE_ENDIAN, false, 1, 1,
                5, false, 0, 1000);
        int ifd = ByteBuffer.wrap(full).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
        // EOI after k codes: rebuild the strip as the first k codes of the real one, then EOI
        byte[] raw = new byte[13 * 7];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) v[i];
        }
        byte[] shortStrip = TestEncoders.lzw(Arrays.copyOf(raw, 13 * 5 + 4), false);
        byte[] t = withStrip(full, ifd, shortStrip);
        DecodeException e = assertThrows(DecodeException.class, () -> TiffReader.read(t, Long.MAX_VALUE));
        assertEquals(ErrorCode.UNDECODABLE, e.code());
        assertNull(FastDecoders.tryDecode(t, ImageFormat.TIFF, Long.MAX_VALUE));
        sameVerdict(t, "strip decoding to 69 of 91 bytes");
        // the strip cut short (StripByteCounts unchanged: the data just ends early)
        for (int cut = 1; cut < 30; cut += 4) {
            byte[] s = Arrays.copyOf(TestEncoders.lzw(raw, false), cut);
            sameVerdict(withStrip(full, ifd, s), "strip cut at " + cut);
        }
    }

    /** {@code tiff} (one strip at offset 8, single-valued tags inline) with its strip replaced by {@code strip}. */
    private static byte[] withStrip(byte[] tiff, int ifd, byte[] strip) {
        ByteBuffer in = ByteBuffer.wrap(tiff).order(ByteOrder.LITTLE_ENDIAN);
        int entries = in.getShort(ifd);
        byte[] dir = Arrays.copyOfRange(tiff, ifd, ifd + 2 + 12 * entries + 4);
        int at = 8 + strip.length + (strip.length % 2);
        ByteBuffer out = ByteBuffer.allocate(at + dir.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(tiff, 0, 8).put(strip).position(at);
        out.put(dir).putInt(4, at);
        for (int e = 0; e < entries; e++) {
            int p = at + 2 + 12 * e;
            int tag = out.getShort(p);
            if (tag == 273) {
                out.putInt(p + 8, 8);
            } else if (tag == 279) {
                out.putInt(p + 8, strip.length);
            }
        }
        return out.array();
    }

    @Test
    void corruptLzwDataNeverThrowsAndKeepsImageIosVerdict() {
        Random r = new Random(23);
        int n = 0;
        for (TestEncoders.TiffSample s : new TestEncoders.TiffSample[] {TestEncoders.TiffSample.U8,
            TestEncoders.TiffSample.U16, TestEncoders.TiffSample.F32}) {
            int predictor = s == TestEncoders.TiffSample.F32 ? 3 : 2;
            long[] v = samples(r, 33 * 17, s, 1);
            for (boolean compat : new boolean[] {false, true}) {
                byte[] seed = TestEncoders.tiffLayout(33, 17, 1, s, v, ByteOrder.LITTLE_ENDIAN, false, 1, predictor, 5, compat,
                        0, 1000);
                int ifd = ByteBuffer.wrap(seed).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
                for (int k = 0; k < 150; k++) {
                    byte[] b = seed.clone();
                    int flips = 1 + r.nextInt(3);
                    for (int j = 0; j < flips; j++) {
                        int at = 8 + r.nextInt(ifd - 9); // inside the strip
                        b[at] = (byte) (r.nextBoolean() ? r.nextInt(256) : b[at] ^ (1 << r.nextInt(8)));
                    }
                    sameVerdict(b, s + (compat ? " compat" : "") + " flipped, try " + k);
                    n++;
                }
                for (int cut = ifd - 1; cut > 8; cut -= Math.max(1, (ifd - 8) / 25)) {
                    byte[] b = seed.clone();
                    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                    int entries = bb.getShort(ifd);
                    for (int e = 0; e < entries; e++) {
                        if (bb.getShort(ifd + 2 + 12 * e) == 279) {
                            bb.putInt(ifd + 2 + 12 * e + 8, cut - 8); // StripByteCounts says the strip is shorter
                        }
                    }
                    sameVerdict(b, s + (compat ? " compat" : "") + " strip byte count " + (cut - 8));
                    n++;
                }
            }
        }
        assertTrue(n > 900, n + " variants");
    }
}
