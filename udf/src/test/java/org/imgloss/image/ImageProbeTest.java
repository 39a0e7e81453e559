package org.imgloss.image;

import static org.imgloss.image.ImageDecoderErrorsTest.encode;
import static org.imgloss.image.ImageDecoderErrorsTest.gradient;
import static org.imgloss.image.ImageDecoderErrorsTest.lyingPng;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.Image.SampleFormat;
import org.imgloss.image.TestEncoders.TiffSample;
import org.junit.jupiter.api.Test;

/** Header probing agrees with what decoding produces, without reading pixels. */
class ImageProbeTest {

    /** Probes, decodes, and checks that the two agree; returns the header. */
    static ImageHeader probeAndDecode(byte[] b) throws Exception {
        ImageHeader h = ImageProbe.probe(b);
        Image img = ImageDecoder.decode(b);
        assertEquals(img.width(), h.width(), "width " + h);
        assertEquals(img.height(), h.height(), "height " + h);
        assertEquals(img.channels(), h.channels(), "channels " + h);
        assertEquals(img.bitDepth(), h.bitDepth(), "bit depth " + h);
        assertEquals(img.sampleFormat(), h.sampleFormat(), "sample format " + h);
        return h;
    }

    @Test
    void pngVariants() throws Exception {
        assertEquals(new ImageHeader(ImageFormat.PNG, 3, 2, 1, 16, SampleFormat.UNSIGNED_INT),
                probeAndDecode(TestEncoders.png(3, 2, 16, TestEncoders.PNG_GRAY_ALPHA, new int[12], null)));
        assertEquals(new ImageHeader(ImageFormat.PNG, 3, 2, 3, 8, SampleFormat.UNSIGNED_INT),
                probeAndDecode(TestEncoders.png(3, 2, 8, TestEncoders.PNG_RGBA, new int[24], null)));
        assertEquals(new ImageHeader(ImageFormat.PNG, 3, 2, 3, 8, SampleFormat.UNSIGNED_INT),
                probeAndDecode(TestEncoders.png(3, 2, 4, TestEncoders.PNG_PALETTE, new int[6],
                        new int[] {1, 2, 3, 4, 5, 6})));
        assertEquals(new ImageHeader(ImageFormat.PNG, 3, 2, 1, 8, SampleFormat.UNSIGNED_INT),
                probeAndDecode(TestEncoders.png(3, 2, 1, TestEncoders.PNG_PALETTE, new int[6],
                        new int[] {0, 0, 0, 9, 9, 9})));
    }

    @Test
    void otherFormats() throws Exception {
        BufferedImage rgb = gradient(21, 13, BufferedImage.TYPE_3BYTE_BGR);
        assertEquals(new ImageHeader(ImageFormat.JPEG, 21, 13, 3, 8, SampleFormat.UNSIGNED_INT),
                probeAndDecode(encode(rgb, "jpeg")));
        assertEquals(new ImageHeader(ImageFormat.BMP, 21, 13, 3, 8, SampleFormat.UNSIGNED_INT),
                probeAndDecode(encode(rgb, "bmp")));
        assertEquals(new ImageHeader(ImageFormat.TIFF, 21, 13, 1, 32, SampleFormat.FLOAT),
                probeAndDecode(TestEncoders.tiff(21, 13, 1, TiffSample.F32, new double[273], ByteOrder.LITTLE_ENDIAN,
                        false, 16, 0)));
        assertEquals(new ImageHeader(ImageFormat.TIFF, 21, 13, 3, 16, SampleFormat.UNSIGNED_INT),
                probeAndDecode(TestEncoders.tiff(21, 13, 4, TiffSample.U16, new double[273 * 4], ByteOrder.BIG_ENDIAN,
                        true, 0, 5)));
        assertEquals(new ImageHeader(ImageFormat.NPY, 21, 13, 2, 64, SampleFormat.FLOAT),
                probeAndDecode(TestEncoders.npy("<f8", false, new int[] {13, 21, 2}, new byte[273 * 16], false)));
    }

    @Test
    void aPrefixIsEnoughForPngAndNpy() throws Exception {
        byte[] png = encode(gradient(300, 200, BufferedImage.TYPE_3BYTE_BGR), "png");
        ImageHeader h = ImageProbe.probe(Arrays.copyOf(png, 64));
        assertEquals(new ImageHeader(ImageFormat.PNG, 300, 200, 3, 8, SampleFormat.UNSIGNED_INT), h);
        byte[] npy = TestEncoders.npy(">u2", false, new int[] {400, 500}, new byte[0], false);
        assertEquals(new ImageHeader(ImageFormat.NPY, 500, 400, 1, 16, SampleFormat.UNSIGNED_INT), ImageProbe.probe(npy));
    }

    @Test
    void bombHeaderIsReportedNotDecoded() throws Exception {
        ImageHeader h = ImageProbe.probe(lyingPng(50_000, 50_000));
        assertEquals(2_500_000_000L, h.pixels());
        assertEquals(1, h.channelsAfter(DecodeOptions.Color.GRAY));
    }

    @Test
    void badInput() {
        assertEquals(ErrorCode.EMPTY_INPUT, assertThrows(DecodeException.class, () -> ImageProbe.probe(new byte[0])).code());
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT,
                assertThrows(DecodeException.class, () -> ImageProbe.probe("GIF89a".getBytes())).code());
        assertEquals(ErrorCode.UNDECODABLE, assertThrows(DecodeException.class,
                () -> ImageProbe.probe(new byte[] {'I', 'I', 0x2A, 0, 1})).code());
    }
}
