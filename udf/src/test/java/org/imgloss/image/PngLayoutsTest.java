package org.imgloss.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Differential tests of {@link PngReader} on the layouts beyond plain 8/16-bit rows: palettes (1/2/4/8
 * bits, gray and colour, short palettes, indices past the palette), 1/2/4-bit gray, {@code tRNS} on
 * every colour type that may carry it, and Adam7 interlacing for every colour type and bit depth at
 * sizes whose passes are partly empty (1×1, 2×1, 1×5, ...). Files come from the JDK's own PNG writer
 * and from {@link TestEncoders#pngFull}; the direct reader must decode them (not decline) with planes
 * bit-identical to the ImageIO path. Damaged files must get the ImageIO path's verdict.
 */
class PngLayoutsTest {

    private static final int[][] SIZES = {{1, 1}, {2, 1}, {1, 5}, {1, 9}, {9, 1}, {7, 5}, {13, 11}, {33, 17}};

    /**
     * Decodes through the direct reader and ImageIO and requires identical images; returns whether the
     * direct reader decoded (false: declined). When ImageIO fails the direct path must not decode.
     */
    private static boolean same(byte[] bytes, String what) throws DecodeException {
        Image fast = FastDecoders.tryDecode(bytes, ImageFormat.PNG, Long.MAX_VALUE);
        Image io;
        try {
            io = ImageIoReading.decode(bytes, ImageFormat.PNG, Long.MAX_VALUE);
        } catch (DecodeException e) {
            assertNull(fast, what + ": ImageIO fails (" + e.getMessage() + ") but the direct reader decodes");
            return false;
        }
        if (fast == null) {
            return false;
        }
        assertEquals(io.width(), fast.width(), what);
        assertEquals(io.height(), fast.height(), what);
        assertEquals(io.channels(), fast.channels(), what);
        assertEquals(io.bitDepth(), fast.bitDepth(), what);
        assertEquals(io.sampleFormat(), fast.sampleFormat(), what);
        for (int c = 0; c < io.channels(); c++) {
            double[] a = io.plane(c);
            double[] b = fast.plane(c);
            for (int i = 0; i < a.length; i++) {
                if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
                    fail(what + ": channel " + c + " sample " + i + ": ImageIO " + a[i] + ", direct " + b[i]);
                }
            }
        }
        return true;
    }

    private static void decodesIdentically(byte[] bytes, String what) throws DecodeException {
        assertTrue(same(bytes, what), what + ": declined or ImageIO failed");
    }

    private static int[] randomSamples(Random r, int n, int max) {
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = r.nextInt(3) == 0 ? r.nextInt(max + 1) : (i * 37) % (max + 1);
        }
        return s;
    }

    private static int[] randomPalette(Random r, int entries, boolean gray) {
        int[] pal = new int[3 * entries];
        for (int i = 0; i < entries; i++) {
            int g = r.nextInt(256);
            pal[3 * i] = g;
            pal[3 * i + 1] = gray ? g : r.nextInt(256);
            pal[3 * i + 2] = gray ? g : r.nextInt(256);
        }
        return pal;
    }

    // ------------------------------------------------------------------ files from the JDK writer

    private static byte[] writeWithImageIo(BufferedImage img, boolean interlace) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bos)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            // the JDK PNG writer writes Adam7 in progressive mode, non-interlaced when it is off
            p.setProgressiveMode(interlace ? ImageWriteParam.MODE_DEFAULT : ImageWriteParam.MODE_DISABLED);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
        return bos.toByteArray();
    }

    private static int interlaceByte(byte[] png) {
        return png[8 + 8 + 12] & 0xFF;
    }

    private static int colorTypeByte(byte[] png) {
        return png[8 + 8 + 9] & 0xFF;
    }

    private static boolean hasChunk(byte[] png, String type) {
        int at = 8;
        while (at + 8 <= png.length) {
            if (new String(png, at + 4, 4, StandardCharsets.US_ASCII).equals(type)) {
                return true;
            }
            at += 12 + ByteBuffer.wrap(png, at, 4).getInt();
        }
        return false;
    }

    @Test
    void jdkWrittenPalettesDecodeIdentically() throws Exception {
        Random r = new Random(11);
        int direct = 0;
        int withTrns = 0;
        for (int bits : new int[] {1, 2, 4, 8}) {
            for (int[] wh : SIZES) {
                int max = 1 << bits;
                for (int entries : new int[] {max, Math.max(2, max / 2 - 1), Math.min(max, 3)}) {
                    for (int kind = 0; kind < 3; kind++) { // colour, gray, colour with alpha (tRNS)
                        int[] pal = randomPalette(r, entries, kind == 1);
                        byte[] rr = new byte[entries];
                        byte[] gg = new byte[entries];
                        byte[] bb = new byte[entries];
                        byte[] aa = new byte[entries];
                        for (int i = 0; i < entries; i++) {
                            rr[i] = (byte) pal[3 * i];
                            gg[i] = (byte) pal[3 * i + 1];
                            bb[i] = (byte) pal[3 * i + 2];
                            aa[i] = (byte) (i % 3 == 0 ? 0 : i % 3 == 1 ? 128 : 255);
                        }
                        IndexColorModel icm = kind == 2 ? new IndexColorModel(bits, entries, rr, gg, bb, aa)
                                : new IndexColorModel(bits, entries, rr, gg, bb);
                        BufferedImage img = new BufferedImage(wh[0], wh[1],
                                bits == 8 ? BufferedImage.TYPE_BYTE_INDEXED : BufferedImage.TYPE_BYTE_BINARY, icm);
                        WritableRaster ras = img.getRaster();
                        for (int y = 0; y < wh[1]; y++) {
                            for (int x = 0; x < wh[0]; x++) {
                                ras.setSample(x, y, 0, r.nextInt(entries));
                            }
                        }
                        for (boolean interlace : new boolean[] {false, true}) {
                            byte[] png = writeWithImageIo(img, interlace);
                            assertEquals(interlace ? 1 : 0, interlaceByte(png));
                            String what = "jdk palette " + bits + "-bit " + entries + " kind " + kind + " "
                                    + wh[0] + "x" + wh[1] + (interlace ? " adam7" : "");
                            decodesIdentically(png, what);
                            if (hasChunk(png, "tRNS")) {
                                withTrns++;
                            }
                            direct++;
                        }
                    }
                }
            }
        }
        assertEquals(4 * SIZES.length * 3 * 3 * 2, direct);
        assertTrue(withTrns > 50, withTrns + " files with tRNS");
    }

    @Test
    void jdkWrittenGrayAndTrueColourInterlacedDecodeIdentically() throws Exception {
        Random r = new Random(12);
        int direct = 0;
        int[] types = {BufferedImage.TYPE_BYTE_BINARY, BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY,
            BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_RGB};
        for (int type : types) {
            for (int[] wh : SIZES) {
                BufferedImage img = new BufferedImage(wh[0], wh[1], type);
                WritableRaster ras = img.getRaster();
                int bands = ras.getNumBands();
                for (int y = 0; y < wh[1]; y++) {
                    for (int x = 0; x < wh[0]; x++) {
                        for (int c = 0; c < bands; c++) {
                            int size = ras.getSampleModel().getSampleSize(c);
                            ras.setSample(x, y, c, r.nextInt(1 << size));
                        }
                    }
                }
                for (boolean interlace : new boolean[] {false, true}) {
                    byte[] png = writeWithImageIo(img, interlace);
                    decodesIdentically(png, "jdk type " + type + " " + wh[0] + "x" + wh[1] + (interlace ? " adam7" : ""));
                    direct++;
                }
            }
        }
        assertEquals(types.length * SIZES.length * 2, direct);
    }

    // ------------------------------------------------------------------ hand-encoded files

    @Test
    void everyColourTypeAndDepthInterlacedOrNotDecodesIdentically() throws Exception {
        Random r = new Random(13);
        int direct = 0;
        int[][] layouts = {{0, 1}, {0, 2}, {0, 4}, {0, 8}, {0, 16}, {2, 8}, {2, 16}, {4, 8}, {4, 16}, {6, 8}, {6, 16},
            {3, 1}, {3, 2}, {3, 4}, {3, 8}};
        for (int[] layout : layouts) {
            int colorType = layout[0];
            int depth = layout[1];
            for (int[] wh : SIZES) {
                int n = wh[0] * wh[1] * TestEncoders.pngChannels(colorType);
                int max = (1 << depth) - 1;
                int[] pal = colorType == 3 ? randomPalette(r, 1 << depth, false) : null;
                int[] samples = randomSamples(r, n, max);
                for (boolean interlace : new boolean[] {false, true}) {
                    for (int filter = -1; filter <= 4; filter++) {
                        byte[] png = TestEncoders.pngFull(wh[0], wh[1], depth, colorType, samples, pal, null, interlace,
                                filter, filter == -1 ? 7 : 1 << 16);
                        decodesIdentically(png, "ct" + colorType + " d" + depth + " " + wh[0] + "x" + wh[1] + " f" + filter
                                + (interlace ? " adam7" : ""));
                        direct++;
                    }
                }
            }
        }
        assertEquals(layouts.length * SIZES.length * 2 * 6, direct);
    }

    @Test
    void trnsOnGrayRgbAndPaletteDecodesIdentically() throws Exception {
        Random r = new Random(14);
        int direct = 0;
        int[][] layouts = {{0, 1}, {0, 2}, {0, 4}, {0, 8}, {0, 16}, {2, 8}, {2, 16}, {3, 1}, {3, 2}, {3, 4}, {3, 8}};
        for (int[] layout : layouts) {
            int colorType = layout[0];
            int depth = layout[1];
            int max = (1 << depth) - 1;
            for (int[] wh : SIZES) {
                int n = wh[0] * wh[1] * TestEncoders.pngChannels(colorType);
                int[] samples = randomSamples(r, n, max);
                List<byte[]> trnsChunks = new ArrayList<>();
                List<int[]> palettes = new ArrayList<>();
                if (colorType == 3) {
                    // alpha for fewer, as many and more entries than the palette has; gray and colour palettes
                    int entries = 1 << depth;
                    for (int k : new int[] {1, entries, entries + 3}) {
                        byte[] t = new byte[k];
                        for (int i = 0; i < k; i++) {
                            t[i] = (byte) r.nextInt(256);
                        }
                        trnsChunks.add(t);
                        palettes.add(randomPalette(r, entries, false));
                        trnsChunks.add(t);
                        palettes.add(randomPalette(r, entries, true));
                    }
                } else {
                    // the transparent colour: one that occurs, one that does not, one outside the depth's range
                    int spp = colorType == 0 ? 1 : 3;
                    for (int variant = 0; variant < 3; variant++) {
                        ByteBuffer t = ByteBuffer.allocate(2 * spp);
                        for (int c = 0; c < spp; c++) {
                            int v = variant == 0 ? samples[c] : variant == 1 ? (samples[c] + 1) % (max + 1) : 0xFFFF;
                            t.putShort((short) v);
                        }
                        trnsChunks.add(t.array());
                        palettes.add(null);
                    }
                    trnsChunks.add(new byte[spp == 1 ? 3 : 5]); // wrong length: ImageIO ignores it
                    palettes.add(null);
                }
                for (int k = 0; k < trnsChunks.size(); k++) {
                    for (boolean interlace : new boolean[] {false, true}) {
                        byte[] png = TestEncoders.pngFull(wh[0], wh[1], depth, colorType, samples, palettes.get(k),
                                trnsChunks.get(k), interlace, -1, 11);
                        decodesIdentically(png, "tRNS " + k + " ct" + colorType + " d" + depth + " " + wh[0] + "x"
                                + wh[1] + (interlace ? " adam7" : ""));
                        direct++;
                    }
                }
            }
        }
        assertTrue(direct >= 11 * SIZES.length * 8, direct + " files");
    }

    @Test
    void palettesShortOrWithIndicesPastTheirEndMatchImageIo() throws Exception {
        Random r = new Random(15);
        int direct = 0;
        for (int depth : new int[] {1, 2, 4, 8}) {
            int max = 1 << depth;
            for (int entries : new int[] {1, 2, 3, 5, 16, 17, max}) {
                if (entries > max) {
                    continue;
                }
                for (boolean gray : new boolean[] {false, true}) {
                    int[] pal = randomPalette(r, entries, gray);
                    for (int[] wh : new int[][] {{7, 5}, {13, 11}}) {
                        // every index the depth allows, also those past the palette's end
                        int[] idx = randomSamples(r, wh[0] * wh[1], max - 1);
                        for (boolean interlace : new boolean[] {false, true}) {
                            byte[] png = TestEncoders.pngFull(wh[0], wh[1], depth, 3, idx, pal, null, interlace, -1, 64);
                            decodesIdentically(png, "palette d" + depth + " of " + entries + (gray ? " gray" : "")
                                    + " " + wh[0] + "x" + wh[1] + (interlace ? " adam7" : ""));
                            direct++;
                        }
                    }
                }
                // more entries than the depth allows: the extras are ignored
                int[] pal = randomPalette(r, Math.min(256, max + 3), false);
                int[] idx = randomSamples(r, 35, max - 1);
                decodesIdentically(TestEncoders.pngFull(7, 5, depth, 3, idx, pal, null, false, 4, 64),
                        "palette d" + depth + " with " + pal.length / 3 + " entries");
            }
        }
        assertTrue(direct > 150, direct + " files");
    }

    @Test
    void channelCountsAndHandCheckedValues() throws Exception {
        // 2-bit gray with tRNS: the ramp k * 85 / 255, one channel
        int[] g2 = {0, 1, 2, 3, 3, 2};
        for (boolean interlace : new boolean[] {false, true}) {
            Image img = PngReader.read(TestEncoders.pngFull(3, 2, 2, 0, g2, null, new byte[] {0, 1}, interlace, -1, 5),
                    Long.MAX_VALUE);
            assertNotNull(img);
            assertEquals(1, img.channels());
            assertEquals(8, img.bitDepth());
            assertArrayEquals(new double[] {0, 85 / 255.0, 170 / 255.0, 1, 1, 170 / 255.0}, img.plane(0));
        }
        // 4-bit gray: k * 17 / 255
        Image g4 = PngReader.read(TestEncoders.pngFull(2, 1, 4, 0, new int[] {1, 15}, null, null, true, 0, 9),
                Long.MAX_VALUE);
        assertArrayEquals(new double[] {17 / 255.0, 1}, g4.plane(0));
        // 16-bit gray with tRNS keeps 16 bits, one channel; RGB with tRNS three channels
        Image g16 = PngReader.read(TestEncoders.pngFull(1, 2, 16, 0, new int[] {12345, 65535}, null,
                new byte[] {0x30, 0x39}, true, 1, 9), Long.MAX_VALUE);
        assertEquals(16, g16.bitDepth());
        assertArrayEquals(new double[] {12345 / 65535.0, 1}, g16.plane(0));
        Image rgb = PngReader.read(TestEncoders.pngFull(1, 1, 8, 2, new int[] {10, 20, 30}, null,
                new byte[] {0, 10, 0, 20, 0, 30}, false, 0, 9), Long.MAX_VALUE);
        assertEquals(3, rgb.channels());
        assertArrayEquals(new double[] {20 / 255.0}, rgb.plane(1));
        // palette with tRNS: gray entries give one channel, colour entries three; alpha is not applied
        int[] grayPal = {0, 0, 0, 100, 100, 100};
        int[] colourPal = {0, 0, 0, 100, 50, 25};
        byte[] alpha = {0, 0};
        Image pg = PngReader.read(TestEncoders.pngFull(2, 1, 1, 3, new int[] {1, 0}, grayPal, alpha, true, 0, 9),
                Long.MAX_VALUE);
        assertEquals(1, pg.channels());
        assertArrayEquals(new double[] {100 / 255.0, 0}, pg.plane(0));
        Image pc = PngReader.read(TestEncoders.pngFull(2, 1, 1, 3, new int[] {1, 0}, colourPal, alpha, false, 0, 9),
                Long.MAX_VALUE);
        assertEquals(3, pc.channels());
        assertArrayEquals(new double[] {25 / 255.0, 0}, pc.plane(2));
        // a 4-bit palette of 3 entries is padded with black to 4, then with that black to 16: index 9 is black
        Image pad = PngReader.read(TestEncoders.pngFull(2, 1, 4, 3, new int[] {2, 9}, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9},
                null, false, 0, 9), Long.MAX_VALUE);
        assertArrayEquals(new double[] {7 / 255.0, 0}, pad.plane(0));
    }

    @Test
    void adam7PassGeometryOnTinyImages() throws Exception {
        // every pixel distinct, so a pixel from the wrong pass or position shows
        for (int[] wh : new int[][] {{1, 1}, {2, 1}, {1, 2}, {1, 5}, {5, 1}, {3, 3}, {8, 8}, {9, 9}, {4, 6}}) {
            int n = wh[0] * wh[1];
            int[] s = new int[n];
            double[] want = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = (i * 7 + 3) % 256;
                want[i] = s[i] / 255.0;
            }
            for (int filter = -1; filter <= 4; filter++) {
                byte[] png = TestEncoders.pngFull(wh[0], wh[1], 8, 0, s, null, null, true, filter, 3);
                Image img = PngReader.read(png, Long.MAX_VALUE);
                assertNotNull(img);
                assertArrayEquals(want, img.plane(0), wh[0] + "x" + wh[1] + " f" + filter);
                decodesIdentically(png, "adam7 " + wh[0] + "x" + wh[1] + " f" + filter);
            }
        }
    }

    // ------------------------------------------------------------------ declined layouts

    private static byte[] withChunkBefore(byte[] png, String before, String type, byte[] data) {
        int at = 8;
        while (!new String(png, at + 4, 4, StandardCharsets.US_ASCII).equals(before)) {
            at += 12 + ByteBuffer.wrap(png, at, 4).getInt();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, at);
        out.writeBytes(TestEncoders.chunk(type, data));
        out.write(png, at, png.length - at);
        return out.toByteArray();
    }

    private static void sameVerdict(byte[] b, String what) {
        Image io = null;
        String ioCode = null;
        try {
            io = ImageIoReading.decode(b, ImageFormat.PNG, 1L << 20);
        } catch (DecodeException e) {
            ioCode = e.code();
        } catch (RuntimeException e) {
            fail(what + ": ImageIO path threw " + e);
        }
        try {
            Image got = ImageDecoder.decode(b, new DecodeOptions(DecodeOptions.Color.KEEP, DecodeOptions.Domain.LINEAR, DecodeOptions.DEFAULT_EPS, DecodeOptions.Normalize.NONE, 1L << 20));
            assertNull(ioCode, what + ": ImageIO says " + ioCode + ", the decoder decodes");
            assertEquals(io, got, what);
        } catch (DecodeException e) {
            assertEquals(ioCode, e.code(), what + ": " + e.getMessage());
        } catch (RuntimeException e) {
            fail(what + ": decoder threw " + e);
        }
    }

    @Test
    void layoutsLeftToImageIoAreDeclinedAndStillDecode() throws Exception {
        int[] ga = {1, 2, 3, 4, 5, 6};
        byte[] grayAlpha = TestEncoders.pngFull(3, 1, 8, 4, ga, null, null, false, 0, 99);
        byte[] rgba = TestEncoders.pngFull(1, 1, 8, 6, new int[] {1, 2, 3, 4}, null, null, true, 0, 99);
        int[] pal = {0, 0, 0, 255, 0, 0};
        byte[] palette = TestEncoders.pngFull(3, 1, 1, 3, new int[] {0, 1, 1}, pal, null, false, 0, 99);
        byte[] paletteText = withChunkBefore(palette, "IDAT", "tEXt",
                "Software\0imgloss".getBytes(StandardCharsets.ISO_8859_1));
        assertNotNull(PngReader.read(paletteText, Long.MAX_VALUE));
        decodesIdentically(paletteText, "palette with tEXt");
        List<byte[]> declined = List.of(
                withChunkBefore(grayAlpha, "IDAT", "tRNS", new byte[] {0, 1}),
                withChunkBefore(rgba, "IDAT", "tRNS", new byte[] {0, 1, 0, 2, 0, 3}),
                withChunkBefore(palette, "PLTE", "tRNS", new byte[] {0}),
                withChunkBefore(palette, "IDAT", "iCCP", new byte[] {'x', 0, 0, 1, 2}),
                withChunkBefore(palette, "IDAT", "gAMA", new byte[] {0, 0, 1}),
                withChunkBefore(palette, "IDAT", "tEXt", new byte[] {'a', 'b'}),
                withChunkBefore(palette, "IDAT", "PLTE", new byte[] {1, 2, 3}),
                withChunkBefore(palette, "IEND", "PLTE", new byte[] {1, 2, 3}));
        int k = 0;
        for (byte[] b : declined) {
            assertNull(PngReader.read(b, Long.MAX_VALUE), "declined " + k);
            sameVerdict(b, "declined " + k);
            k++;
        }
        // the colour type of a JDK-written TYPE_BYTE_BINARY image is gray, not palette
        BufferedImage bin = new BufferedImage(5, 3, BufferedImage.TYPE_BYTE_BINARY);
        assertEquals(0, colorTypeByte(writeWithImageIo(bin, true)));
    }

    // ------------------------------------------------------------------ damaged files

    @Test
    void damagedFilesGetTheImageIoVerdict() throws Exception {
        Random r = new Random(16);
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(TestEncoders.pngFull(13, 11, 4, 3, randomSamples(r, 143, 15), randomPalette(r, 12, false),
                new byte[] {0, 10, (byte) 200}, true, -1, 40));
        seeds.add(TestEncoders.pngFull(13, 11, 16, 2, randomSamples(r, 143 * 3, 65535), null,
                new byte[] {0, 1, 0, 2, 0, 3}, true, -1, 300));
        seeds.add(TestEncoders.pngFull(33, 17, 2, 0, randomSamples(r, 33 * 17, 3), null, new byte[] {0, 2}, true, -1,
                1 << 16));
        seeds.add(TestEncoders.pngFull(7, 5, 8, 3, randomSamples(r, 35, 255), randomPalette(r, 256, true), null, false,
                -1, 1 << 16));
        int checked = 0;
        for (byte[] seed : seeds) {
            for (int cut = 0; cut < seed.length; cut += Math.max(1, seed.length / 50)) {
                byte[] b = Arrays.copyOf(seed, cut);
                mustNotThrowRuntime(b, "truncated at " + cut);
                if (ImageFormat.detect(b) == ImageFormat.PNG) {
                    sameVerdict(b, "truncated at " + cut);
                    checked++;
                }
            }
            for (int k = 0; k < 250; k++) {
                byte[] b = seed.clone();
                int flips = 1 + r.nextInt(3);
                for (int j = 0; j < flips; j++) {
                    int at = 8 + r.nextInt(b.length - 8);
                    b[at] = (byte) (r.nextBoolean() ? r.nextInt(256) : b[at] ^ (1 << r.nextInt(8)));
                }
                mustNotThrowRuntime(b, "flipped bytes, try " + k);
                sameVerdict(b, "flipped bytes, try " + k);
                checked++;
            }
        }
        assertTrue(checked > 1000, checked + " damaged files");
    }

    private static void mustNotThrowRuntime(byte[] b, String what) {
        try {
            PngReader.read(b, 1L << 20);
        } catch (DecodeException e) {
            assertTrue(e.code().equals(DecodeException.UNDECODABLE) || e.code().equals(DecodeException.TOO_LARGE),
                    what + ": " + e.code());
        } catch (RuntimeException e) {
            fail(what + ": runtime exception " + e);
        }
    }

    @Test
    void tooLargeIsDecidedFromTheHeaderForInterlacedAndPaletteFiles() throws Exception {
        Random r = new Random(17);
        byte[] a = TestEncoders.pngFull(33, 17, 8, 3, randomSamples(r, 33 * 17, 3), randomPalette(r, 4, false),
                new byte[] {0}, true, -1, 99);
        byte[] b = TestEncoders.pngFull(33, 17, 1, 0, randomSamples(r, 33 * 17, 1), null, null, true, -1, 99);
        for (byte[] png : List.of(a, b)) {
            DecodeException e = org.junit.jupiter.api.Assertions.assertThrows(DecodeException.class,
                    () -> PngReader.read(png, 33 * 17 - 1));
            assertEquals(DecodeException.TOO_LARGE, e.code());
            assertNotNull(PngReader.read(png, 33 * 17));
        }
    }
}
