package org.imgloss.image;

import static org.imgloss.image.TestEncoders.PNG_GRAY;
import static org.imgloss.image.TestEncoders.PNG_GRAY_ALPHA;
import static org.imgloss.image.TestEncoders.PNG_PALETTE;
import static org.imgloss.image.TestEncoders.PNG_RGB;
import static org.imgloss.image.TestEncoders.PNG_RGBA;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PNG decoding: every colour type and bit depth, exact scaled values, alpha dropped, palettes expanded. */
class ImageDecoderPngTest {

    /** Random raw samples for a w×h image with {@code ch} interleaved channels of {@code bits} bits. */
    static int[] randomSamples(int w, int h, int ch, int bits, long seed) {
        Random rnd = new Random(seed);
        int[] s = new int[w * h * ch];
        for (int i = 0; i < s.length; i++) {
            s[i] = rnd.nextInt(1 << bits);
        }
        // make sure the extremes occur
        s[0] = 0;
        s[s.length - 1] = (1 << bits) - 1;
        return s;
    }

    @ParameterizedTest(name = "colorType={0} bits={1} {2}x{3}")
    @CsvSource({
        "0, 8, 13, 7", "0, 16, 13, 7", "0, 8, 1, 17", "0, 16, 31, 1",
        "4, 8, 11, 5", "4, 16, 11, 5",
        "2, 8, 13, 7", "2, 16, 13, 7",
        "6, 8, 9, 3", "6, 16, 9, 3",
    })
    void directColourTypesDecodeExactly(int colorType, int bits, int w, int h) throws Exception {
        int ch = TestEncoders.pngChannels(colorType);
        int[] s = randomSamples(w, h, ch, bits, 31L * colorType + bits);
        Image img = ImageDecoder.decode(TestEncoders.png(w, h, bits, colorType, s, null), DecodeOptions.DEFAULT);
        int colour = (colorType == PNG_GRAY || colorType == PNG_GRAY_ALPHA) ? 1 : 3;
        assertEquals(colour, img.channels(), "alpha must be dropped");
        assertEquals(w, img.width());
        assertEquals(h, img.height());
        assertEquals(bits, img.bitDepth());
        assertEquals(Image.SampleFormat.UNSIGNED_INT, img.sampleFormat());
        double max = bits == 8 ? 255.0 : 65535.0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < colour; c++) {
                    double expected = s[(y * w + x) * ch + c] / max;
                    assertEquals(expected, img.get(c, y, x), 0.0, "c=" + c + " y=" + y + " x=" + x);
                }
            }
        }
    }

    @Test
    void interlacedPngDecodesLikeTheSameImageNonInterlaced() throws Exception {
        BufferedImage src = ImageDecoderErrorsTest.gradient(23, 17, BufferedImage.TYPE_3BYTE_BGR);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(src, null, null), param);
        } finally {
            writer.dispose();
        }
        byte[] interlaced = out.toByteArray();
        assertEquals(1, interlaced[8 + 8 + 12], "IHDR interlace method must be Adam7");
        Image a = ImageDecoder.decode(interlaced);
        Image b = ImageDecoder.decode(ImageDecoderErrorsTest.encode(src, "png"));
        assertEquals(b, a);
    }

    @Test
    void sixteenBitValueIsExact() throws Exception {
        Image img = ImageDecoder.decode(TestEncoders.png(2, 1, 16, PNG_GRAY, new int[] {12345, 65535}, null));
        assertEquals(12345 / 65535.0, img.get(0, 0, 0), 0.0);
        assertEquals(1.0, img.get(0, 0, 1), 0.0);
    }

    @Test
    void eightBitRgbIsExact() throws Exception {
        Image img = ImageDecoder.decode(TestEncoders.png(1, 1, 8, PNG_RGB, new int[] {1, 128, 254}, null));
        assertEquals(1 / 255.0, img.get(0, 0, 0), 0.0);
        assertEquals(128 / 255.0, img.get(1, 0, 0), 0.0);
        assertEquals(254 / 255.0, img.get(2, 0, 0), 0.0);
    }

    @ParameterizedTest(name = "palette bits={0}")
    @CsvSource({"1", "2", "4", "8"})
    void colourPaletteExpandsToRgb(int bits) throws Exception {
        int entries = 1 << bits;
        int[] palette = new int[3 * entries];
        Random rnd = new Random(bits);
        for (int i = 0; i < palette.length; i++) {
            palette[i] = rnd.nextInt(256);
        }
        palette[0] = 10;
        palette[1] = 20; // entry 0 is not gray
        int w = 7;
        int h = 5;
        int[] idx = randomSamples(w, h, 1, bits, 99 + bits);
        Image img = ImageDecoder.decode(TestEncoders.png(w, h, bits, PNG_PALETTE, idx, palette));
        assertEquals(3, img.channels());
        assertEquals(8, img.bitDepth());
        for (int i = 0; i < w * h; i++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(palette[3 * idx[i] + c] / 255.0, img.plane(c)[i], 0.0, "pixel " + i + " c " + c);
            }
        }
    }

    @Test
    void grayPaletteGivesOneChannel() throws Exception {
        int[] palette = new int[3 * 4];
        int[] levels = {0, 7, 200, 255};
        for (int i = 0; i < 4; i++) {
            palette[3 * i] = palette[3 * i + 1] = palette[3 * i + 2] = levels[i];
        }
        int[] idx = {0, 1, 2, 3, 3, 2};
        Image img = ImageDecoder.decode(TestEncoders.png(3, 2, 2, PNG_PALETTE, idx, palette));
        assertEquals(1, img.channels());
        for (int i = 0; i < idx.length; i++) {
            assertEquals(levels[idx[i]] / 255.0, img.plane(0)[i], 0.0);
        }
    }

    @ParameterizedTest(name = "gray bits={0}")
    @CsvSource({"1", "2", "4"})
    void lowBitDepthGrayScalesByItsMaximum(int bits) throws Exception {
        int w = 9;
        int h = 4;
        int[] s = randomSamples(w, h, 1, bits, bits);
        Image img = ImageDecoder.decode(TestEncoders.png(w, h, bits, PNG_GRAY, s, null));
        assertEquals(1, img.channels());
        double max = (1 << bits) - 1;
        for (int i = 0; i < s.length; i++) {
            assertEquals(s[i] / max, img.plane(0)[i], 0.0, "pixel " + i);
        }
    }

    @Test
    void grayAlphaDropsAlphaAndKeepsGray() throws Exception {
        // gray 100 with alpha 0 must still decode as 100/255: no premultiplication
        Image img = ImageDecoder.decode(TestEncoders.png(2, 1, 8, PNG_GRAY_ALPHA, new int[] {100, 0, 200, 255}, null));
        assertEquals(1, img.channels());
        assertEquals(100 / 255.0, img.get(0, 0, 0), 0.0);
        assertEquals(200 / 255.0, img.get(0, 0, 1), 0.0);
    }

    @Test
    void rgbaWithZeroAlphaKeepsColour() throws Exception {
        Image img = ImageDecoder.decode(TestEncoders.png(1, 1, 16, PNG_RGBA, new int[] {1000, 2000, 3000, 0}, null));
        assertEquals(3, img.channels());
        assertEquals(1000 / 65535.0, img.get(0, 0, 0), 0.0);
        assertEquals(2000 / 65535.0, img.get(1, 0, 0), 0.0);
        assertEquals(3000 / 65535.0, img.get(2, 0, 0), 0.0);
    }
}
