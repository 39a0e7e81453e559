package org.imgloss.job.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.imgloss.image.Image;
import org.imgloss.image.ImageDecoder;
import org.junit.jupiter.api.Test;

/** The 16-bit PNG encoder and metamer file names, without Spark. */
class MetamerPngTest {

    @Test
    void grayAndRgbRoundTripThroughImageIoAndTheDecoder() throws Exception {
        int w = 7;
        int h = 3; // odd sizes
        double[][] planes = new double[3][w * h];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < w * h; i++) {
                planes[c][i] = -0.2 + 1.4 * ((i * 7 + c * 13) % 23) / 22.0; // outside [0, 1] too
            }
        }
        planes[0][0] = Double.NaN;
        Image rgb = Image.ofPlanes(w, h, planes);
        BufferedImage read = ImageIO.read(new ByteArrayInputStream(Png16.encode(rgb)));
        assertEquals(16, read.getColorModel().getComponentSize(0));
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < w * h; i++) {
                assertEquals(Png16.quantise(planes[c][i]), read.getRaster().getSample(i % w, i / w, c));
            }
        }
        Image decoded = ImageDecoder.decode(Png16.encode(rgb));
        assertEquals(Png16.quantise(planes[1][5]) / 65535.0, decoded.plane(1)[5], 1e-12);

        Image gray = Image.ofPlanes(w, h, planes[1]);
        BufferedImage g = ImageIO.read(new ByteArrayInputStream(Png16.encode(gray)));
        assertEquals(1, g.getRaster().getNumBands());
        assertEquals(Png16.quantise(planes[1][4]), g.getRaster().getSample(4, 0, 0));
    }

    @Test
    void quantisationClampsAndRounds() {
        assertEquals(0, Png16.quantise(-1));
        assertEquals(0, Png16.quantise(Double.NaN));
        assertEquals(65535, Png16.quantise(1.5));
        assertEquals(65535, Png16.quantise(1));
        assertEquals(32768, Png16.quantise(0.5)); // 32767.5 rounds half up
        assertEquals(1, Png16.quantise(0.6 / 65535));
        assertEquals(0, Png16.quantise(0.4 / 65535));
    }

    @Test
    void twoChannelImagesAreRefused() {
        Image two = Image.ofPlanes(2, 2, new double[4], new double[4]);
        assertThrows(IllegalArgumentException.class, () -> Png16.encode(two));
    }

    @Test
    void fileNamesKeepSafeKeysAndMakeOthersSafeAndDistinct() {
        assertEquals("scene01", MetamerFiles.fileStem("scene01"));
        assertEquals("a.b_c-d", MetamerFiles.fileStem("a.b_c-d"));
        String slash = MetamerFiles.fileStem("a/b");
        String underscore = MetamerFiles.fileStem("a_b");
        assertEquals("a_b", underscore);
        assertNotEquals(underscore, slash);
        assertTrue(slash.matches("a_b-[0-9a-f]{8}"), slash);
        assertNotEquals(MetamerFiles.fileStem("a/b"), MetamerFiles.fileStem("a:b"));
        // a safe-looking key that has the hashed form is hashed too, so it cannot collide
        assertNotEquals(slash, MetamerFiles.fileStem(slash));
        assertTrue(MetamerFiles.fileStem("..").matches("x\\.\\.-[0-9a-f]{8}"), MetamerFiles.fileStem(".."));
        // names Hadoop readers skip as hidden are renamed like other unsafe names
        assertTrue(MetamerFiles.fileStem("_SUCCESS").matches("x_SUCCESS-[0-9a-f]{8}"), MetamerFiles.fileStem("_SUCCESS"));
        assertTrue(MetamerFiles.fileStem(".DS_Store").matches("x\\.DS_Store-[0-9a-f]{8}"),
                MetamerFiles.fileStem(".DS_Store"));
        assertTrue(MetamerFiles.fileStem("_a/b").matches("x_a_b-[0-9a-f]{8}"), MetamerFiles.fileStem("_a/b"));
        assertTrue(MetamerFiles.fileStem("").matches("-[0-9a-f]{8}"), MetamerFiles.fileStem(""));
        assertEquals(120 + 9, MetamerFiles.fileStem("x".repeat(500)).length());
        assertEquals("out/metamers/run_id=r1", MetamerFiles.runFolder("out/", "r1"));
    }
}
