package org.imgloss.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.DecodeOptions;
import org.imgloss.image.Image;
import org.imgloss.image.ImageDecoder;
import org.imgloss.image.ImageInput;
import org.imgloss.image.TestEncoders;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.PairInputs;
import org.junit.jupiter.api.Test;

/**
 * The pair checks (finite samples, samples within the smallest {@code data_range}) give the same
 * outcome whether PairScoring decoded the images itself from integer samples (where it need not scan
 * them) or was handed the same samples as images it did not decode.
 */
class PairScoringChecksTest {

    private static final int W = 16;
    private static final int H = 8;

    /** An 8-bit RGB PNG with a white pixel, a black one and a ramp between. */
    private static byte[] png(int seed) {
        int[] samples = new int[W * H * 3];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (i * 7 + seed * 13) % 256;
        }
        samples[0] = samples[1] = samples[2] = 255;
        samples[3] = samples[4] = samples[5] = 0;
        return TestEncoders.pngFull(W, H, 8, 2, samples, null, null, false, -1, 1 << 16);
    }

    /** The same samples as an image this instance did not decode (a floating-point copy). */
    private static Image copy(Image image) {
        double[][] planes = new double[image.channels()][];
        for (int c = 0; c < planes.length; c++) {
            planes[c] = image.plane(c).clone();
        }
        return Image.ofPlanes(image.width(), image.height(), planes);
    }

    private static void assertSameChecks(List<MetricSpec> specs, DecodeOptions options) throws Exception {
        PairScoring decoding = new PairScoring(specs, options);
        PairScoring handed = new PairScoring(specs, options);
        byte[] r = png(1);
        byte[] o = png(2);
        PairScoring.Decoded d = decoding.decodePair(ImageInput.encoded(r), ImageInput.encoded(o));
        PairScore viaDecode = decoding.score(d.reconstruction(), d.original(), PairInputs.NONE);
        PairScore viaCopies = handed.score(copy(ImageDecoder.decode(r, options)), copy(ImageDecoder.decode(o, options)));
        assertEquals(viaCopies.values(), viaDecode.values());
        assertEquals(viaCopies.errorCode(), viaDecode.errorCode());
        assertEquals(handed.outOfRangePairs(), decoding.outOfRangePairs(), specs + " " + options);
        assertEquals(viaCopies.values(), decoding.score(r, o).values(), "bytes in, one call");
        assertEquals(2 * handed.outOfRangePairs(), decoding.outOfRangePairs());
    }

    @Test
    void decodedIntegerImagesAreCheckedAsAnyOther() throws Exception {
        List<MetricSpec> unit = List.of(MetricSpec.of("ssim"), MetricSpec.of("mse"));
        List<MetricSpec> half = List.of(MetricSpec.of("ssim", Map.of("data_range", "0.5")));
        assertSameChecks(unit, DecodeOptions.DEFAULT);
        assertSameChecks(half, DecodeOptions.DEFAULT);
        assertSameChecks(unit, DecodeOptions.DEFAULT.withColor(DecodeOptions.Color.GRAY));
        assertSameChecks(unit, DecodeOptions.DEFAULT.withColor(DecodeOptions.Color.Y_BT601));
        PairScoring s = new PairScoring(half, DecodeOptions.DEFAULT);
        s.score(png(1), png(2));
        assertEquals(1, s.outOfRangePairs(), "samples above a data_range of 0.5");
    }

    @Test
    void anIntegerImageTheCallerBuiltIsStillScanned() {
        PairScoring s = new PairScoring(List.of(MetricSpec.of("mse")), DecodeOptions.DEFAULT);
        Image nan = new Image(2, 1, new double[][] {{0.5, Double.NaN}}, 8, Image.SampleFormat.UNSIGNED_INT);
        Image ok = new Image(2, 1, new double[][] {{0.5, 0.25}}, 8, Image.SampleFormat.UNSIGNED_INT);
        assertEquals(ErrorCode.NON_FINITE, s.score(nan, ok).errorCode());
        assertEquals(ErrorCode.NON_FINITE, s.score(ok, nan).errorCode());
        assertNull(s.score(ok, ok).errorCode());
        Image above = new Image(2, 1, new double[][] {{0.5, 1.5}}, 8, Image.SampleFormat.UNSIGNED_INT);
        PairScoring ranged = new PairScoring(List.of(MetricSpec.of("ssim")), DecodeOptions.DEFAULT);
        ranged.score(above, above);
        assertEquals(1, ranged.outOfRangePairs());
    }
}
