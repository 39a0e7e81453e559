package org.imgloss.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;
import java.util.Random;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.TestEncoders.TiffSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TIFF decoding: 8/16-bit integers and 32/64-bit floats, strips and tiles, both byte orders, BigTIFF. */
class ImageDecoderTiffTest {

    static double[] values(int n, TiffSample s, long seed) {
        Random rnd = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (s) {
                case U8 -> rnd.nextInt(256);
                case U16 -> rnd.nextInt(65536);
                case F32 -> (double) (float) (rnd.nextGaussian() * 30);
                case F64 -> rnd.nextGaussian() * 1e5;
                default -> throw new IllegalArgumentException(s.name());
            };
        }
        if (s == TiffSample.U8 || s == TiffSample.U16) {
            v[0] = 0;
            v[n - 1] = s == TiffSample.U8 ? 255 : 65535;
        }
        return v;
    }

    static double scale(TiffSample s) {
        return switch (s) {
            case U8 -> 255.0;
            case U16 -> 65535.0;
            default -> 1.0;
        };
    }

    @ParameterizedTest(name = "{0} spp={1} {2}x{3} {4} bigTiff={5} tile={6} rowsPerStrip={7}")
    @CsvSource({
        // strips
        "F32, 1, 37, 23, LE, false, 0, 5",
        "F32, 1, 37, 23, BE, false, 0, 23",
        "F64, 1, 13, 11, LE, false, 0, 4",
        "U8, 1, 17, 9, LE, false, 0, 2",
        "U16, 1, 17, 9, BE, false, 0, 3",
        "U8, 3, 17, 9, LE, false, 0, 4",
        "U16, 3, 17, 9, LE, false, 0, 9",
        "U16, 2, 5, 4, LE, false, 0, 1",
        "U8, 4, 5, 4, BE, false, 0, 2",
        "F32, 3, 7, 5, LE, false, 0, 5",
        // tiles (partial edge tiles included)
        "F32, 1, 37, 23, LE, false, 16, 0",
        "U16, 1, 33, 17, BE, false, 16, 0",
        "U8, 3, 20, 40, LE, false, 32, 0",
        "U16, 3, 16, 16, LE, false, 16, 0",
        // BigTIFF
        "F32, 1, 37, 23, LE, true, 0, 6",
        "U16, 1, 19, 7, BE, true, 0, 7",
        "U8, 3, 21, 18, LE, true, 16, 0",
        "F32, 1, 40, 33, BE, true, 16, 0",
    })
    void decodesExactly(TiffSample s, int spp, int w, int h, String order, boolean big, int tile, int rps)
            throws Exception {
        double[] v = values(w * h * spp, s, w * 1000L + h * 10L + spp);
        ByteOrder bo = order.equals("LE") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        byte[] tif = TestEncoders.tiff(w, h, spp, s, v, bo, big, tile, rps);
        Image img = ImageDecoder.decode(tif, DecodeOptions.DEFAULT);
        int colour = spp == 2 ? 1 : spp == 4 ? 3 : spp;
        assertEquals(colour, img.channels(), "alpha must be dropped");
        assertEquals(w, img.width());
        assertEquals(h, img.height());
        assertEquals(s.bits, img.bitDepth());
        assertEquals(s == TiffSample.F32 || s == TiffSample.F64 ? Image.SampleFormat.FLOAT
                : Image.SampleFormat.UNSIGNED_INT, img.sampleFormat());
        double scale = scale(s);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < colour; c++) {
                    double expected = v[(y * w + x) * spp + c] / scale;
                    assertEquals(expected, img.get(c, y, x), 0.0, "c=" + c + " y=" + y + " x=" + x);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} spp={1} tile={2}")
    @CsvSource({"U8, 3, 0", "U16, 1, 16", "F32, 1, 0", "F32, 1, 16", "U16, 4, 0"})
    void deflateCompressedDecodesExactly(TiffSample s, int spp, int tile) throws Exception {
        int w = 45;
        int h = 27;
        double[] v = values(w * h * spp, s, 77);
        byte[] tif = TestEncoders.tiff(w, h, spp, s, v, ByteOrder.LITTLE_ENDIAN, false, tile, 8, true);
        Image img = ImageDecoder.decode(tif);
        int colour = spp == 4 ? 3 : spp;
        assertEquals(colour, img.channels());
        for (int i = 0; i < w * h; i++) {
            for (int c = 0; c < colour; c++) {
                assertEquals(v[i * spp + c] / scale(s), img.plane(c)[i], 0.0, "pixel " + i + " c " + c);
            }
        }
    }

    @Test
    void signedAnd32BitIntegersAreUnsupported() {
        for (TiffSample s : new TiffSample[] {TiffSample.I16, TiffSample.U32}) {
            byte[] tif = TestEncoders.tiff(4, 3, 1, s, new double[12], ByteOrder.LITTLE_ENDIAN, false, 0, 3);
            DecodeException e = assertThrows(DecodeException.class, () -> ImageDecoder.decode(tif), s.name());
            assertEquals(ErrorCode.UNSUPPORTED_FORMAT, e.code(), s + ": " + e.getMessage());
        }
    }

    @Test
    void sixteenBitValueIsExact() throws Exception {
        byte[] tif = TestEncoders.tiff(2, 1, 1, TiffSample.U16, new double[] {12345, 1}, ByteOrder.BIG_ENDIAN,
                false, 0, 1);
        Image img = ImageDecoder.decode(tif);
        assertEquals(12345 / 65535.0, img.get(0, 0, 0), 0.0);
        assertEquals(1 / 65535.0, img.get(0, 0, 1), 0.0);
    }

    @Test
    void float32KeepsStoredValuesIncludingSpecials() throws Exception {
        double[] v = {0.1f, -3.5f, Float.MIN_VALUE, 1e30f, Double.NaN, Double.POSITIVE_INFINITY};
        Image img = ImageDecoder.decode(TestEncoders.tiff(3, 2, 1, TiffSample.F32, v, ByteOrder.LITTLE_ENDIAN,
                false, 0, 2));
        for (int i = 0; i < v.length; i++) {
            assertEquals(v[i], img.plane(0)[i], 0.0, "sample " + i);
        }
    }

    @Test
    void truncatedStripIsUndecodable() {
        double[] v = values(32 * 32, TiffSample.F32, 5);
        byte[] tif = TestEncoders.tiff(32, 32, 1, TiffSample.F32, v, ByteOrder.LITTLE_ENDIAN, false, 0, 32);
        // the IFD sits after the data: keep the header and the IFD pointer but cut the file short
        byte[] cut = java.util.Arrays.copyOf(tif, 200);
        DecodeException e = assertThrows(DecodeException.class, () -> ImageDecoder.decode(cut));
        assertEquals(ErrorCode.UNDECODABLE, e.code());
    }
}
