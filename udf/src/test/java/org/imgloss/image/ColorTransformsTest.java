package org.imgloss.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.DecodeOptions.Color;
import org.junit.jupiter.api.Test;

/** The colour option: keep, gray (BT.601 weights), y_bt601 (studio-swing luma). */
class ColorTransformsTest {

    static final int[] RGB = {10, 128, 250, 0, 0, 0, 255, 255, 255, 1, 2, 3};

    static byte[] rgbPng() {
        return TestEncoders.png(2, 2, 8, TestEncoders.PNG_RGB, RGB, null);
    }

    @Test
    void grayIsTheBt601WeightedSum() throws Exception {
        Image img = ImageDecoder.decode(rgbPng(), DecodeOptions.DEFAULT.withColor(Color.GRAY));
        assertEquals(1, img.channels());
        assertEquals(8, img.bitDepth());
        for (int i = 0; i < 4; i++) {
            double r = RGB[3 * i] / 255.0;
            double g = RGB[3 * i + 1] / 255.0;
            double b = RGB[3 * i + 2] / 255.0;
            assertEquals(0.299 * r + 0.587 * g + 0.114 * b, img.plane(0)[i], 0.0, "pixel " + i);
        }
        assertEquals(1.0, img.plane(0)[2], 1e-15);
    }

    @Test
    void yBt601IsStudioSwingLuma() throws Exception {
        Image img = ImageDecoder.decode(rgbPng(), DecodeOptions.DEFAULT.withColor(Color.Y_BT601));
        assertEquals(1, img.channels());
        for (int i = 0; i < 4; i++) {
            double r = RGB[3 * i] / 255.0;
            double g = RGB[3 * i + 1] / 255.0;
            double b = RGB[3 * i + 2] / 255.0;
            assertEquals((16 + 65.481 * r + 128.553 * g + 24.966 * b) / 255.0, img.plane(0)[i], 0.0, "pixel " + i);
        }
        assertEquals(16 / 255.0, img.plane(0)[1], 1e-15, "black");
        assertEquals(235 / 255.0, img.plane(0)[2], 1e-15, "white");
    }

    @Test
    void oneChannelImages() throws Exception {
        byte[] gray = TestEncoders.png(2, 1, 16, TestEncoders.PNG_GRAY, new int[] {0, 65535}, null);
        Image keep = ImageDecoder.decode(gray);
        assertSame(keep, ColorTransforms.apply(keep, Color.GRAY), "gray of gray is the identity");
        assertEquals(keep, ImageDecoder.decode(gray, DecodeOptions.DEFAULT.withColor(Color.GRAY)));
        Image y = ImageDecoder.decode(gray, DecodeOptions.DEFAULT.withColor(Color.Y_BT601));
        assertEquals(1, y.channels());
        assertEquals(16 / 255.0, y.get(0, 0, 0), 1e-15);
        assertEquals(235 / 255.0, y.get(0, 0, 1), 1e-15);
        assertEquals(16, y.bitDepth());
    }

    @Test
    void keepIsTheIdentity() throws Exception {
        Image img = ImageDecoder.decode(rgbPng());
        assertSame(img, ColorTransforms.apply(img, Color.KEEP));
    }

    @Test
    void otherChannelCountsCannotBeConverted() throws Exception {
        byte[] npy = TestEncoders.npy("<f4", false, new int[] {2, 2, 4},
                TestEncoders.npyData("f4", ByteOrder.LITTLE_ENDIAN, new double[16]), false);
        assertEquals(4, ImageDecoder.decode(npy).channels());
        DecodeException e = assertThrows(DecodeException.class,
                () -> ImageDecoder.decode(npy, DecodeOptions.DEFAULT.withColor(Color.GRAY)));
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, e.code());
    }
}
