package org.imgloss.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.imgloss.errors.ErrorCode;
import org.junit.jupiter.api.Test;

/** Bad bytes become a {@link DecodeException} with a stable code, never another exception. */
class ImageDecoderErrorsTest {

    static ErrorCode code(byte[] b, DecodeOptions o) {
        DecodeException e = assertThrows(DecodeException.class, () -> ImageDecoder.decode(b, o));
        assertNotNull(e.getMessage());
        return e.code();
    }

    static ErrorCode code(byte[] b) {
        return code(b, DecodeOptions.DEFAULT);
    }

    /** A PNG whose IHDR claims {@code width × height} 8-bit gray pixels but carries one tiny row of data. */
    static byte[] lyingPng(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        out.writeBytes(TestEncoders.chunk("IHDR", TestEncoders.ihdr(width, height, 8, TestEncoders.PNG_GRAY)));
        out.writeBytes(TestEncoders.chunk("IDAT", TestEncoders.deflate(new byte[64])));
        out.writeBytes(TestEncoders.chunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    static byte[] encode(BufferedImage img, String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, format, out), "no ImageIO writer for " + format);
        return out.toByteArray();
    }

    static BufferedImage gradient(int w, int h, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((x * 7) & 0xFF) << 16 | ((y * 5) & 0xFF) << 8 | ((x * y) & 0xFF));
            }
        }
        return img;
    }

    @Test
    void emptyInput() {
        assertEquals(ErrorCode.EMPTY_INPUT, code(new byte[0]));
        assertEquals(ErrorCode.EMPTY_INPUT, code(null));
    }

    @Test
    void unknownMagicIsUnsupported() {
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, code("hello world".getBytes()));
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, code(new byte[] {0x47, 0x49, 0x46, 0x38, 0x39, 0x61})); // GIF
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, code(new byte[] {(byte) 0x89, 'P', 'N'})); // too short
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, code(new byte[] {0}));
    }

    @Test
    void pngBombIsRejectedFromItsHeader() {
        // 50000 x 50000 = 2.5e9 pixels claimed by a file of ~70 bytes (valid CRCs)
        byte[] bomb = lyingPng(50_000, 50_000);
        assertTrue(bomb.length < 100);
        DecodeException e = assertThrows(DecodeException.class, () -> ImageDecoder.decode(bomb));
        assertEquals(ErrorCode.TOO_LARGE, e.code());
        assertTrue(e.getMessage().contains("50000x50000"), e.getMessage());
        // a low max_pixels rejects a modest claim too, and the limit is inclusive
        byte[] png = lyingPng(100, 100);
        assertEquals(ErrorCode.TOO_LARGE, code(png, DecodeOptions.DEFAULT.withMaxPixels(9_999)));
        assertEquals(ErrorCode.UNDECODABLE, code(png, DecodeOptions.DEFAULT.withMaxPixels(10_000)));
    }

    @Test
    void oversizedRealImagesAreRejectedForEveryFormat() throws Exception {
        BufferedImage img = gradient(40, 30, BufferedImage.TYPE_3BYTE_BGR);
        DecodeOptions tight = DecodeOptions.DEFAULT.withMaxPixels(40 * 30 - 1);
        DecodeOptions exact = DecodeOptions.DEFAULT.withMaxPixels(40 * 30);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("png", encode(img, "png"));
        files.put("jpeg", encode(img, "jpeg"));
        files.put("bmp", encode(img, "bmp"));
        files.put("tiff", TestEncoders.tiff(40, 30, 1, TestEncoders.TiffSample.F32, new double[1200],
                ByteOrder.LITTLE_ENDIAN, false, 0, 30));
        files.put("bigtiff", TestEncoders.tiff(40, 30, 1, TestEncoders.TiffSample.U16, new double[1200],
                ByteOrder.BIG_ENDIAN, true, 16, 0));
        files.put("npy", TestEncoders.npy("<f4", false, new int[] {30, 40}, new byte[4800], false));
        for (var f : files.entrySet()) {
            assertEquals(ErrorCode.TOO_LARGE, code(f.getValue(), tight), f.getKey());
            Image ok = ImageDecoder.decode(f.getValue(), exact);
            assertEquals(40, ok.width(), f.getKey());
            assertEquals(30, ok.height(), f.getKey());
        }
    }

    @Test
    void truncatedFilesAreUndecodable() throws Exception {
        BufferedImage img = gradient(64, 48, BufferedImage.TYPE_3BYTE_BGR);
        byte[] png = encode(img, "png");
        byte[] jpeg = encode(img, "jpeg");
        byte[] bmp = encode(img, "bmp");
        assertEquals(ErrorCode.UNDECODABLE, code(Arrays.copyOf(png, png.length / 2)), "png");
        assertEquals(ErrorCode.UNDECODABLE, code(Arrays.copyOf(png, 20)), "png header");
        assertEquals(ErrorCode.UNDECODABLE, code(Arrays.copyOf(jpeg, jpeg.length / 2)), "jpeg");
        assertEquals(ErrorCode.UNDECODABLE, code(Arrays.copyOf(jpeg, 4)), "jpeg header");
        assertEquals(ErrorCode.UNDECODABLE, code(Arrays.copyOf(bmp, bmp.length / 2)), "bmp");
        assertEquals(ErrorCode.UNDECODABLE, code(Arrays.copyOf(bmp, 10)), "bmp header");
        byte[] tif = TestEncoders.tiff(64, 48, 3, TestEncoders.TiffSample.U8, new double[64 * 48 * 3],
                ByteOrder.LITTLE_ENDIAN, false, 16, 0);
        assertEquals(ErrorCode.UNDECODABLE, code(Arrays.copyOf(tif, 6)), "tiff header");
    }

    @Test
    void garbageAfterMagicIsUndecodable() {
        Random rnd = new Random(7);
        byte[][] magics = {
            {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A},
            {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF},
            {'B', 'M'},
            {'I', 'I', 0x2A, 0},
            {'M', 'M', 0, 0x2B},
            {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'},
        };
        for (byte[] magic : magics) {
            byte[] b = new byte[300];
            rnd.nextBytes(b);
            System.arraycopy(magic, 0, b, 0, magic.length);
            ErrorCode c = code(b, DecodeOptions.DEFAULT.withMaxPixels(1_000_000));
            assertTrue(c.equals(ErrorCode.UNDECODABLE) || c.equals(ErrorCode.TOO_LARGE)
                    || c.equals(ErrorCode.UNSUPPORTED_FORMAT), c + " for magic " + Arrays.toString(magic));
        }
    }

    /**
     * Random corruption (flipped bytes, truncation) of valid files of every format: decode returns an
     * image or throws DecodeException, never anything else.
     */
    @Test
    void corruptedFilesNeverThrowAnythingElse() throws Exception {
        BufferedImage rgb = gradient(37, 29, BufferedImage.TYPE_3BYTE_BGR);
        byte[][] seeds = {
            encode(rgb, "png"),
            encode(rgb, "jpeg"),
            encode(rgb, "bmp"),
            TestEncoders.png(13, 11, 16, TestEncoders.PNG_RGBA, new int[13 * 11 * 4], null),
            TestEncoders.tiff(37, 29, 1, TestEncoders.TiffSample.F32, new double[37 * 29], ByteOrder.LITTLE_ENDIAN,
                    false, 16, 0),
            TestEncoders.tiff(37, 29, 3, TestEncoders.TiffSample.U16, new double[37 * 29 * 3], ByteOrder.BIG_ENDIAN,
                    true, 0, 7),
            TestEncoders.npy("<f4", false, new int[] {29, 37}, new byte[29 * 37 * 4], false),
        };
        DecodeOptions opts = DecodeOptions.DEFAULT.withMaxPixels(200_000);
        Random rnd = new Random(2024);
        int images = 0;
        int errors = 0;
        for (byte[] seed : seeds) {
            for (int trial = 0; trial < 60; trial++) {
                byte[] b = trial % 3 == 0 ? Arrays.copyOf(seed, 1 + rnd.nextInt(seed.length)) : seed.clone();
                int flips = 1 + rnd.nextInt(4);
                for (int k = 0; k < flips && trial % 3 != 0; k++) {
                    b[8 + rnd.nextInt(Math.min(b.length - 8, 400))] = (byte) rnd.nextInt(256);
                }
                try {
                    Image img = ImageDecoder.decode(b, opts);
                    assertNotNull(img);
                    images++;
                } catch (DecodeException e) {
                    assertNotNull(e.code());
                    errors++;
                } catch (Throwable t) {
                    fail("format " + ImageFormat.detect(seed) + " trial " + trial + ": " + t, t);
                }
            }
        }
        assertEquals(seeds.length * 60, images + errors);
        assertTrue(errors > 0);
    }
}
