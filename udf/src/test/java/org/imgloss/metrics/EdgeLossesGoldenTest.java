package org.imgloss.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.imgloss.image.Image;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every golden value of {@code ../shared/golden/expected.json} that the gradient, Laplacian, TV and
 * ENL kernels cover, in every case and domain, overall and per channel.
 */
class EdgeLossesGoldenTest {

    private static final List<EdgeGolden.Entry> ENTRIES = EdgeGolden.entries();

    /** A golden value name, the metric spec that should reproduce it, and the relative tolerance. */
    private record Check(String key, String spec, double tol, boolean onOriginal) {
    }

    private static final List<Check> CHECKS = List.of(
            new Check("gradient_loss_sobel_l1", "gradient_l1", 1e-12, false),
            new Check("laplacian_loss_l1", "laplacian_l1", 1e-12, false),
            new Check("tv_loss_recon", "total_variation", 1e-12, false),
            new Check("tv_loss_orig", "total_variation", 1e-12, true),
            new Check("enl_loss_mask", "enl_loss(mask=mask)", 1e-10, false),
            new Check("enl_loss_mask_ones", "enl_loss(mask=ones)", 1e-5, false),
            new Check("combined_mse0.5_ssim0.5", "mse_ssim", 1e-12, false),
            new Check("combined_mse0.16_ssim0.84", "mse_ssim(mse_weight=0.16, ssim_weight=0.84)", 1e-12, false),
            new Check("combined_mse1_ssim1", "mse_ssim(mse_weight=1, ssim_weight=1)", 1e-12, false),
            new Check("sar_loss_mse0.5_ssim0.5_edge0.1", "sar_reconstruction", 1e-12, false));

    @TestFactory
    List<DynamicTest> goldenValues() {
        List<DynamicTest> tests = new ArrayList<>();
        for (EdgeGolden.Entry e : ENTRIES) {
            for (Check check : CHECKS) {
                EdgeGolden.addCheck(tests, e, check.key(), check.spec(), check.tol(),
                        (kernel, entry, r, o) -> value(kernel, entry, r, o, check));
            }
            JsonNode tvR = e.values().get("tv_loss_recon");
            JsonNode tvO = e.values().get("tv_loss_orig");
            if (tvR != null && tvO != null) {
                tests.add(DynamicTest.dynamicTest(e.label() + " total_variation_diff", () -> {
                    double v = MetricSpec.of("total_variation_diff").newKernel().compute(e.reconstruction(), e.original())
                            .value();
                    double expected = tvR.asDouble() - tvO.asDouble();
                    assertTrue(Math.abs(v - expected) <= 1e-12 * Math.max(tvR.asDouble(), tvO.asDouble()),
                            e.label() + ": total_variation_diff " + v + " vs " + expected);
                }));
            }
        }
        assertTrue(tests.size() > 150, "expected golden checks for every case, got " + tests.size());
        return tests;
    }

    private static double value(PairMetric kernel, EdgeGolden.Entry e, Image recon, Image orig, Check check) {
        PairInputs inputs = e.mask() == null ? PairInputs.NONE : new PairInputs(Map.of(), Map.of("mask", e.mask()));
        Image r = check.onOriginal() ? orig : recon;
        MetricResult result = kernel.compute(r, orig, inputs);
        assertTrue(result.hasValue(), e.label() + " " + check.key() + ": " + result.message());
        return result.value();
    }
}
