package org.imgloss.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;
import org.imgloss.errors.ErrorCode;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.PairInputs;
import org.imgloss.scoring.PairScore;
import org.imgloss.scoring.PairScoring;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Spark image structs (OpenCV BGR(A) bytes) decode to exactly the image the PNG path gives for the
 * same pixels; the oracle is a PNG written by ImageIO from those pixels.
 */
class OpenCvPixelsTest {

    /** Samples per pixel in R, G, B(, A) order (1 for gray), row-major. */
    private static int[] samples(int w, int h, int channels, long seed) {
        Random r = new Random(seed);
        int[] s = new int[w * h * channels];
        for (int i = 0; i < s.length; i++) {
            s[i] = r.nextInt(256);
        }
        if (s.length > 0) {
            s[0] = 0;
            s[s.length - 1] = 255;
        }
        return s;
    }

    /** The PNG ImageIO writes for the samples (gray, RGB or RGBA). */
    private static byte[] png(int w, int h, int channels, int[] s) throws IOException {
        int type = switch (channels) {
            case 1 -> BufferedImage.TYPE_BYTE_GRAY;
            case 3 -> BufferedImage.TYPE_3BYTE_BGR;
            default -> BufferedImage.TYPE_4BYTE_ABGR;
        };
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    img.getRaster().setSample(x, y, c, s[(y * w + x) * channels + c]); // bands R, G, B, A
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, "png", out));
        return out.toByteArray();
    }

    /** The struct's data: the samples with R and B swapped (BGR(A), OpenCV's order). */
    private static byte[] bgr(int channels, int[] s) {
        byte[] d = new byte[s.length];
        for (int i = 0; i < s.length; i += channels) {
            for (int c = 0; c < channels; c++) {
                int from = channels >= 3 && c < 3 ? 2 - c : c;
                d[i + c] = (byte) s[i + from];
            }
        }
        return d;
    }

    private static int mode(int channels) {
        return channels == 1 ? OpenCvPixels.CV_8UC1 : channels == 3 ? OpenCvPixels.CV_8UC3 : OpenCvPixels.CV_8UC4;
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "1,1,3", "1,1,4", "7,1,1", "1,7,3", "13,11,1", "13,11,3", "13,11,4", "11,11,3", "2,5,4"})
    void decodesLikeAnImageIoPngOfTheSamePixels(int w, int h, int channels) throws Exception {
        int[] s = samples(w, h, channels, 31L * w + 7L * h + channels);
        byte[] png = png(w, h, channels, s);
        for (DecodeOptions.Color color : DecodeOptions.Color.values()) {
            DecodeOptions o = DecodeOptions.DEFAULT.withColor(color);
            Image expected = ImageDecoder.decode(png, o);
            Image got = new OpenCvPixels(h, w, channels, mode(channels), bgr(channels, s)).decode(o);
            assertEquals(expected, got, color + " " + w + "x" + h + "x" + channels);
            assertEquals(expected.bitDepth(), got.bitDepth());
            assertEquals(expected.sampleFormat(), got.sampleFormat());
        }
    }

    @Test
    void bgraDropsAlphaLikeAnRgbaPngAndThenTakesTheColourOption() throws Exception {
        int w = 5;
        int h = 3;
        int[] s = samples(w, h, 4, 99);
        s[3] = 0; // a transparent pixel keeps its colour
        byte[] png = png(w, h, 4, s);
        for (DecodeOptions.Color color : DecodeOptions.Color.values()) {
            DecodeOptions o = DecodeOptions.DEFAULT.withColor(color);
            Image got = OpenCvPixels.toImage(h, w, 4, OpenCvPixels.CV_8UC4, bgr(4, s), o);
            assertEquals(ImageDecoder.decode(png, o), got, color.configName());
        }
        Image img = OpenCvPixels.toImage(h, w, 4, OpenCvPixels.CV_8UC4, bgr(4, s), DecodeOptions.DEFAULT);
        assertEquals(3, img.channels());
        assertEquals(s[0] / 255.0, img.get(0, 0, 0));
        assertEquals(s[1] / 255.0, img.get(1, 0, 0));
        assertEquals(s[2] / 255.0, img.get(2, 0, 0));
    }

    @Test
    void channelOrderIsBgr() throws Exception {
        // one pixel, bytes B=10, G=20, R=30
        Image img = OpenCvPixels.toImage(1, 1, 3, OpenCvPixels.CV_8UC3, new byte[] {10, 20, 30}, null);
        assertArrayEquals(new double[] {30 / 255.0}, img.plane(0));
        assertArrayEquals(new double[] {20 / 255.0}, img.plane(1));
        assertArrayEquals(new double[] {10 / 255.0}, img.plane(2));
        Image gray = OpenCvPixels.toImage(1, 2, 1, OpenCvPixels.CV_8UC1, new byte[] {0, (byte) 255}, null);
        assertArrayEquals(new double[] {0.0, 1.0}, gray.plane(0));
        assertEquals(2, gray.width());
        assertEquals(1, gray.height());
    }

    @Test
    void pairScoresEqualThoseOfThePngs() throws Exception {
        int w = 17;
        int h = 13;
        int[] a = samples(w, h, 3, 1);
        int[] b = samples(w, h, 3, 2);
        for (int i = 0; i < a.length; i++) {
            b[i] = (a[i] + (b[i] % 9) - 4 + 256) % 256; // near a
        }
        PairScoring scoring = new PairScoring(java.util.List.of(MetricSpec.of("mse"), MetricSpec.of("psnr")),
                DecodeOptions.DEFAULT);
        PairScore fromPng = scoring.score(png(w, h, 3, a), png(w, h, 3, b));
        PairScore fromStruct = scoring.score(new OpenCvPixels(h, w, 3, OpenCvPixels.CV_8UC3, bgr(3, a)),
                new OpenCvPixels(h, w, 3, OpenCvPixels.CV_8UC3, bgr(3, b)), PairInputs.NONE);
        assertEquals(fromPng.values(), fromStruct.values());
        assertEquals(fromPng.errorCode(), fromStruct.errorCode());
        assertEquals(3, fromStruct.channels());
        PairScore mixed = scoring.scoreInputBatch(
                java.util.List.of(ImageInput.encoded(png(w, h, 3, a))),
                java.util.List.of(new OpenCvPixels(h, w, 3, OpenCvPixels.CV_8UC3, bgr(3, b))), null).get(0);
        assertEquals(fromPng.values(), mixed.values());
    }

    private static DecodeException fails(OpenCvPixels p, DecodeOptions o) {
        return assertThrows(DecodeException.class, () -> p.decode(o));
    }

    @Test
    void badStructsAreDecodeErrorsWithCodes() {
        DecodeOptions d = DecodeOptions.DEFAULT;
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, fails(new OpenCvPixels(2, 2, 2, 8, new byte[8]), d).code());
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, fails(new OpenCvPixels(2, 2, 1, 2, new byte[8]), d).code());
        DecodeException undefined = fails(new OpenCvPixels(-1, -1, -1, OpenCvPixels.UNDEFINED, new byte[0]), d);
        assertEquals(ErrorCode.UNDECODABLE, undefined.code());
        assertTrue(undefined.getMessage().contains("could not decode"), undefined.getMessage());
        DecodeException length = fails(new OpenCvPixels(2, 3, 3, OpenCvPixels.CV_8UC3, new byte[17]), d);
        assertEquals(ErrorCode.UNDECODABLE, length.code());
        assertTrue(length.getMessage().contains("17 bytes") && length.getMessage().contains("= 18"),
                length.getMessage());
        assertEquals(ErrorCode.UNDECODABLE,
                fails(new OpenCvPixels(2, 3, 3, OpenCvPixels.CV_8UC3, new byte[19]), d).code());
        assertEquals(ErrorCode.UNDECODABLE,
                fails(new OpenCvPixels(0, 3, 1, OpenCvPixels.CV_8UC1, new byte[0]), d).code());
        assertEquals(ErrorCode.UNDECODABLE,
                fails(new OpenCvPixels(3, -2, 1, OpenCvPixels.CV_8UC1, new byte[6]), d).code());
        assertEquals(ErrorCode.UNDECODABLE,
                fails(new OpenCvPixels(2, 2, 4, OpenCvPixels.CV_8UC3, new byte[16]), d).code());
        assertEquals(ErrorCode.EMPTY_INPUT, fails(new OpenCvPixels(2, 2, 1, OpenCvPixels.CV_8UC1, null), d).code());
        DecodeException nullField = fails(new OpenCvPixels(2, null, 1, OpenCvPixels.CV_8UC1, new byte[4]), d);
        assertEquals(ErrorCode.UNDECODABLE, nullField.code());
        assertTrue(nullField.getMessage().contains("'width'"), nullField.getMessage());
        // max_pixels is decided from height and width, before the data is looked at
        DecodeException large = fails(new OpenCvPixels(40_000, 40_000, 3, OpenCvPixels.CV_8UC3, new byte[3]),
                d.withMaxPixels(1_000_000));
        assertEquals(ErrorCode.TOO_LARGE, large.code());
        assertEquals(ErrorCode.TOO_LARGE,
                fails(new OpenCvPixels(2, 3, 1, OpenCvPixels.CV_8UC1, new byte[6]), d.withMaxPixels(5)).code());
        assertEquals(ErrorCode.TOO_LARGE,
                fails(new OpenCvPixels(50_000, 50_000, 1, OpenCvPixels.CV_8UC1, new byte[1]), d).code());
    }

    @Test
    void aFourChannelColourOptionOnTheDecodedImageNeverSeesAlpha() throws Exception {
        // gray / y_bt601 need 1 or 3 channels; BGRA has 3 after alpha is dropped, so both apply
        Image y = OpenCvPixels.toImage(1, 1, 4, OpenCvPixels.CV_8UC4, new byte[] {0, 0, (byte) 255, 7},
                DecodeOptions.DEFAULT.withColor(DecodeOptions.Color.GRAY));
        assertEquals(1, y.channels());
        assertEquals(0.299, y.get(0, 0, 0), 1e-15);
    }
}
