package org.imgloss.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.TreeMap;
import org.imgloss.errors.ErrorCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Header bombs: small files whose header claims a huge image (or a huge strip, tile or palette). Each
 * is rejected from its header ({@code TOO_LARGE}, or {@code UNDECODABLE} for a header that lies about
 * where its data is), by every decoding path (the direct PNG and TIFF readers, the ImageIO path,
 * {@code .npy}, the header probe), and the bytes the decoding thread allocates while doing so
 * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}) stay far below what the header
 * claims: under {@value #ALLOCATION_LIMIT} bytes, against claims of gigabytes.
 */
class HeaderBombTest {

    /** Most bytes one rejected bomb may cost: readers, streams and messages, never a pixel buffer. */
    static final long ALLOCATION_LIMIT = 4L << 20;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @FunctionalInterface
    interface Decoding {
        Object run() throws DecodeException;
    }

    @BeforeAll
    static void warmUp() throws Exception {
        // class loading and the ImageIO plugin scan happen once per JVM: not part of what a bomb costs
        BufferedImage img = ImageDecoderErrorsTest.gradient(8, 8, BufferedImage.TYPE_3BYTE_BGR);
        for (String f : new String[] {"png", "jpeg", "bmp", "tiff"}) {
            byte[] b = ImageDecoderErrorsTest.encode(img, f);
            ImageDecoder.decode(b);
            ImageProbe.probe(b);
            ImageIoReading.decode(b, ImageFormat.detect(b), 1_000);
        }
        ImageDecoder.decode(TestEncoders.npy("<u2", false, new int[] {2, 2, 3}, new byte[24], false));
        assertTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
    }

    /** Runs {@code decoding}, which must fail with {@code code}, and checks what it allocated. */
    static DecodeException rejected(ErrorCode code, String claim, Decoding decoding) {
        long tid = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(tid);
        DecodeException e = assertThrows(DecodeException.class, decoding::run, claim);
        long allocated = THREADS.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < ALLOCATION_LIMIT, claim + ": allocated " + allocated + " bytes to reject it ("
                + e.getMessage() + ")");
        assertEquals(code, e.code(), claim + ": " + e.getMessage());
        return e;
    }

    /** Every path of a format: the decoder, and the ImageIO path on its own (the fallback of the direct readers). */
    static void rejectedEverywhere(String claim, byte[] bomb, String message) {
        ImageFormat format = ImageFormat.detect(bomb);
        DecodeException e = rejected(ErrorCode.TOO_LARGE, claim, () -> ImageDecoder.decode(bomb));
        assertTrue(e.getMessage().contains(message), claim + ": " + e.getMessage());
        if (format != ImageFormat.NPY) {
            DecodeException io = rejected(ErrorCode.TOO_LARGE, claim + " (ImageIO)",
                    () -> ImageIoReading.decode(bomb, format, DecodeOptions.DEFAULT_MAX_PIXELS));
            assertTrue(io.getMessage().contains(message), claim + " (ImageIO): " + io.getMessage());
        }
        // the probe reads the same header: it says the size (the job rejects from it) without allocating
        long tid = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(tid);
        try {
            ImageHeader h = ImageProbe.probe(bomb);
            assertTrue(h.pixels() > DecodeOptions.DEFAULT_MAX_PIXELS, claim + ": probe says " + h);
        } catch (DecodeException probeFailure) {
            assertTrue(probeFailure.code() != ErrorCode.UNSUPPORTED_FORMAT, claim + ": " + probeFailure.getMessage());
        }
        long allocated = THREADS.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < ALLOCATION_LIMIT, claim + ": the probe allocated " + allocated + " bytes");
    }

    @Test
    void pngClaimingTenBillionPixels() {
        // 100000 x 100000 RGB 16-bit: 10^10 pixels, 240 GB as double planes, in a file of ~70 bytes
        byte[] bomb = png(TestEncoders.ihdr(100_000, 100_000, 16, TestEncoders.PNG_RGB));
        assertTrue(bomb.length < 100);
        rejectedEverywhere("png 100000x100000", bomb, "100000x100000");
        // a layout the direct reader leaves to ImageIO (RGBA with tRNS) is rejected from its header too
        byte[] rgbaTrns = png(TestEncoders.ihdr(100_000, 100_000, 8, TestEncoders.PNG_RGBA),
                TestEncoders.chunk("tRNS", new byte[6]));
        rejectedEverywhere("png RGBA+tRNS 100000x100000", rgbaTrns, "100000x100000");
    }

    @Test
    void jpegClaimingFourBillionPixels() throws Exception {
        byte[] bomb = ImageDecoderErrorsTest.encode(
                ImageDecoderErrorsTest.gradient(16, 16, BufferedImage.TYPE_3BYTE_BGR), "jpeg");
        int sof = find(bomb, (byte) 0xFF, (byte) 0xC0);
        // SOF0: FF C0, length (2), precision (1), height (2), width (2)
        ByteBuffer.wrap(bomb).order(ByteOrder.BIG_ENDIAN).putShort(sof + 5, (short) 65_000).putShort(sof + 7, (short) 65_000);
        rejectedEverywhere("jpeg 65000x65000", bomb, "65000x65000");
    }

    @Test
    void bmpClaimingTenBillionPixels() throws Exception {
        byte[] bomb = ImageDecoderErrorsTest.encode(
                ImageDecoderErrorsTest.gradient(4, 4, BufferedImage.TYPE_3BYTE_BGR), "bmp");
        ByteBuffer.wrap(bomb).order(ByteOrder.LITTLE_ENDIAN).putInt(18, 100_000).putInt(22, 100_000);
        rejectedEverywhere("bmp 100000x100000", bomb, "100000x100000");
        // bottom-up and top-down (negative height) alike
        ByteBuffer.wrap(bomb).order(ByteOrder.LITTLE_ENDIAN).putInt(22, -100_000);
        rejectedEverywhere("bmp 100000x-100000", bomb, "100000x100000");
    }

    @Test
    void bmpWhosePaletteRunsPastTheFile() throws Exception {
        // a 4x4 8-bit BMP whose pixel data offset claims ~2 GB of palette before the pixels
        BufferedImage gray = ImageDecoderErrorsTest.gradient(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        byte[] bomb = ImageDecoderErrorsTest.encode(gray, "bmp");
        ByteBuffer.wrap(bomb).order(ByteOrder.LITTLE_ENDIAN).putInt(10, 0x7FFF_0000);
        rejected(ErrorCode.UNDECODABLE, "bmp palette of 2 GB", () -> ImageDecoder.decode(bomb));
        rejected(ErrorCode.UNDECODABLE, "bmp palette of 2 GB (ImageIO)",
                () -> ImageIoReading.decode(bomb, ImageFormat.BMP, DecodeOptions.DEFAULT_MAX_PIXELS));
    }

    @Test
    void tiffAndBigTiffClaimingHugeSizes() {
        for (boolean big : new boolean[] {false, true}) {
            String kind = big ? "bigtiff" : "tiff";
            rejectedEverywhere(kind + " 200000x200000", tiff(big, 200_000, 200_000, 0, 8), "200000x200000");
            // a layout the direct reader leaves to ImageIO (JPEG compression) is rejected from its header too
            rejectedEverywhere(kind + " 200000x200000 jpeg-compressed", tiff(big, 200_000, 200_000, 0, 7),
                    "200000x200000");
        }
        // BigTIFF sizes beyond 32 bits
        byte[] huge = tiff(true, 5_000_000_000L, 5_000_000_000L, 0, 8);
        DecodeException e = rejected(ErrorCode.TOO_LARGE, "bigtiff 5e9x5e9", () -> ImageDecoder.decode(huge));
        assertTrue(e.getMessage().contains("5000000000"), e.getMessage());
    }

    @Test
    void tiffWithHugeTilesAroundATinyImage() {
        // a 16x16 image in one deflate tile claimed to be 16384x16384 (268 MB of 8-bit samples)
        for (boolean big : new boolean[] {false, true}) {
            byte[] bomb = tiff(big, 16, 16, 16_384, 8);
            DecodeException e = rejected(ErrorCode.TOO_LARGE, "tile 16384x16384",
                    () -> ImageDecoder.decode(bomb, DecodeOptions.DEFAULT.withMaxPixels(1_000_000)));
            assertTrue(e.getMessage().contains("16384x16384"), e.getMessage());
            rejected(ErrorCode.TOO_LARGE, "tile 16384x16384 (ImageIO)",
                    () -> ImageIoReading.decode(bomb, ImageFormat.TIFF, 1_000_000));
        }
    }

    @Test
    void npyClaimingTenBillionPixels() {
        byte[] bomb = TestEncoders.npy("<u2", false, new int[] {100_000, 100_000, 3}, new byte[64], false);
        rejectedEverywhere("npy 100000x100000x3", bomb, "100000x100000");
        byte[] v2 = TestEncoders.npy("<f8", true, new int[] {100_000, 100_000}, new byte[64], true);
        rejectedEverywhere("npy 2.0 100000x100000 fortran", v2, "100000x100000");
    }

    // ------------------------------------------------------------------ crafted files

    private static byte[] png(byte[] ihdr, byte[]... extra) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        out.writeBytes(TestEncoders.chunk("IHDR", ihdr));
        for (byte[] c : extra) {
            out.writeBytes(c);
        }
        out.writeBytes(TestEncoders.chunk("IDAT", TestEncoders.deflate(new byte[64])));
        out.writeBytes(TestEncoders.chunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    private static int find(byte[] b, byte m0, byte m1) {
        for (int i = 0; i + 1 < b.length; i++) {
            if (b[i] == m0 && b[i + 1] == m1) {
                return i;
            }
        }
        throw new AssertionError("marker not found");
    }

    /**
     * A little-endian TIFF or BigTIFF, 8-bit gray, one strip (or, when {@code tile > 0}, one square tile)
     * of 64 bytes of deflate data, whose tags claim {@code width × height}.
     */
    private static byte[] tiff(boolean big, long width, long height, int tile, int compression) {
        byte[] data = TestEncoders.deflate(new byte[256]);
        int head = big ? 16 : 8;
        TreeMap<Integer, long[]> tags = new TreeMap<>(); // tag -> {type, value}
        int longType = big ? 16 : 4;
        tags.put(256, new long[] {longType, width});
        tags.put(257, new long[] {longType, height});
        tags.put(258, new long[] {3, 8});
        tags.put(259, new long[] {3, compression});
        tags.put(262, new long[] {3, 1});
        tags.put(277, new long[] {3, 1});
        if (tile > 0) {
            tags.put(322, new long[] {4, tile});
            tags.put(323, new long[] {4, tile});
            tags.put(324, new long[] {longType, head});
            tags.put(325, new long[] {longType, data.length});
        } else {
            tags.put(273, new long[] {longType, head});
            tags.put(278, new long[] {4, height > Integer.MAX_VALUE ? 0xFFFF_FFFFL : height});
            tags.put(279, new long[] {longType, data.length});
        }
        int entry = big ? 20 : 12;
        int ifd = head + data.length + (data.length % 2);
        ByteBuffer b = ByteBuffer.allocate(ifd + (big ? 8 : 2) + tags.size() * entry + (big ? 8 : 4))
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I');
        if (big) {
            b.putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(ifd);
        } else {
            b.putShort((short) 42).putInt(ifd);
        }
        b.put(data);
        b.position(ifd);
        if (big) {
            b.putLong(tags.size());
        } else {
            b.putShort((short) tags.size());
        }
        for (Map.Entry<Integer, long[]> t : tags.entrySet()) {
            int type = (int) t.getValue()[0];
            long v = t.getValue()[1];
            b.putShort((short) (int) t.getKey()).putShort((short) type);
            if (big) {
                b.putLong(1);
            } else {
                b.putInt(1);
            }
            int at = b.position();
            switch (type) {
                case 3 -> b.putShort((short) v);
                case 4 -> b.putInt((int) v);
                default -> b.putLong(v);
            }
            b.position(at + (big ? 8 : 4));
        }
        return b.array();
    }
}
