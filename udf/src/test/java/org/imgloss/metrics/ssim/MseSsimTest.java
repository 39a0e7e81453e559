package org.imgloss.metrics.ssim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.imgloss.errors.ErrorCode;
import org.imgloss.image.Image;
import org.junit.jupiter.api.Test;
import org.imgloss.metrics.EdgeFixtures;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.PairMetric;
import org.imgloss.metrics.ParameterException;
import org.imgloss.metrics.SpecImages;

public class MseSsimTest {

    /** A stand-in SSIM kernel with a fixed value, to check the combination on its own. */
    public static PairMetric fixedSsim(double value) {
        return (r, o) -> MetricResult.of(value);
    }

    @Test
    void weightsMseAndOneMinusSsim() {
        Image y = Image.ofPlanes(2, 1, new double[] {0.5, 0.25}, new double[] {0, 1});
        Image x = Image.ofPlanes(2, 1, new double[] {0.25, 0.25}, new double[] {0, 0.5});
        double mse = (0.0625 + 0 + 0 + 0.25) / 4;
        assertEquals(mse, MseSsim.mse(y, x), 1e-17);
        assertEquals(0.16 * mse + 0.84 * (1 - 0.9), new MseSsim(0.16, 0.84, fixedSsim(0.9)).compute(y, x).value(), 1e-16);
        assertEquals(mse + 0.3, new MseSsim(1, 1, fixedSsim(0.7)).compute(y, x).value(), 1e-16);
    }

    @Test
    void specVector61x83WithTheSeedsZeroPaddedSsim() {
        // metrics-spec §4 on [0, 1] data: MSE 0.0011560512095843, seed 1 − SSIM (zero pad, float64
        // window) 0.06115281565635977.
        Image y = SpecImages.reconstruction(61, 83, 1, 255);
        Image x = SpecImages.original(61, 83, 1, 255);
        PairMetric oneMinus = MetricSpec.parseList("mse_ssim(mse_weight=0, ssim_weight=1)").get(0).newKernel();
        EdgeFixtures.assertClose(0.06115281565635977, oneMinus.compute(y, x).value(), 1e-12, "1 - SSIM_seed 61x83");
        PairMetric k = MetricSpec.parseList("mse_ssim(mse_weight=0.16, ssim_weight=0.84)").get(0).newKernel();
        double combined = k.compute(y, x).value();
        EdgeFixtures.assertClose(0.16 * 0.0011560512095843 + 0.84 * 0.06115281565635977, combined, 1e-12, "combined 61x83");
        // The spec's printed 0.0515531312417949 was computed with the seed's float32-built window
        // (1 − SSIM ≈ 0.0611525751); with exact float64 weights the value sits 3.9e-6 relative above it.
        EdgeFixtures.assertClose(0.0515531312417949, combined, 5e-6, "combined 61x83, float32-window value");
    }

    @Test
    void ssimVariantIsCheckedAgainstTheSsimMetric() {
        org.junit.jupiter.api.Assertions.assertThrows(ParameterException.class,
                () -> MetricCatalog.get("mse_ssim").bind(java.util.Map.of("ssim_variant", "no_such_variant")));
        assertEquals("skimage", MetricCatalog.get("mse_ssim").bind(java.util.Map.of("ssim_variant", "skimage"))
                .getString("ssim_variant"));
        // data_range reaches the SSIM term: L = 255 on [0, 1] data makes C1, C2 huge and SSIM ≈ 1.
        Image y = SpecImages.reconstruction(20, 24, 1, 255);
        Image x = SpecImages.original(20, 24, 1, 255);
        double wide = MetricSpec.parseList("mse_ssim(mse_weight=0, ssim_weight=1, data_range=255)").get(0).newKernel()
                .compute(y, x).value();
        double unit = MetricSpec.parseList("mse_ssim(mse_weight=0, ssim_weight=1)").get(0).newKernel().compute(y, x).value();
        assertTrue(wide < unit / 100, wide + " vs " + unit);
    }

    @Test
    void ssimWithoutValueLeavesNoValue() {
        Image x = SpecImages.original(4, 4, 1, 255);
        PairMetric tooSmall = (r, o) -> MetricResult.notApplicable(ErrorCode.TOO_SMALL, "window 11 does not fit 4x4");
        MetricResult r = new MseSsim(0.5, 0.5, tooSmall).compute(x, x);
        assertFalse(r.hasValue());
        assertEquals(ErrorCode.TOO_SMALL, r.errorCode());
        assertTrue(r.message().contains("window 11"), r.message());
        // With no SSIM weight the SSIM kernel is not needed at all.
        assertEquals(0.0, new MseSsim(0.5, 0, tooSmall).compute(x, x).value());
    }
}
