package org.imgloss.metrics.ssim;

import static org.imgloss.metrics.SpecImages.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

/** MS-SSIM against the spec's integer test vectors (§2.7, L = 255) and its size rules (§2.2–§2.8). */
class MsSsimTest {

    private static final double REL = 1e-9;

    static Stream<Arguments> table27() {
        return Stream.of(
                Arguments.of(181, 203, 1, "pytorch_msssim", 0.995213374367),
                Arguments.of(192, 256, 3, "pytorch_msssim", 0.995672320450),
                Arguments.of(400, 520, 1, "pytorch_msssim", 0.995680921896),
                Arguments.of(181, 203, 1, "torchmetrics", 0.995695751120),
                Arguments.of(192, 256, 3, "torchmetrics", 0.995670968064),
                Arguments.of(400, 520, 1, "torchmetrics", 0.995678748849),
                Arguments.of(181, 203, 1, "piq", 0.995242253052),
                Arguments.of(192, 256, 3, "piq", 0.995672307191),
                Arguments.of(400, 520, 1, "piq", 0.995670742991),
                Arguments.of(181, 203, 1, "matlab", 0.995696741251),
                Arguments.of(192, 256, 3, "matlab", 0.995672307191),
                Arguments.of(400, 520, 1, "matlab", 0.995681333909));
    }

    @ParameterizedTest(name = "{0}x{1}x{2} {3}")
    @MethodSource("table27")
    void specTable27(int h, int w, int c, String downsample, double expected) {
        PairMetric ms = MetricCatalog.get("ms_ssim").create(Map.of("downsample", downsample, "data_range", "255"));
        MetricResult r = ms.compute(SpecImages.reconstruction(h, w, c, 1), SpecImages.original(h, w, c, 1));
        assertTrue(r.hasValue(), () -> r.message());
        assertRel(expected, r.value(), REL, h + "x" + w + "x" + c + " " + downsample);
    }

    /**
     * Spec §2.7 per-scale values (192×256, channel 0): a one-hot weight vector isolates one scale's
     * cs̄ (weight on scale j of j+2 scales) or ssim̄ (weight on the last of j+1 scales).
     */
    @Test
    void perScaleValuesOfTheEvenCase() {
        // (the spec also lists cs at scale 5, 0.999946133371; MS-SSIM never uses it)
        double[] cs = {0.936060171451, 0.995838378603, 0.999552060751, 0.999882557426};
        double[] ssim = {0.935812205680, 0.995809400966, 0.999549171818, 0.999881986881, 0.999945636613};
        Image x = SpecImages.original(192, 256, 1, 1);
        Image y = SpecImages.reconstruction(192, 256, 1, 1);
        for (int j = 0; j < 5; j++) {
            double[] wSsim = new double[j + 1];
            wSsim[j] = 1;
            MsSsim mSsim = new MsSsim(MsSsimDownsample.MATLAB, wSsim, 255, 0.01, 0.03);
            assertRel(ssim[j], mSsim.compute(y, x).value(), REL, "ssim at scale " + (j + 1));
            if (j < 4) {
                double[] wCs = new double[j + 2];
                wCs[j] = 1;
                MsSsim mCs = new MsSsim(MsSsimDownsample.MATLAB, wCs, 255, 0.01, 0.03);
                assertRel(cs[j], mCs.compute(y, x).value(), REL, "cs at scale " + (j + 1));
            }
        }
    }

    @Test
    void minimumSizesFollowEachReference() {
        assertEquals(161, new MsSsim(MsSsimDownsample.PYTORCH_MSSSIM).minimumSide());
        assertEquals(161, new MsSsim(MsSsimDownsample.PIQ).minimumSide());
        assertEquals(176, new MsSsim(MsSsimDownsample.MATLAB).minimumSide());
        assertEquals(176, new MsSsim(MsSsimDownsample.TORCHMETRICS).minimumSide());
        double[] three = {0.3, 0.3, 0.4};
        // pytorch_msssim keeps its > 160 rule whatever the number of weights; the others scale with M
        assertEquals(161, new MsSsim(MsSsimDownsample.PYTORCH_MSSSIM, three, 1, 0.01, 0.03).minimumSide());
        assertEquals(41, new MsSsim(MsSsimDownsample.PIQ, three, 1, 0.01, 0.03).minimumSide());
        assertEquals(44, new MsSsim(MsSsimDownsample.MATLAB, three, 1, 0.01, 0.03).minimumSide());
        assertEquals(44, new MsSsim(MsSsimDownsample.TORCHMETRICS, three, 1, 0.01, 0.03).minimumSide());
        // torchmetrics, 4 scales: floor(side/9) > 10 -> 99 (the divisor is (M-1)^2, not 2^(M-1))
        assertEquals(99, new MsSsim(MsSsimDownsample.TORCHMETRICS, new double[] {0.25, 0.25, 0.25, 0.25}, 1, 0.01, 0.03)
                .minimumSide());
    }

    @Test
    void tooSmallNamesTheMinimumSize() {
        Image x = SpecImages.original(160, 300, 1, 255);
        Image y = SpecImages.reconstruction(160, 300, 1, 255);
        MetricResult r = new MsSsim(MsSsimDownsample.PYTORCH_MSSSIM).compute(y, x);
        assertEquals(ErrorCode.TOO_SMALL, r.errorCode());
        assertTrue(r.message().contains("image 160x300") && r.message().contains("at least 161"), r.message());
        assertTrue(new MsSsim(MsSsimDownsample.PYTORCH_MSSSIM).compute(
                SpecImages.reconstruction(161, 161, 1, 255), SpecImages.original(161, 161, 1, 255)).hasValue());
        MetricResult t = new MsSsim(MsSsimDownsample.TORCHMETRICS).compute(
                SpecImages.reconstruction(175, 400, 1, 255), SpecImages.original(175, 400, 1, 255));
        assertEquals(ErrorCode.TOO_SMALL, t.errorCode());
        assertTrue(t.message().contains("at least 176"), t.message());
        MetricResult tiny = new MsSsim(MsSsimDownsample.PIQ).compute(SsimTest.constant(1, 900, 0.1), SsimTest.constant(1, 900, 0.1));
        assertEquals(ErrorCode.TOO_SMALL, tiny.errorCode());
    }

    @Test
    void identicalImagesScoreOneAndAntiCorrelatedClampToZero() {
        Image x = SpecImages.original(181, 203, 2, 255);
        double[][] inv = new double[2][];
        for (int c = 0; c < 2; c++) {
            inv[c] = x.plane(c).clone();
            for (int i = 0; i < inv[c].length; i++) {
                inv[c][i] = 1 - inv[c][i];
            }
        }
        Image y = Image.ofPlanes(203, 181, inv);
        for (MsSsimDownsample d : MsSsimDownsample.values()) {
            assertEquals(1.0, new MsSsim(d).compute(x, x).value(), 1e-14, d.configName());
            MetricResult r = new MsSsim(d).compute(y, x);
            assertTrue(r.hasValue(), d.configName());
            assertEquals(0.0, r.value(), 0.0, d.configName() + ": negative cs is clamped, never NaN");
        }
    }

    @Test
    void piqRenormalisesCustomWeightsOthersDoNot() {
        Image x = SpecImages.original(192, 256, 1, 255);
        Image y = SpecImages.reconstruction(192, 256, 1, 255);
        double[] w = {0.2, 0.2, 0.2};
        double[] half = {0.1, 0.1, 0.1};
        double piqA = new MsSsim(MsSsimDownsample.PIQ, w, 1, 0.01, 0.03).compute(y, x).value();
        double piqB = new MsSsim(MsSsimDownsample.PIQ, half, 1, 0.01, 0.03).compute(y, x).value();
        assertRel(piqA, piqB, 1e-14, "piq custom weights renormalised");
        double mA = new MsSsim(MsSsimDownsample.MATLAB, w, 1, 0.01, 0.03).compute(y, x).value();
        double mB = new MsSsim(MsSsimDownsample.MATLAB, half, 1, 0.01, 0.03).compute(y, x).value();
        assertRel(mA, mB * mB, 1e-12, "matlab uses weights as given: doubling them squares the product");
    }

    @Test
    void oneKernelOverManySizesMatchesFreshKernels() {
        int[][] sizes = {{192, 256, 3}, {181, 203, 1}, {400, 520, 1}, {177, 179, 2}, {192, 256, 3}};
        for (MsSsimDownsample d : MsSsimDownsample.values()) {
            MsSsim reused = new MsSsim(d);
            for (int[] s : sizes) {
                Image x = SpecImages.original(s[0], s[1], s[2], 255);
                Image y = SpecImages.reconstruction(s[0], s[1], s[2], 255);
                assertEquals(new MsSsim(d).compute(y, x), reused.compute(y, x),
                        d.configName() + " " + s[0] + "x" + s[1] + "x" + s[2]);
            }
        }
    }

    @Test
    void parametersAreValidated() {
        MetricDefinition d = MetricCatalog.get("ms_ssim");
        assertEquals("pytorch_msssim", d.bind(Map.of()).getString("downsample"));
        org.junit.jupiter.api.Assertions.assertArrayEquals(MsSsim.DEFAULT_WEIGHTS, d.bind(Map.of()).getDoubleList("weights"));
        assertEquals(3, d.bind(Map.of("weights", "0.2|0.3|0.5")).getDoubleList("weights").length);
        ParameterException e = assertThrows(ParameterException.class, () -> d.bind(Map.of("weights", "0.5|-0.1")));
        assertEquals("weights", e.parameter());
        assertThrows(ParameterException.class, () -> d.bind(Map.of("downsample", "bilinear")));
        assertThrows(ParameterException.class, () -> d.bind(Map.of("data_range", "0")));
    }

    @Test
    void smallerWindowsLowerTheMinimumSize() {
        double[] w5 = MsSsim.DEFAULT_WEIGHTS;
        // piq: (k-1)*2^(M-1)+1; matlab: min/2^(M-1) >= k
        assertEquals(97, new MsSsim(MsSsimDownsample.PIQ, w5, 1, 0.01, 0.03, 7, null).minimumSide());
        assertEquals(112, new MsSsim(MsSsimDownsample.MATLAB, w5, 1, 0.01, 0.03, 7, null).minimumSide());
        // torchmetrics keeps kernel_size 11 in its check whatever sigma makes of the window
        assertEquals(176, new MsSsim(MsSsimDownsample.TORCHMETRICS, w5, 1, 0.01, 0.03, null, 1.0).minimumSide());
        Image x = SpecImages.original(97, 131, 3, 255);
        Image y = SpecImages.reconstruction(97, 131, 3, 255);
        MetricResult r = MetricCatalog.get("ms_ssim").create(Map.of("downsample", "piq", "window_size", 7)).compute(y, x);
        assertTrue(r.hasValue(), () -> r.message());
        assertEquals(ErrorCode.TOO_SMALL,
                MetricCatalog.get("ms_ssim").create(Map.of("downsample", "piq")).compute(y, x).errorCode());
    }

    @Test
    void oneScaleIsSingleScaleSsim() {
        // with one weight of 1 the product is the mean SSIM of scale 1: ties MS-SSIM to the SSIM kernel
        Image x = SpecImages.original(37, 41, 2, 255);
        Image y = SpecImages.reconstruction(37, 41, 2, 255);
        double[] one = {1.0};
        for (Integer ws : new Integer[] {null, 7}) {
            double wang = new Ssim(SsimVariant.WANG, 1, 0.01, 0.03, false, ws, null).compute(y, x).value();
            assertRel(wang, new MsSsim(MsSsimDownsample.MATLAB, one, 1, 0.01, 0.03, ws, null).compute(y, x).value(),
                    1e-14, "matlab window " + ws);
            assertRel(wang, new MsSsim(MsSsimDownsample.PIQ, one, 1, 0.01, 0.03, ws, null).compute(y, x).value(),
                    1e-14, "piq window " + ws);
        }
        double tm = new Ssim(SsimVariant.TORCHMETRICS).compute(y, x).value();
        assertRel(tm, new MsSsim(MsSsimDownsample.TORCHMETRICS, one, 1, 0.01, 0.03).compute(y, x).value(),
                1e-14, "torchmetrics (weight 1.0 is exact in float32)");
    }

    @Test
    void windowParametersAreValidated() {
        MetricDefinition d = MetricCatalog.get("ms_ssim");
        ParameterException even = assertThrows(ParameterException.class, () -> d.bind(Map.of("window_size", "10")));
        assertEquals("window_size: must be odd, got '10'", even.getMessage());
        assertEquals("window_size",
                assertThrows(ParameterException.class, () -> d.create(Map.of("window_size", "7"))).parameter(),
                "pytorch_msssim has only its 11-tap window");
        assertEquals("window_size", assertThrows(ParameterException.class,
                () -> d.create(Map.of("downsample", "torchmetrics", "window_size", "7"))).parameter());
        assertTrue(d.create(Map.of("downsample", "matlab", "window_size", "7", "gaussian_sigma", "1.0")) instanceof MsSsim);
    }
}
