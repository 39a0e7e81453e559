package org.imgloss.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** The differential tests' yardstick: two decodes of the same bytes must be the same image, bit for bit. */
final class SameImage {

    private SameImage() {
    }

    /**
     * Requires equal size, channels, bit depth and sample format, and every sample with the same bits
     * (so also the same NaN payloads and signed zeros).
     *
     * @param io   the ImageIO path's image (the reference)
     * @param fast the direct reader's image
     */
    static void assertBitIdentical(Image io, Image fast, String what) {
        assertEquals(io.width(), fast.width(), what);
        assertEquals(io.height(), fast.height(), what);
        assertEquals(io.channels(), fast.channels(), what);
        assertEquals(io.bitDepth(), fast.bitDepth(), what);
        assertEquals(io.sampleFormat(), fast.sampleFormat(), what);
        for (int c = 0; c < io.channels(); c++) {
            double[] a = io.plane(c);
            double[] b = fast.plane(c);
            for (int i = 0; i < a.length; i++) {
                if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
                    fail(what + ": channel " + c + " sample " + i + ": ImageIO " + a[i] + ", direct " + b[i]);
                }
            }
        }
    }
}
