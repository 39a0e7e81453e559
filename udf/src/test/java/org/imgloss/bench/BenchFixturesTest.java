package org.imgloss.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.imgloss.image.DecodeException;
import org.imgloss.image.DecodeOptions;
import org.imgloss.image.Image;
import org.imgloss.image.ImageDecoder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The benchmark inputs are what they claim to be: the synthetic pairs are deterministic and in
 * [0, 1], and the PNG / float TIFF bytes the decode benchmarks time decode back to the same samples
 * (quantised to the file's depth). No timing here: speed is measured by the JMH benchmarks.
 */
class BenchFixturesTest {

    @ParameterizedTest
    @ValueSource(strings = {"37x23x1", "37x23x3", "1x7x1", "64x64x3"})
    void pairsAreDeterministicAndInRange(String shape) {
        BenchImages.Shape s = BenchImages.Shape.parse(shape);
        Image[] a = BenchImages.pair(s);
        Image[] b = BenchImages.pair(s);
        assertEquals(a[0], b[0], shape);
        assertEquals(a[1], b[1], shape);
        assertNotEquals(a[0], a[1], shape + ": the reconstruction must differ from the original");
        for (Image img : a) {
            assertEquals(s.width(), img.width(), shape);
            assertEquals(s.height(), img.height(), shape);
            assertEquals(s.channels(), img.channels(), shape);
            for (int c = 0; c < img.channels(); c++) {
                for (double v : img.plane(c)) {
                    assertTrue(v >= 0 && v <= 1, shape + ": sample " + v + " outside [0, 1]");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"37x23x1", "64x64x3"})
    void twoPairsAreEqualButDistinctObjects(String shape) {
        Image[][] p = BenchImages.twoPairs(BenchImages.Shape.parse(shape));
        for (int i = 0; i < 2; i++) {
            assertEquals(p[0][i], p[1][i], shape);
            assertTrue(p[0][i] != p[1][i], shape + ": the two pairs must be distinct objects");
            assertTrue(p[0][i].plane(0) != p[1][i].plane(0), shape + ": and must not share sample arrays");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"37x23x1", "37x23x3", "1x7x1", "64x64x3"})
    void pngRoundTrips(String shape) throws DecodeException {
        Image img = BenchImages.original(BenchImages.Shape.parse(shape), 7L);
        for (int bits : new int[] {8, 16}) {
            Image back = ImageDecoder.decode(BenchEncoders.png(img, bits), DecodeOptions.DEFAULT);
            assertTrue(back.sameShape(img), shape + " " + bits + "-bit: " + back.shape());
            assertEquals(bits, back.bitDepth(), shape);
            double max = (1 << bits) - 1;
            for (int c = 0; c < img.channels(); c++) {
                double[] want = img.plane(c);
                double[] got = back.plane(c);
                for (int i = 0; i < want.length; i++) {
                    assertEquals(Math.round(want[i] * max) / max, got[i], 0.0,
                            shape + " " + bits + "-bit, channel " + c + ", sample " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"37x23x1", "37x23x3", "1x7x1", "64x64x3"})
    void interlacedAndPalettePngsRoundTrip(String shape) throws DecodeException {
        Image img = BenchImages.original(BenchImages.Shape.parse(shape), 7L);
        Image back = ImageDecoder.decode(BenchEncoders.pngInterlaced(img), DecodeOptions.DEFAULT);
        assertTrue(back.sameShape(img), shape + ": " + back.shape());
        Image pal = ImageDecoder.decode(BenchEncoders.pngPalette8(img), DecodeOptions.DEFAULT);
        assertTrue(pal.sameShape(img), shape + " palette: " + pal.shape());
        int[] levels = img.channels() == 1 ? new int[] {256} : new int[] {6, 7, 6};
        for (int c = 0; c < img.channels(); c++) {
            double[] want = img.plane(c);
            double[] got = back.plane(c);
            double[] gotPal = pal.plane(c);
            int max = levels[c] - 1;
            for (int i = 0; i < want.length; i++) {
                assertEquals(Math.round(want[i] * 255) / 255.0, got[i], 0.0, shape + " interlaced, channel " + c);
                assertEquals((int) Math.round(want[i] * max) * 255 / max / 255.0, gotPal[i], 0.0,
                        shape + " palette, channel " + c);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"37x23x1", "37x23x3", "1x7x1", "1500x7x3"})
    void lzwTiffsRoundTrip(String shape) throws DecodeException {
        Image img = BenchImages.original(BenchImages.Shape.parse(shape), 7L);
        for (boolean float32 : new boolean[] {true, false}) {
            Image back = ImageDecoder.decode(BenchEncoders.tiffLzw(img, float32), DecodeOptions.DEFAULT);
            assertTrue(back.sameShape(img), shape + ": " + back.shape());
            assertEquals(float32 ? Image.SampleFormat.FLOAT : Image.SampleFormat.UNSIGNED_INT, back.sampleFormat(), shape);
            for (int c = 0; c < img.channels(); c++) {
                double[] want = img.plane(c);
                double[] got = back.plane(c);
                for (int i = 0; i < want.length; i++) {
                    double w = float32 ? (float) want[i] : Math.round(want[i] * 65535) / 65535.0;
                    assertEquals(w, got[i], 0.0, shape + (float32 ? " float32" : " uint16") + ", channel " + c
                            + ", sample " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"37x23x1", "37x23x3", "1x7x1", "64x64x3"})
    void floatTiffRoundTrips(String shape) throws DecodeException {
        Image img = BenchImages.original(BenchImages.Shape.parse(shape), 7L);
        Image back = ImageDecoder.decode(BenchEncoders.tiffFloat32(img), DecodeOptions.DEFAULT);
        assertTrue(back.sameShape(img), shape + ": " + back.shape());
        assertEquals(Image.SampleFormat.FLOAT, back.sampleFormat(), shape);
        for (int c = 0; c < img.channels(); c++) {
            double[] want = img.plane(c);
            double[] got = back.plane(c);
            for (int i = 0; i < want.length; i++) {
                assertEquals((float) want[i], got[i], 0.0, shape + ", channel " + c + ", sample " + i);
            }
        }
    }
}
