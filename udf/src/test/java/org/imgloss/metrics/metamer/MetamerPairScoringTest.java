package org.imgloss.metrics.metamer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.Map;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.DecodeOptions;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.PairInputs;
import org.imgloss.scoring.PairScore;
import org.imgloss.scoring.PairScoring;
import org.junit.jupiter.api.Test;

/** The metamer losses through the compact metric spec and {@link PairScoring}, as SQL and the job use them. */
class MetamerPairScoringTest {

    private static byte[] bytes(String name) throws Exception {
        try (InputStream in = MetamerPairScoringTest.class.getResourceAsStream("/golden/metamer/inputs/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void encodedPairIsScoredWithGoldenValues() throws Exception {
        PairScoring scoring = new PairScoring(MetricSpec.parseList("metameric, metamer_mse,"
                + " metameric(mode=linear, use_l2_foveal_loss=false, alpha=0.4) as metameric_linear"), DecodeOptions.DEFAULT);
        PairScore s = scoring.score(bytes("astronaut_128_blur1.5.png"), bytes("astronaut_128.png"));
        assertNull(s.errorCode());
        // the catalogue defaults: quadratic, 2 orientations, alpha 0.2, foveal term on, gaze centre
        double metameric = MetamerGolden.metamericRow("astronaut_128_blur1.5.png", "astronaut_128.png", "quadratic", 2,
                0.2, true, 0.5, 0.5).get("loss").asDouble();
        double metamerMse = MetamerGolden.metamerMseRow("astronaut_128.png", 2, 0.2, 0.5, 0.5)
                .get("loss_blur_vs_metamer_of_clean").asDouble();
        double linear = MetamerGolden.metamericRow("astronaut_128_blur1.5.png", "astronaut_128.png", "linear", 2, 0.4,
                false, 0.5, 0.5).get("loss").asDouble();
        assertEquals(metameric, s.values().get("metameric"), 1e-4 * metameric);
        assertEquals(metamerMse, s.values().get("metamer_mse"), 1e-4 * metamerMse);
        assertEquals(linear, s.values().get("metameric_linear"), 1e-4 * linear);
    }

    @Test
    void gazeColumnsTravelWithThePairAndBadOnesAreValues() throws Exception {
        PairScoring scoring = new PairScoring(MetricSpec.parseList("metameric, metamer_mse"), DecodeOptions.DEFAULT);
        byte[] a = bytes("astronaut_128_blur1.5.png");
        byte[] b = bytes("astronaut_128.png");
        PairScore centre = scoring.score(a, b, new PairInputs(Map.of("gaze_x", "0.5", "gaze_y", "0.5"), Map.of()));
        assertEquals(scoring.score(a, b).values(), centre.values());
        PairScore moved = scoring.score(a, b, new PairInputs(Map.of("gaze_x", "0.25", "gaze_y", "0.6"), Map.of()));
        assertTrue(!moved.values().get("metameric").equals(centre.values().get("metameric")));
        PairScore bad = scoring.score(a, b, new PairInputs(Map.of("gaze_x", "n/a", "gaze_y", "0.6"), Map.of()));
        assertNull(bad.errorCode());
        assertNull(bad.values().get("metameric"));
        assertEquals(ErrorCode.NOT_APPLICABLE, bad.metricErrors().get("metameric"));
        assertEquals(ErrorCode.NOT_APPLICABLE, bad.metricErrors().get("metamer_mse"));
    }

    @Test
    void unusableSettingsAreRefusedWhenTheSpecIsParsed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetricSpec.parseList("metamer_mse(n_orientations=1)"));
        assertTrue(e.getMessage().contains("7e4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PairScoring(
                MetricSpec.parseList("metameric(use_fullres_l0=true)"), DecodeOptions.DEFAULT));
        assertTrue(e.getMessage().contains("use_l2_foveal_loss=false"), e.getMessage());
    }
}
