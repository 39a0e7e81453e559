package org.imgloss.image;

import static org.imgloss.image.ImageDecoderErrorsTest.encode;
import static org.imgloss.image.ImageDecoderErrorsTest.gradient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.imgloss.errors.ErrorCode;
import org.junit.jupiter.api.Test;

/** JPEG and BMP decoding, written by the JDK's ImageIO writers. */
class ImageDecoderJpegBmpTest {

    /** The raster samples ImageIO itself decodes, per band, scaled by {@code max}. */
    static void assertMatchesRaster(Raster r, Image img, double[] max) {
        for (int c = 0; c < img.channels(); c++) {
            for (int y = 0; y < img.height(); y++) {
                for (int x = 0; x < img.width(); x++) {
                    assertEquals(r.getSample(x, y, c) / max[c], img.get(c, y, x), 0.0, "c=" + c + " y=" + y + " x=" + x);
                }
            }
        }
    }

    @Test
    void rgbJpegGivesTheDecodersRgbSamples() throws Exception {
        byte[] jpg = encode(gradient(33, 21, BufferedImage.TYPE_3BYTE_BGR), "jpeg");
        Image img = ImageDecoder.decode(jpg);
        assertEquals(3, img.channels());
        assertEquals(33, img.width());
        assertEquals(21, img.height());
        assertEquals(8, img.bitDepth());
        BufferedImage ref = ImageIO.read(new ByteArrayInputStream(jpg));
        assertMatchesRaster(ref.getRaster(), img, new double[] {255, 255, 255});
    }

    @Test
    void paddingBeforeTheEndMarkerIsHarmless() throws Exception {
        byte[] jpg = encode(gradient(24, 16, BufferedImage.TYPE_3BYTE_BGR), "jpeg");
        assertEquals(0xFF, jpg[jpg.length - 2] & 0xFF);
        assertEquals(0xD9, jpg[jpg.length - 1] & 0xFF);
        // libjpeg warns "Corrupt JPEG data: 3 extraneous bytes before marker 0xd9"; every pixel is intact
        byte[] padded = new byte[jpg.length + 3];
        System.arraycopy(jpg, 0, padded, 0, jpg.length - 2);
        padded[padded.length - 2] = (byte) 0xFF;
        padded[padded.length - 1] = (byte) 0xD9;
        assertEquals(ImageDecoder.decode(jpg), ImageDecoder.decode(padded));
    }

    @Test
    void corruptEntropyCodedDataIsUndecodable() throws Exception {
        byte[] jpg = encode(gradient(64, 64, BufferedImage.TYPE_3BYTE_BGR), "jpeg");
        // cut the scan in the middle but keep a valid end marker
        byte[] cut = Arrays.copyOf(jpg, jpg.length / 2 + 2);
        cut[cut.length - 2] = (byte) 0xFF;
        cut[cut.length - 1] = (byte) 0xD9;
        DecodeException e = assertThrows(DecodeException.class, () -> ImageDecoder.decode(cut));
        assertEquals(ErrorCode.UNDECODABLE, e.code());
    }

    @Test
    void grayJpegGivesOneChannel() throws Exception {
        byte[] jpg = encode(gradient(16, 9, BufferedImage.TYPE_BYTE_GRAY), "jpeg");
        Image img = ImageDecoder.decode(jpg);
        assertEquals(1, img.channels());
        BufferedImage ref = ImageIO.read(new ByteArrayInputStream(jpg));
        assertMatchesRaster(ref.getRaster(), img, new double[] {255});
    }

    @Test
    void bmp24IsLossless() throws Exception {
        BufferedImage src = gradient(19, 7, BufferedImage.TYPE_3BYTE_BGR);
        Image img = ImageDecoder.decode(encode(src, "bmp"));
        assertEquals(3, img.channels());
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 19; x++) {
                int rgb = src.getRGB(x, y);
                assertEquals(((rgb >> 16) & 0xFF) / 255.0, img.get(0, y, x), 0.0);
                assertEquals(((rgb >> 8) & 0xFF) / 255.0, img.get(1, y, x), 0.0);
                assertEquals((rgb & 0xFF) / 255.0, img.get(2, y, x), 0.0);
            }
        }
    }

    @Test
    void bmpIntRgbIsLossless() throws Exception {
        BufferedImage src = gradient(5, 6, BufferedImage.TYPE_INT_RGB);
        Image img = ImageDecoder.decode(encode(src, "bmp"));
        assertEquals(3, img.channels());
        assertMatchesRaster(src.getRaster(), img, new double[] {255, 255, 255});
    }

    @Test
    void bmp565ScalesEachFieldByItsOwnMaximum() throws Exception {
        BufferedImage src = gradient(11, 4, BufferedImage.TYPE_USHORT_565_RGB);
        Image img = ImageDecoder.decode(encode(src, "bmp"));
        assertEquals(3, img.channels());
        assertEquals(6, img.bitDepth());
        assertMatchesRaster(src.getRaster(), img, new double[] {31, 63, 31});
    }

    @Test
    void grayBmpStaysGray() throws Exception {
        BufferedImage src = gradient(9, 5, BufferedImage.TYPE_BYTE_GRAY);
        Image img = ImageDecoder.decode(encode(src, "bmp"));
        assertEquals(1, img.channels());
        assertMatchesRaster(src.getRaster(), img, new double[] {255});
    }

    @Test
    void colourPaletteBmpExpandsToRgb() throws Exception {
        // a full 256-entry palette: the JDK BMP writer garbles smaller palettes (it packs them to 4 bit)
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        byte[][] used = {{0, (byte) 200, 10, (byte) 255}, {0, 100, 20, (byte) 255}, {0, 50, 30, 0}};
        for (int i = 0; i < 256; i++) {
            r[i] = i < 4 ? used[0][i] : (byte) i;
            g[i] = i < 4 ? used[1][i] : (byte) (255 - i);
            b[i] = i < 4 ? used[2][i] : (byte) (i / 2);
        }
        IndexColorModel icm = new IndexColorModel(8, 256, r, g, b);
        BufferedImage src = new BufferedImage(6, 3, BufferedImage.TYPE_BYTE_INDEXED, icm);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 6; x++) {
                src.getRaster().setSample(x, y, 0, (x + y) % 4);
            }
        }
        Image img = ImageDecoder.decode(encode(src, "bmp"));
        assertEquals(3, img.channels());
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 6; x++) {
                int i = (x + y) % 4;
                assertEquals((r[i] & 0xFF) / 255.0, img.get(0, y, x), 0.0);
                assertEquals((g[i] & 0xFF) / 255.0, img.get(1, y, x), 0.0);
                assertEquals((b[i] & 0xFF) / 255.0, img.get(2, y, x), 0.0);
            }
        }
    }
}
