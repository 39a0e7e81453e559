package org.imgloss.metrics.ssim;

import static org.imgloss.metrics.SpecImages.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.Image;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricDefinition;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairMetric;
import org.imgloss.metrics.ParameterException;
import org.imgloss.metrics.SpecImages;

/** SSIM against the spec's integer test vectors (§1.4, §4, §11) and its edge cases (§1.5). */
public class SsimTest {

    private static final double REL = 1e-9;

    @Test
    void generatorMatchesSpecSanityValues() {
        int[] row = new int[8];
        for (int j = 0; j < 8; j++) {
            row[j] = SpecImages.y(0, 0, j);
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {0, 0, 13, 0, 10, 0, 7, 21}, row);
        int[][] sizes = {{61, 83, 1}, {64, 64, 3}, {181, 203, 1}, {192, 256, 3}, {400, 520, 1}, {640, 700, 1}, {700, 900, 2}};
        long[][] sums = {{631360, 630577}, {1558784, 1559020}, {4680288, 4675030}, {18775808, 18779942},
            {26520512, 26493277}, {57115904, 57056533}, {160626608, 160565567}};
        for (int s = 0; s < sizes.length; s++) {
            long sx = 0;
            long sy = 0;
            for (int c = 0; c < sizes[s][2]; c++) {
                for (int i = 0; i < sizes[s][0]; i++) {
                    for (int j = 0; j < sizes[s][1]; j++) {
                        sx += SpecImages.x(c, i, j);
                        sy += SpecImages.y(c, i, j);
                    }
                }
            }
            assertEquals(sums[s][0], sx, "sum X " + java.util.Arrays.toString(sizes[s]));
            assertEquals(sums[s][1], sy, "sum Y " + java.util.Arrays.toString(sizes[s]));
        }
    }

    /** Spec §1.4, L = 255 on the raw integers. */
    static Stream<Arguments> table14() {
        return Stream.of(
                // h, w, c, variant, expected
                Arguments.of(61, 83, 1, "skimage", 0.931018233794),
                Arguments.of(64, 64, 3, "skimage", 0.925720587536),
                Arguments.of(181, 203, 1, "skimage", 0.932890403912),
                Arguments.of(400, 520, 1, "skimage", 0.932584352183),
                Arguments.of(61, 83, 1, "wang", 0.934001442807),
                Arguments.of(64, 64, 3, "wang", 0.937553849194),
                Arguments.of(181, 203, 1, "wang", 0.935392986067),
                Arguments.of(400, 520, 1, "wang", 0.935354562423),
                Arguments.of(61, 83, 1, "pytorch_msssim", 0.934001710245),
                Arguments.of(64, 64, 3, "pytorch_msssim", 0.937554093976),
                Arguments.of(181, 203, 1, "pytorch_msssim", 0.935393248677),
                Arguments.of(400, 520, 1, "pytorch_msssim", 0.935354824896),
                Arguments.of(61, 83, 1, "torchmetrics", 0.922507914293),
                Arguments.of(64, 64, 3, "torchmetrics", 0.908815160781),
                Arguments.of(181, 203, 1, "torchmetrics", 0.931252456913),
                Arguments.of(400, 520, 1, "torchmetrics", 0.931859457218),
                Arguments.of(61, 83, 1, "piq", 0.934001442807),
                Arguments.of(64, 64, 3, "piq", 0.937553849194),
                Arguments.of(181, 203, 1, "piq", 0.935392986067),
                Arguments.of(400, 520, 1, "piq", 0.995847197797),
                Arguments.of(61, 83, 1, "matlab", 0.934001442807),
                Arguments.of(64, 64, 3, "matlab", 0.937553849194),
                Arguments.of(181, 203, 1, "matlab", 0.935392986067),
                Arguments.of(400, 520, 1, "matlab", 0.995847197797),
                // automatic-downsampling edge cases: MATLAB f = 3 vs piq f = 2 at 640; f = 3 both at 700x900
                Arguments.of(640, 700, 1, "wang", 0.935039672569),
                Arguments.of(640, 700, 1, "matlab", 0.998754973655),
                Arguments.of(640, 700, 1, "piq", 0.995829613484),
                Arguments.of(700, 900, 2, "wang", 0.934887316546),
                Arguments.of(700, 900, 2, "matlab", 0.998743011866),
                Arguments.of(700, 900, 2, "piq", 0.998738286277));
    }

    @ParameterizedTest(name = "{0}x{1}x{2} {3}")
    @MethodSource("table14")
    void specTable14(int h, int w, int c, String variant, double expected) {
        PairMetric ssim = MetricCatalog.get("ssim").create(Map.of("variant", variant, "data_range", "255"));
        MetricResult r = ssim.compute(SpecImages.reconstruction(h, w, c, 1), SpecImages.original(h, w, c, 1));
        assertTrue(r.hasValue(), () -> h + "x" + w + " " + variant + ": " + r.message());
        assertRel(expected, r.value(), REL, h + "x" + w + "x" + c + " " + variant);
    }

    @Test
    void scaledToUnitRangeGivesTheSameValue() {
        Image x255 = SpecImages.original(61, 83, 1, 1);
        Image y255 = SpecImages.reconstruction(61, 83, 1, 1);
        Image x1 = SpecImages.original(61, 83, 1, 255);
        Image y1 = SpecImages.reconstruction(61, 83, 1, 255);
        for (SsimVariant v : SsimVariant.values()) {
            double a = new Ssim(v, 255, 0.01, 0.03, false).compute(y255, x255).value();
            double b = new Ssim(v).compute(y1, x1).value();
            assertRel(a, b, 1e-12, v.configName());
        }
    }

    @Test
    void seedZeroPadLossOn61x83() {
        // spec §4: seed 1 - SSIM (zero pad, float64 window) on [0,1]-scaled inputs
        MetricResult r = MetricCatalog.get("ssim_loss").create(Map.of("variant", "zero_pad"))
                .compute(SpecImages.reconstruction(61, 83, 1, 255), SpecImages.original(61, 83, 1, 255));
        assertRel(0.06115281565635977, r.value(), REL, "1 - ssim zero_pad 61x83");
        MetricResult s = MetricCatalog.get("ssim").create(Map.of("variant", "zero_pad"))
                .compute(SpecImages.reconstruction(61, 83, 1, 255), SpecImages.original(61, 83, 1, 255));
        assertRel(0.938847184344, s.value(), REL, "ssim zero_pad 61x83");
    }

    @Test
    void ssimIsSymmetric() {
        Image x = SpecImages.original(64, 64, 3, 255);
        Image y = SpecImages.reconstruction(64, 64, 3, 255);
        for (SsimVariant v : SsimVariant.values()) {
            Ssim k = new Ssim(v);
            assertRel(k.compute(y, x).value(), k.compute(x, y).value(), 1e-14, v.configName());
        }
    }

    @Test
    void downsampleFactors() {
        Ssim matlab = new Ssim(SsimVariant.MATLAB);
        Ssim piq = new Ssim(SsimVariant.PIQ);
        assertEquals(1, matlab.downsampleFactor(383, 1000));
        assertEquals(2, matlab.downsampleFactor(384, 1000));
        assertEquals(3, matlab.downsampleFactor(640, 700)); // 2.5 -> 3 (away from zero)
        assertEquals(2, piq.downsampleFactor(640, 700));    // 2.5 -> 2 (half to even)
        assertEquals(2, piq.downsampleFactor(384, 512));    // 1.5 -> 2
        assertEquals(3, piq.downsampleFactor(700, 900));
        assertEquals(1, new Ssim(SsimVariant.WANG).downsampleFactor(5000, 5000));
    }

    // ---- edge cases (spec §1.5)

    @Test
    void identicalImagesScoreOne() {
        Image x = SpecImages.original(37, 41, 3, 255);
        for (SsimVariant v : SsimVariant.values()) {
            assertEquals(1.0, new Ssim(v).compute(x, x).value(), 1e-15, v.configName());
            assertEquals(0.0, new Ssim(v, 1, 0.01, 0.03, true).compute(x, x).value(), 1e-15, v.configName());
        }
    }

    @Test
    void constantImagesScoreTheLuminanceTerm() {
        double a = 0.25;
        double b = 0.5;
        Image x = constant(20, 30, a);
        Image y = constant(20, 30, b);
        double c1 = 0.01 * 0.01;
        double expected = (2 * a * b + c1) / (a * a + b * b + c1); // cs = C2/C2 = 1; ~0.8000640
        assertEquals(0.8000640, expected, 1e-7);
        for (SsimVariant v : new SsimVariant[] {SsimVariant.WANG, SsimVariant.SKIMAGE, SsimVariant.TORCHMETRICS,
            SsimVariant.PIQ, SsimVariant.MATLAB}) {
            assertRel(expected, new Ssim(v).compute(y, x).value(), 1e-12, v.configName());
        }
        // pytorch_msssim's float32 window sums to 1 - 1.7e-8, so its local means of a constant are
        // slightly off and the luminance term moves by ~4e-6: that is the reference's behaviour
        assertRel(expected, new Ssim(SsimVariant.PYTORCH_MSSSIM).compute(y, x).value(), 1e-5, "pytorch_msssim");
    }

    @Test
    void constantImagesWithZeroConstantsAreNotANumber() {
        Image x = constant(20, 30, 0.0);
        MetricResult r = new Ssim(SsimVariant.WANG, 1, 0, 0, false).compute(x, x);
        assertFalse(r.hasValue());
        assertEquals(ErrorCode.NOT_A_NUMBER, r.errorCode());
    }

    @Test
    void antiCorrelatedImagesScoreNegative() {
        Image x = SpecImages.original(64, 64, 1, 255);
        double[] inv = x.plane(0).clone();
        for (int i = 0; i < inv.length; i++) {
            inv[i] = 1 - inv[i];
        }
        Image y = Image.ofPlanes(64, 64, inv);
        for (SsimVariant v : SsimVariant.values()) {
            double s = new Ssim(v).compute(y, x).value();
            // the zero-padded borders of zero_pad pull its mean towards 0
            assertTrue(s < (v == SsimVariant.ZERO_PAD ? -0.3 : -0.5), v.configName() + " gave " + s);
            assertTrue(new Ssim(v, 1, 0.01, 0.03, true).compute(y, x).value() > 1.3, v.configName());
        }
    }

    @Test
    void tooSmallImagesHaveAClearReason() {
        Image x = constant(8, 8, 0.5);
        MetricResult r = new Ssim(SsimVariant.WANG).compute(x, x);
        assertNull(r.value());
        assertEquals(ErrorCode.TOO_SMALL, r.errorCode());
        assertTrue(r.message().contains("image 8x8 is smaller than the 11x11 SSIM window"), r.message());

        MetricResult row = new Ssim(SsimVariant.PYTORCH_MSSSIM).compute(constant(1, 500, 0.2), constant(1, 500, 0.3));
        assertEquals(ErrorCode.TOO_SMALL, row.errorCode());
        assertTrue(row.message().contains("image 1x500"), row.message());

        MetricResult sk = new Ssim(SsimVariant.SKIMAGE).compute(constant(6, 50, 0.2), constant(6, 50, 0.3));
        assertEquals(ErrorCode.TOO_SMALL, sk.errorCode());
        assertTrue(sk.message().contains("7x7"), sk.message());
        assertTrue(new Ssim(SsimVariant.SKIMAGE).compute(constant(7, 7, 0.2), constant(7, 7, 0.3)).hasValue());

        MetricResult tm = new Ssim(SsimVariant.TORCHMETRICS).compute(constant(5, 50, 0.2), constant(5, 50, 0.3));
        assertEquals(ErrorCode.TOO_SMALL, tm.errorCode());
        assertTrue(tm.message().contains("reflect padding by 5"), tm.message());
        assertTrue(new Ssim(SsimVariant.TORCHMETRICS).compute(constant(6, 6, 0.2), constant(6, 6, 0.3)).hasValue());

        // the zero-padded seed SSIM is defined for any size
        assertTrue(new Ssim(SsimVariant.ZERO_PAD).compute(constant(1, 1, 0.2), constant(1, 1, 0.3)).hasValue());
    }

    @Test
    void shapeMismatchIsAValueNotAnException() {
        MetricResult r = new Ssim(SsimVariant.WANG).compute(constant(20, 20, 0.1), constant(20, 21, 0.1));
        assertEquals(ErrorCode.NOT_APPLICABLE, r.errorCode());
    }

    @Test
    void oneKernelOverManySizesMatchesFreshKernels() {
        int[][] sizes = {{64, 64, 3}, {17, 31, 1}, {181, 203, 1}, {11, 11, 2}, {400, 520, 1}, {12, 13, 1}, {64, 64, 3}};
        for (SsimVariant v : SsimVariant.values()) {
            Ssim reused = new Ssim(v);
            for (int[] s : sizes) {
                Image x = SpecImages.original(s[0], s[1], s[2], 255);
                Image y = SpecImages.reconstruction(s[0], s[1], s[2], 255);
                MetricResult fresh = new Ssim(v).compute(y, x);
                MetricResult again = reused.compute(y, x);
                assertEquals(fresh, again, v.configName() + " " + s[0] + "x" + s[1] + "x" + s[2]);
            }
        }
    }

    @Test
    void parametersAreValidated() {
        MetricDefinition d = MetricCatalog.get("ssim");
        ParameterException e = org.junit.jupiter.api.Assertions.assertThrows(ParameterException.class,
                () -> d.bind(Map.of("variant", "gaussian")));
        assertTrue(e.getMessage().startsWith("variant: must be one of wang, skimage"), e.getMessage());
        assertThrowsNamed(d, "data_range", "0");
        assertThrowsNamed(d, "data_range", "-1");
        assertThrowsNamed(d, "k1", "-0.01");
        assertThrowsNamed(d, "k2", "abc");
        assertEquals("wang", d.bind(Map.of()).getString("variant"));
        assertEquals(1.0, d.bind(Map.of()).getDouble("data_range"));
    }

    private static void assertThrowsNamed(MetricDefinition d, String name, String value) {
        ParameterException e = org.junit.jupiter.api.Assertions.assertThrows(ParameterException.class,
                () -> d.bind(Map.of(name, value)));
        assertEquals(name, e.parameter());
    }

    public static Image constant(int h, int w, double v) {
        double[] p = new double[h * w];
        java.util.Arrays.fill(p, v);
        return Image.ofPlanes(w, h, p);
    }

    @Test
    void windowParametersAreValidatedWithClearMessages() {
        MetricDefinition d = MetricCatalog.get("ssim");
        ParameterException even = org.junit.jupiter.api.Assertions.assertThrows(ParameterException.class,
                () -> d.bind(Map.of("window_size", 10)));
        assertEquals("window_size: must be odd, got 10", even.getMessage());
        ParameterException one = org.junit.jupiter.api.Assertions.assertThrows(ParameterException.class,
                () -> d.bind(Map.of("window_size", "1")));
        assertEquals("window_size: must be >= 3, got 1", one.getMessage());
        assertEquals("window_size: must be <= 1001, got 1003", org.junit.jupiter.api.Assertions.assertThrows(
                ParameterException.class, () -> d.bind(Map.of("window_size", 1003))).getMessage());
        assertCreateFails(d, Map.of("variant", "torchmetrics", "gaussian_sigma", "1e9"), "gaussian_sigma");
        assertThrowsNamed(d, "gaussian_sigma", "0");
        assertThrowsNamed(d, "gaussian_sigma", "-1.5");
        // combinations a variant does not have are rejected when the kernel is built, naming the parameter
        assertCreateFails(d, Map.of("variant", "skimage", "gaussian_sigma", "1.0"), "gaussian_sigma");
        assertCreateFails(d, Map.of("variant", "torchmetrics", "window_size", "7"), "window_size");
        assertCreateFails(d, Map.of("variant", "pytorch_msssim", "window_size", "7"), "window_size");
        assertCreateFails(d, Map.of("variant", "pytorch_msssim", "gaussian_sigma", "2"), "gaussian_sigma");
        // the defaults spelled out are fine everywhere they exist
        Image x = SpecImages.original(61, 83, 1, 255);
        Image y = SpecImages.reconstruction(61, 83, 1, 255);
        assertEquals(new Ssim(SsimVariant.PYTORCH_MSSSIM).compute(y, x),
                d.create(Map.of("variant", "pytorch_msssim", "window_size", 11, "gaussian_sigma", 1.5)).compute(y, x));
        assertEquals(new Ssim(SsimVariant.WANG).compute(y, x),
                d.create(Map.of("window_size", 11, "gaussian_sigma", 1.5)).compute(y, x));
        assertEquals(new Ssim(SsimVariant.SKIMAGE).compute(y, x),
                d.create(Map.of("variant", "skimage", "window_size", 7)).compute(y, x));
        assertEquals(new Ssim(SsimVariant.TORCHMETRICS).compute(y, x),
                d.create(Map.of("variant", "torchmetrics", "gaussian_sigma", 1.5)).compute(y, x));
    }

    @Test
    void smallerWindowsFitSmallerImages() {
        Image x = constant(8, 8, 0.5);
        MetricResult r = MetricCatalog.get("ssim").create(Map.of("window_size", 7)).compute(x, x);
        assertEquals(1.0, r.value(), 1e-15);
        MetricResult tooSmall = MetricCatalog.get("ssim").create(Map.of("window_size", 9)).compute(x, x);
        assertTrue(tooSmall.message().contains("smaller than the 9x9 SSIM window"), tooSmall.message());
    }

    private static void assertCreateFails(MetricDefinition d, Map<String, ?> raw, String parameter) {
        ParameterException e = org.junit.jupiter.api.Assertions.assertThrows(ParameterException.class, () -> d.create(raw));
        assertEquals(parameter, e.parameter(), e.getMessage());
    }
}
