package org.imgloss.metrics.metamer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.imgloss.image.Image;
import org.junit.jupiter.api.Test;

/**
 * The golden comparisons are sharp enough to notice a wrong filter tap: perturbing a single tap by
 * 1e−3 (about 2 % of a typical band tap) makes them fail.
 */
class PerturbedFilterTest {

    private static double worstMetamericRatio(String which, int i, int j) {
        JsonNode rows = MetamerGolden.expected().get("metameric_loss").get("rows");
        double worst = 0;
        for (JsonNode row : rows) {
            // the 128² astronaut rows, n = 2, both modes and foveal settings
            if (!row.get("target").asText().equals("astronaut_128.png") || row.get("n_orientations").asInt() != 2) {
                continue;
            }
            boolean quadratic = row.get("mode").asText().equals("quadratic");
            boolean l2 = row.get("use_l2_foveal_loss").asBoolean();
            MetamericLoss.Settings s = MetamericLossGoldenTest.settings(2, quadratic, row.get("alpha").asDouble(), l2);
            MetamericLoss loss = new MetamericLoss(s, GazeSource.DEFAULT,
                    SteerableFilters.cropped(2).withTapAdded(which, i, j, 1e-3));
            Image image = MetamerGolden.input(row.get("image").asText());
            Image target = MetamerGolden.input(row.get("target").asText());
            double v = loss.parts(image, target, 0.5, 0.5).loss();
            double tol = MetamericLossGoldenTest.tolerance(2, quadratic, l2);
            worst = Math.max(worst, MetamerGolden.rel(v, row.get("loss").asDouble()) / tol);
        }
        return worst;
    }

    @Test
    void aPerturbedBandTapFailsTheMetamericGoldenComparison() {
        double worst = worstMetamericRatio("b0", 1, 3);
        assertTrue(worst > 1, "perturbed b0 tap still within tolerance (worst error / tolerance = " + worst + ")");
    }

    @Test
    void aPerturbedLowpassTapFailsTheMetamericGoldenComparison() {
        double worst = worstMetamericRatio("l", 6, 6);
        assertTrue(worst > 1, "perturbed l tap still within tolerance (worst error / tolerance = " + worst + ")");
    }

    @Test
    void aPerturbedHighpassTapFailsTheMetamerComparison() {
        MetamerGenerator.Settings s = MetamerGoldenTest.settings(2, 0.2);
        MetamerGenerator g = new MetamerGenerator(s, s.filters().withTapAdded("h0", 2, 2, 1e-3));
        double[] d = MetamerGoldenTest.diff(g, "astronaut_128.png",
                "metamers/metamer_astronaut_128_n2_gaze0.5_0.5_alpha0.2.npy");
        assertTrue(d[0] >= 1e-4 || d[1] >= 1e-6, "perturbed h0 tap still matches odak's metamer: " + d[0] + ", " + d[1]);
    }
}
