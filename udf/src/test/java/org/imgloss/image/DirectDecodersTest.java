package org.imgloss.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.imgloss.errors.ErrorCode;
import org.junit.jupiter.api.Test;

/**
 * Differential tests of the direct readers ({@link PngReader}, {@link TiffReader}) against the ImageIO
 * path ({@link ImageIoReading}): every golden PNG/TIFF and generated fixtures over colour types, bit
 * depths, filters, strips/tiles, compressions, predictors, planar configurations, byte orders and
 * BigTIFF, at awkward sizes, must give bit-identical planes. Corruption (truncation, flipped bytes)
 * must give a {@link DecodeException} or a decline, never a runtime exception.
 */
class DirectDecodersTest {

    private static final int[][] SIZES = {{1, 1}, {1, 9}, {9, 1}, {7, 13}, {33, 17}};

    /** Decodes through both paths and requires identical images; returns whether the direct path decoded. */
    private static boolean same(byte[] bytes, ImageFormat format, String what) throws DecodeException {
        Image fast = FastDecoders.tryDecode(bytes, format, Long.MAX_VALUE);
        Image io;
        try {
            io = ImageIoReading.decode(bytes, format, Long.MAX_VALUE);
        } catch (DecodeException e) {
            assertNull(fast, what + ": ImageIO fails (" + e.getMessage() + ") but the direct reader decodes");
            return true;
        }
        if (fast == null) {
            return false;
        }
        SameImage.assertBitIdentical(io, fast, what);
        return true;
    }

    @Test
    void everyGoldenPngAndTiffDecodesIdentically() throws Exception {
        Path root = Paths.get("src/test/resources/golden");
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().matches(".*\\.(png|tif|tiff)$")).sorted().toList();
        }
        int png = 0;
        int tiff = 0;
        for (Path p : files) {
            byte[] bytes = Files.readAllBytes(p);
            ImageFormat f = ImageFormat.detect(bytes);
            if (same(bytes, f, p.toString())) {
                if (f == ImageFormat.PNG) {
                    png++;
                } else {
                    tiff++;
                }
            }
        }
        assertTrue(png >= 10, "direct PNG path used for " + png + " golden files");
        assertTrue(tiff >= 9, "direct TIFF path used for " + tiff + " golden files");
    }

    // ------------------------------------------------------------------ PNG

    /** A PNG whose row y uses filter y % 5 (or {@code fixedFilter} when >= 0), IDAT split in pieces of {@code split} bytes. */
    static byte[] filteredPng(int w, int h, int depth, int colorType, int[] samples, int fixedFilter, int split) {
        return filteredPng(w, h, depth, colorType, samples, fixedFilter, split, null);
    }

    /** As above, with a PLTE chunk of RGB triples {@code palette} when not null; depths 1/2/4 packed MSB first. */
    static byte[] filteredPng(int w, int h, int depth, int colorType, int[] samples, int fixedFilter, int split,
                              int[] palette) {
        return TestEncoders.pngFull(w, h, depth, colorType, samples, palette, null, false, fixedFilter, split);
    }

    private static int[] randomSamples(Random r, int n, int depth) {
        int[] s = new int[n];
        int max = (1 << depth) - 1;
        for (int i = 0; i < n; i++) {
            // mix smooth ramps and noise so every filter predictor branch is taken
            s[i] = r.nextInt(4) == 0 ? r.nextInt(max + 1) : (i * 37) % (max + 1);
        }
        return s;
    }

    @Test
    void generatedPngsDecodeIdentically() throws Exception {
        Random r = new Random(7);
        int direct = 0;
        for (int colorType : new int[] {0, 2, 4, 6}) {
            for (int depth : new int[] {8, 16}) {
                for (int[] wh : SIZES) {
                    for (int filter = -1; filter <= 4; filter++) {
                        int n = wh[0] * wh[1] * TestEncoders.pngChannels(colorType);
                        byte[] png = filteredPng(wh[0], wh[1], depth, colorType, randomSamples(r, n, depth), filter,
                                filter == -1 ? 5 : 1 << 16);
                        String what = "png ct" + colorType + " d" + depth + " " + wh[0] + "x" + wh[1] + " f" + filter;
                        assertTrue(same(png, ImageFormat.PNG, what), what + " declined");
                        direct++;
                    }
                }
            }
        }
        assertEquals(4 * 2 * SIZES.length * 6, direct);
    }

    /**
     * Images larger than the per-thread inflate buffers (more output than one refill, chunk data handed over
     * in several pieces, IDAT chunks larger and smaller than a piece), plain and interlaced; and the pooled buffers that
     * just served a truncated file decode the next file as fresh ones would.
     */
    @Test
    void pngsLargerThanTheInflateBuffersDecodeIdentically() throws Exception {
        Random r = new Random(11);
        int w = 181;
        int h = 200;
        assertTrue((long) w * h * 8 > 2 * PngStream.OUT_BYTES, "raw data spans several refills");
        int[] noise = new int[w * h * 4];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = r.nextInt(1 << 16);
        }
        for (boolean interlace : new boolean[] {false, true}) {
            for (int split : new int[] {1 << 24, PngStream.IN_BYTES + 3, 1000}) {
                byte[] png = TestEncoders.pngFull(w, h, 16, 6, noise, null, null, interlace, -1, split);
                String what = "rgba16 " + w + "x" + h + " interlace " + interlace + " split " + split;
                assertTrue(png.length > 2 * PngStream.IN_BYTES, what + ": compressed data spans several pieces");
                assertTrue(same(png, ImageFormat.PNG, what), what + " declined");
                byte[] cut = java.util.Arrays.copyOf(png, png.length / 2);
                mustNotThrowRuntime(cut, ImageFormat.PNG, what + " truncated");
                assertTrue(same(png, ImageFormat.PNG, what + " after a truncated one"), what + " declined");
            }
        }
    }

    @Test
    void palettesAndLowBitGrayDecodeIdentically() throws Exception {
        Random r = new Random(9);
        int direct = 0;
        for (int depth : new int[] {1, 2, 4, 8}) {
            for (int[] wh : SIZES) {
                int n = wh[0] * wh[1];
                int[] gray = randomSamples(r, n, depth);
                for (int filter = -1; filter <= 4; filter++) {
                    String what = "gray d" + depth + " " + wh[0] + "x" + wh[1] + " f" + filter;
                    if (depth < 8) {
                        assertTrue(same(filteredPng(wh[0], wh[1], depth, 0, gray, filter, 7), ImageFormat.PNG, what), what);
                        direct++;
                    }
                }
                // palettes: full, short (padded), all-gray, one entry; indices within the palette
                int max = 1 << depth;
                int[] sizes = {max, Math.max(1, max / 2 - 1), 3, 1, Math.min(max, 17), Math.min(max, 5)};
                for (int entries : sizes) {
                    for (boolean grayPal : new boolean[] {false, true}) {
                        int[] pal = new int[3 * entries];
                        for (int i = 0; i < entries; i++) {
                            int g = r.nextInt(256);
                            pal[3 * i] = g;
                            pal[3 * i + 1] = grayPal ? g : r.nextInt(256);
                            pal[3 * i + 2] = grayPal ? g : r.nextInt(256);
                        }
                        int[] idx = new int[n];
                        for (int i = 0; i < n; i++) {
                            idx[i] = r.nextInt(entries);
                        }
                        for (int filter : new int[] {-1, 0, 4}) {
                            byte[] png = filteredPng(wh[0], wh[1], depth, 3, idx, filter, 9, pal);
                            String what = "palette d" + depth + " " + entries + (grayPal ? " gray" : "") + " "
                                    + wh[0] + "x" + wh[1] + " f" + filter;
                            assertTrue(same(png, ImageFormat.PNG, what), what + " declined");
                            direct++;
                        }
                    }
                }
            }
        }
        assertTrue(direct > 300, direct + " fixtures");
    }

    @Test
    void pngPaletteLowBitInterlacedAndTrnsDecodeLikeImageIo() throws Exception {
        int[] idx = {0, 1, 2, 3, 1, 0};
        byte[] pal = TestEncoders.png(3, 2, 8, TestEncoders.PNG_PALETTE, idx, new int[] {0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255});
        byte[] gray2 = TestEncoders.png(3, 2, 2, TestEncoders.PNG_GRAY, idx, null);
        // Adam7 and tRNS are read directly too (PngLayoutsTest covers them in depth); tRNS on gray+alpha is declined
        byte[] interlaced = TestEncoders.pngFull(3, 2, 8, TestEncoders.PNG_PALETTE, idx,
                new int[] {0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255}, null, true, -1, 99);
        byte[] withTrns = withChunkBeforeIdat(gray2, "tRNS", new byte[] {0, 1});
        for (byte[] b : List.of(pal, gray2, interlaced, withTrns)) {
            assertNotNull(PngReader.read(b, Long.MAX_VALUE));
            assertEquals(ImageIoReading.decode(b, ImageFormat.PNG, Long.MAX_VALUE), ImageDecoder.decode(b));
        }
        byte[] grayAlpha = TestEncoders.png(3, 2, 8, TestEncoders.PNG_GRAY_ALPHA, new int[12], null);
        byte[] gaTrns = withChunkBeforeIdat(grayAlpha, "tRNS", new byte[] {0, 1});
        assertNull(PngReader.read(gaTrns, Long.MAX_VALUE));
    }

    private static byte[] withChunkBeforeIdat(byte[] png, String type, byte[] data) {
        int at = 8;
        while (!new String(png, at + 4, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("IDAT")) {
            at += 12 + ByteBuffer.wrap(png, at, 4).getInt();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, at);
        out.writeBytes(TestEncoders.chunk(type, data));
        out.write(png, at, png.length - at);
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ TIFF

    @Test
    void generatedTiffsDecodeIdentically() throws Exception {
        Random r = new Random(11);
        int direct = 0;
        TestEncoders.TiffSample[] kinds = {TestEncoders.TiffSample.U8, TestEncoders.TiffSample.U16,
            TestEncoders.TiffSample.F32, TestEncoders.TiffSample.F64};
        for (TestEncoders.TiffSample s : kinds) {
            for (int spp = 1; spp <= 4; spp++) {
                for (int[] wh : SIZES) {
                    double[] v = tiffValues(r, wh[0] * wh[1] * spp, s);
                    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                        for (boolean big : new boolean[] {false, true}) {
                            for (boolean deflate : new boolean[] {false, true}) {
                                int[][] layouts = {{0, 1}, {0, 3}, {0, 1000}, {16, 0}};
                                for (int[] lay : layouts) {
                                    byte[] t = TestEncoders.tiff(wh[0], wh[1], spp, s, v, order, big, lay[0], lay[1], deflate);
                                    String what = "tiff " + s + " spp" + spp + " " + wh[0] + "x" + wh[1] + " " + order
                                            + (big ? " big" : "") + (deflate ? " deflate" : "") + " tile" + lay[0] + " rps" + lay[1];
                                    assertTrue(same(t, ImageFormat.TIFF, what), what + " declined");
                                    direct++;
                                }
                            }
                        }
                    }
                }
            }
        }
        assertEquals(4 * 4 * SIZES.length * 2 * 2 * 2 * 4, direct);
    }

    private static double[] tiffValues(Random r, int n, TestEncoders.TiffSample s) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (s) {
                case U8 -> r.nextInt(256);
                case U16 -> r.nextInt(65536);
                case F32 -> (float) (r.nextGaussian() * 1000);
                default -> r.nextGaussian() * 1e6;
            };
        }
        return v;
    }

    /**
     * A classic TIFF with explicit planar configuration, predictor and compression (1, 8 or 32773),
     * strips of {@code rps} rows; 8- or 16-bit unsigned samples or 32-bit floats (predictor 1 only).
     */
    static byte[] tiffVariant(int w, int h, int spp, int bits, boolean isFloat, long[] samples, ByteOrder order,
                              int planar, int predictor, int compression, int rps) {
        int bytes = bits / 8;
        int planes = planar == 2 ? spp : 1;
        int chunkSpp = planar == 2 ? 1 : spp;
        List<byte[]> blocks = new ArrayList<>();
        for (int p = 0; p < planes; p++) {
            for (int y0 = 0; y0 < h; y0 += rps) {
                int rows = Math.min(rps, h - y0);
                ByteBuffer bb = ByteBuffer.allocate(rows * w * chunkSpp * bytes).order(order);
                for (int y = y0; y < y0 + rows; y++) {
                    for (int x = 0; x < w; x++) {
                        for (int c = 0; c < chunkSpp; c++) {
                            int ch = planar == 2 ? p : c;
                            long v = samples[(y * w + x) * spp + ch];
                            if (predictor == 2 && compression != 1 && x > 0) {
                                v -= samples[(y * w + x - 1) * spp + ch];
                            }
                            if (bytes == 1) {
                                bb.put((byte) v);
                            } else if (bytes == 2) {
                                bb.putShort((short) v);
                            } else {
                                bb.putInt((int) v);
                            }
                        }
                    }
                }
                byte[] raw = bb.array();
                blocks.add(compression == 8 ? TestEncoders.deflate(raw) : compression == 32773 ? packBits(raw) : raw);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[8]);
        long[] offs = new long[blocks.size()];
        long[] counts = new long[blocks.size()];
        for (int i = 0; i < blocks.size(); i++) {
            offs[i] = out.size();
            counts[i] = blocks.get(i).length;
            out.writeBytes(blocks.get(i));
            if (out.size() % 2 != 0) {
                out.write(0);
            }
        }
        // out-of-line arrays
        long bpsOff = out.size();
        ByteBuffer arr = ByteBuffer.allocate(2 * spp * 2 + 8 * blocks.size()).order(order);
        for (int c = 0; c < spp; c++) {
            arr.putShort((short) bits);
        }
        long sfOff = bpsOff + 2L * spp;
        for (int c = 0; c < spp; c++) {
            arr.putShort((short) (isFloat ? 3 : 1));
        }
        long offOff = sfOff + 2L * spp;
        for (long o : offs) {
            arr.putInt((int) o);
        }
        long cntOff = offOff + 4L * blocks.size();
        for (long c : counts) {
            arr.putInt((int) c);
        }
        out.writeBytes(arr.array());
        long ifd = out.size();
        int[][] entries = {
            {256, 4, 1, w}, {257, 4, 1, h},
            {258, 3, spp, spp == 1 ? bits : (int) bpsOff},
            {259, 3, 1, compression}, {262, 3, 1, spp >= 3 ? 2 : 1},
            {273, 4, blocks.size(), blocks.size() == 1 ? (int) offs[0] : (int) offOff},
            {277, 3, 1, spp}, {278, 4, 1, rps},
            {279, 4, blocks.size(), blocks.size() == 1 ? (int) counts[0] : (int) cntOff},
            {284, 3, 1, planar}, {317, 3, 1, predictor}, {338, 3, 1, 2},
            {339, 3, spp, spp == 1 ? (isFloat ? 3 : 1) : (int) sfOff},
        };
        List<int[]> es = new ArrayList<>();
        for (int[] e : entries) {
            if (e[0] == 338 && spp != 2 && spp != 4) {
                continue;
            }
            if (e[0] == 258 && spp == 2) {
                e[3] = (int) bpsOff; // 2 shorts fit inline, but out-of-line is also valid
            }
            es.add(e);
        }
        ByteBuffer d = ByteBuffer.allocate(2 + 12 * es.size() + 4).order(order);
        d.putShort((short) es.size());
        for (int[] e : es) {
            d.putShort((short) e[0]).putShort((short) e[1]).putInt(e[2]);
            boolean inline = e[1] == 3 && e[2] == 1;
            if (inline) {
                d.putShort((short) e[3]).putShort((short) 0);
            } else {
                d.putInt(e[3]);
            }
        }
        d.putInt(0);
        out.writeBytes(d.array());
        byte[] f = out.toByteArray();
        ByteBuffer head = ByteBuffer.wrap(f).order(order);
        head.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
        head.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
        head.putShort((short) 42).putInt((int) ifd);
        return f;
    }

    /** PackBits: repeat runs for 3+ equal bytes, literal runs otherwise. */
    static byte[] packBits(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < in.length) {
            int run = 1;
            while (i + run < in.length && run < 128 && in[i + run] == in[i]) {
                run++;
            }
            if (run >= 3) {
                out.write(1 - run);
                out.write(in[i]);
                i += run;
            } else {
                int start = i;
                int len = 0;
                while (i < in.length && len < 128
                        && !(i + 2 < in.length && in[i] == in[i + 1] && in[i] == in[i + 2])) {
                    i++;
                    len++;
                }
                out.write(len - 1);
                out.write(in, start, len);
            }
        }
        return out.toByteArray();
    }

    @Test
    void tiffPlanarPredictorAndPackBitsDecodeIdentically() throws Exception {
        Random r = new Random(3);
        int direct = 0;
        for (int bits : new int[] {8, 16, 32}) {
            boolean isFloat = bits == 32;
            for (int spp : new int[] {1, 2, 3, 4}) {
                for (int[] wh : SIZES) {
                    long[] s = new long[wh[0] * wh[1] * spp];
                    for (int i = 0; i < s.length; i++) {
                        s[i] = isFloat ? Float.floatToIntBits((float) r.nextGaussian())
                                : (r.nextInt(3) == 0 ? r.nextInt(1 << bits) : (i / spp) % 5);
                    }
                    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                        for (int planar : new int[] {1, 2}) {
                            for (int predictor : isFloat ? new int[] {1} : new int[] {1, 2}) {
                                for (int comp : new int[] {1, 8, 32773}) {
                                    byte[] t = tiffVariant(wh[0], wh[1], spp, bits, isFloat, s, order, planar, predictor, comp, 4);
                                    String what = "tiff " + bits + " spp" + spp + " " + wh[0] + "x" + wh[1] + " " + order
                                            + " planar" + planar + " pred" + predictor + " comp" + comp;
                                    assertTrue(same(t, ImageFormat.TIFF, what), what + " declined");
                                    direct++;
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(direct > 500, direct + " variants");
    }

    // ------------------------------------------------------------------ corruption

    private static void mustNotThrowRuntime(byte[] b, ImageFormat f, String what) {
        try {
            if (f == ImageFormat.PNG) {
                PngReader.read(b, 1L << 24);
            } else {
                TiffReader.read(b, 1L << 24);
            }
        } catch (DecodeException e) {
            assertTrue(e.code().equals(ErrorCode.UNDECODABLE) || e.code().equals(ErrorCode.TOO_LARGE),
                    what + ": " + e.code());
        } catch (RuntimeException e) {
            fail(what + ": runtime exception " + e);
        }
        try {
            ImageDecoder.decode(b);
        } catch (DecodeException e) {
            assertNotNull(e.code());
        } catch (RuntimeException e) {
            fail(what + ": decoder threw " + e);
        }
    }

    @Test
    void corruptFilesGiveDecodeExceptionsNeverRuntimeExceptions() throws IOException {
        Random r = new Random(5);
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(filteredPng(7, 13, 16, 6, randomSamples(r, 7 * 13 * 4, 16), -1, 40));
        seeds.add(filteredPng(7, 13, 8, 2, randomSamples(r, 7 * 13 * 3, 8), -1, 1 << 16));
        seeds.add(TestEncoders.tiff(7, 13, 3, TestEncoders.TiffSample.U16, tiffValues(r, 7 * 13 * 3, TestEncoders.TiffSample.U16),
                ByteOrder.BIG_ENDIAN, true, 16, 0, true));
        seeds.add(TestEncoders.tiff(7, 13, 1, TestEncoders.TiffSample.F32, tiffValues(r, 7 * 13, TestEncoders.TiffSample.F32),
                ByteOrder.LITTLE_ENDIAN, false, 0, 3, false));
        long[] s = new long[7 * 13 * 2];
        seeds.add(tiffVariant(7, 13, 2, 8, false, s, ByteOrder.LITTLE_ENDIAN, 2, 2, 32773, 4));
        long[] fl = new long[7 * 13];
        for (int i = 0; i < fl.length; i++) {
            fl[i] = Float.floatToRawIntBits((float) r.nextGaussian()) & 0xFFFFFFFFL;
        }
        // gray: a flipped width byte can claim ~1e8 pixels, and ImageIO allocates those (RGB float: > 3 GB with our planes)
        seeds.add(TestEncoders.tiffLayout(7, 13, 1, TestEncoders.TiffSample.F32, fl, ByteOrder.BIG_ENDIAN, false, 1, 3, 5,
                false, 16, 0)); // LZW tiles, floating-point predictor
        seeds.add(TestEncoders.tiffLayout(7, 13, 1, TestEncoders.TiffSample.F32, fl, ByteOrder.LITTLE_ENDIAN, true, 1, 3, 8,
                false, 0, 4)); // Deflate strips, BigTIFF, floating-point predictor
        for (byte[] seed : seeds) {
            ImageFormat f = ImageFormat.detect(seed);
            for (int cut = 0; cut < seed.length; cut += Math.max(1, seed.length / 60)) {
                mustNotThrowRuntime(java.util.Arrays.copyOf(seed, cut), f, "truncated at " + cut);
            }
            for (int k = 0; k < 300; k++) {
                byte[] b = seed.clone();
                int flips = 1 + r.nextInt(3);
                for (int j = 0; j < flips; j++) {
                    int at = r.nextInt(b.length);
                    b[at] = (byte) (r.nextBoolean() ? r.nextInt(256) : b[at] ^ (1 << r.nextInt(8)));
                }
                if (f != null && ImageFormat.detect(b) == f) {
                    mustNotThrowRuntime(b, f, "flipped bytes, try " + k);
                }
            }
        }
    }

    @Test
    void tooLargeIsDecidedFromTheHeader() throws DecodeException {
        byte[] png = filteredPng(33, 17, 8, 0, new int[33 * 17], 0, 1 << 16);
        byte[] tif = TestEncoders.tiff(33, 17, 1, TestEncoders.TiffSample.F32, new double[33 * 17],
                ByteOrder.LITTLE_ENDIAN, true, 16, 0, false);
        for (byte[] b : List.of(png, tif)) {
            DecodeException e = org.junit.jupiter.api.Assertions.assertThrows(DecodeException.class,
                    () -> FastDecoders.tryDecode(b, ImageFormat.detect(b), 33 * 17 - 1));
            assertEquals(ErrorCode.TOO_LARGE, e.code());
            assertArrayEquals(ImageIoReading.decode(b, ImageFormat.detect(b), Long.MAX_VALUE).plane(0),
                    FastDecoders.tryDecode(b, ImageFormat.detect(b), 33 * 17).plane(0));
        }
    }
}
