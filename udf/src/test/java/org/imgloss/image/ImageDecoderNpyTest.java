package org.imgloss.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.imgloss.errors.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** NumPy .npy decoding: dtypes, byte orders, H×W and H×W×C, C and Fortran order, header versions. */
class ImageDecoderNpyTest {

    static double[] values(String dtype, int n, long seed) {
        Random rnd = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (dtype) {
                case "u1" -> rnd.nextInt(256);
                case "u2" -> rnd.nextInt(65536);
                case "f4" -> (double) (float) (rnd.nextGaussian() * 100);
                default -> rnd.nextGaussian() * 1e-3;
            };
        }
        return v;
    }

    static double scale(String dtype) {
        return switch (dtype) {
            case "u1" -> 255.0;
            case "u2" -> 65535.0;
            default -> 1.0;
        };
    }

    @ParameterizedTest(name = "{0}{1} shape={2}x{3}x{4} fortran={5} v2={6}")
    @CsvSource({
        "<, u1, 7, 5, 0, false, false",
        "|, u1, 7, 5, 3, false, false",
        "<, u2, 7, 5, 0, false, false",
        ">, u2, 7, 5, 3, false, true",
        "<, f4, 13, 11, 0, false, false",
        ">, f4, 13, 11, 0, false, false",
        "<, f8, 3, 17, 2, false, false",
        ">, f8, 1, 9, 0, false, false",
        "<, f4, 13, 11, 3, true, false",
        "<, u2, 6, 4, 0, true, false",
        "<, f4, 5, 4, 1, false, false",
    })
    void decodesExactly(String order, String dtype, int h, int w, int c, boolean fortran, boolean v2)
            throws Exception {
        int ch = c == 0 ? 1 : c;
        double[] v = values(dtype, h * w * ch, h * 31L + w * 7L + ch);
        ByteOrder bo = order.equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        // v holds element (y, x, k) at C-order index; reorder for Fortran files
        double[] stored = v;
        if (fortran) {
            stored = new double[v.length];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int k = 0; k < ch; k++) {
                        stored[y + h * (x + w * k)] = v[(y * w + x) * ch + k];
                    }
                }
            }
        }
        int[] shape = c == 0 ? new int[] {h, w} : new int[] {h, w, c};
        byte[] npy = TestEncoders.npy(order + dtype, fortran, shape, TestEncoders.npyData(dtype, bo, stored), v2);
        Image img = ImageDecoder.decode(npy, DecodeOptions.DEFAULT);
        assertEquals(ch, img.channels());
        assertEquals(w, img.width());
        assertEquals(h, img.height());
        assertEquals(8 * Integer.parseInt(dtype.substring(1)), img.bitDepth());
        assertEquals(dtype.startsWith("f") ? Image.SampleFormat.FLOAT : Image.SampleFormat.UNSIGNED_INT,
                img.sampleFormat());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < ch; k++) {
                    assertEquals(v[(y * w + x) * ch + k] / scale(dtype), img.get(k, y, x), 0.0,
                            "k=" + k + " y=" + y + " x=" + x);
                }
            }
        }
    }

    @Test
    void sixteenBitValueIsExact() throws Exception {
        byte[] npy = TestEncoders.npy("<u2", false, new int[] {1, 2},
                TestEncoders.npyData("u2", ByteOrder.LITTLE_ENDIAN, new double[] {12345, 65535}), false);
        Image img = ImageDecoder.decode(npy);
        assertEquals(12345 / 65535.0, img.get(0, 0, 0), 0.0);
        assertEquals(1.0, img.get(0, 0, 1), 0.0);
    }

    @Test
    void unsupportedDtypesAndShapes() {
        byte[] i2 = TestEncoders.npy("<i2", false, new int[] {2, 2}, new byte[8], false);
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, code(i2));
        byte[] oneD = TestEncoders.npy("<f4", false, new int[] {4}, new byte[16], false);
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, code(oneD));
        byte[] fourD = TestEncoders.npy("<f4", false, new int[] {1, 2, 2, 1}, new byte[16], false);
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, code(fourD));
        byte[] zero = TestEncoders.npy("<f4", false, new int[] {0, 3}, new byte[0], false);
        assertEquals(ErrorCode.UNDECODABLE, code(zero));
    }

    @Test
    void truncatedDataIsUndecodable() {
        byte[] full = TestEncoders.npy("<f4", false, new int[] {4, 4}, new byte[64], false);
        assertEquals(ErrorCode.UNDECODABLE, code(Arrays.copyOf(full, full.length - 1)));
        assertEquals(ErrorCode.UNDECODABLE, code(Arrays.copyOf(full, 20)));
        assertEquals(ErrorCode.UNDECODABLE, code(Arrays.copyOf(full, 8)));
    }

    @Test
    void hugeShapeIsRejectedFromTheHeader() {
        // 100000 x 100000 float64 announced in a file of ~100 bytes: max_pixels rejects it first
        byte[] bomb = TestEncoders.npy("<f8", false, new int[] {100_000, 100_000}, new byte[16], false);
        assertEquals(ErrorCode.TOO_LARGE, code(bomb));
        // within max_pixels but the data is missing: undecodable, and nothing huge is allocated
        DecodeException e = assertThrows(DecodeException.class, () -> ImageDecoder.decode(bomb,
                DecodeOptions.DEFAULT.withMaxPixels(Long.MAX_VALUE)));
        assertEquals(ErrorCode.TOO_LARGE, e.code(), e.getMessage());
        byte[] small = TestEncoders.npy("<f8", false, new int[] {3000, 3000}, new byte[16], false);
        assertEquals(ErrorCode.UNDECODABLE, code(small));
        assertEquals(ErrorCode.TOO_LARGE, code(small, 1000));
    }

    static ErrorCode code(byte[] b) {
        return code(b, DecodeOptions.DEFAULT_MAX_PIXELS);
    }

    static ErrorCode code(byte[] b, long maxPixels) {
        DecodeException e = assertThrows(DecodeException.class,
                () -> ImageDecoder.decode(b, DecodeOptions.DEFAULT.withMaxPixels(maxPixels)));
        return e.code();
    }
}
