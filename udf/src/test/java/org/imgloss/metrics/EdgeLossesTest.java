package org.imgloss.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalogue entries of the edge, SAR and combined losses: names, documentation, parameter checks. */
class EdgeLossesTest {

    private static final List<String> NAMES = List.of("gradient_l1", "laplacian_l1", "total_variation",
            "total_variation_diff", "mse_ssim", "sar_reconstruction", "enl", "enl_loss", "ratio_mean", "ratio_variance");

    @Test
    void everyMetricIsRegisteredAndDocumented() {
        for (String name : NAMES) {
            MetricDefinition d = MetricCatalog.get(name);
            assertFalse(d.summary().isBlank(), name);
            assertFalse(d.reference().isBlank(), name);
            for (Parameter p : d.parameters()) {
                assertFalse(p.description().isBlank(), name + "." + p.name());
            }
        }
    }

    @Test
    void defaults() {
        MetricParameters mse = MetricCatalog.get("mse_ssim").bind(Map.of());
        assertEquals(0.5, mse.getDouble("mse_weight"));
        assertEquals(0.5, mse.getDouble("ssim_weight"));
        assertEquals("zero_pad", mse.getString("ssim_variant"));
        assertFalse(mse.has("data_range"));
        MetricParameters sar = MetricCatalog.get("sar_reconstruction").bind(Map.of());
        assertEquals(0.1, sar.getDouble("edge_weight"));
        MetricParameters enl = MetricCatalog.get("enl_loss").bind(Map.of());
        assertEquals("auto", enl.getString("mask"));
        assertEquals(15, enl.getInt("window"));
        assertEquals(15, enl.getInt("mask_window"));
        assertFalse(enl.has("mask_threshold"));
        assertEquals("reconstruction", MetricCatalog.get("enl").bind(Map.of()).getString("image"));
    }

    @Test
    void badValuesAreRejectedNamingTheParameter() {
        ParameterException even = assertThrows(ParameterException.class,
                () -> MetricCatalog.get("enl_loss").bind(Map.of("window", "4")));
        assertEquals("window", even.parameter());
        assertTrue(even.getMessage().contains("odd"), even.getMessage());
        assertThrows(ParameterException.class, () -> MetricCatalog.get("enl").bind(Map.of("mask_threshold", -1.0)));
        assertThrows(ParameterException.class, () -> MetricCatalog.get("enl").bind(Map.of("mask_window", 0)));
        assertThrows(ParameterException.class, () -> MetricCatalog.get("enl").bind(Map.of("image", "both")));
        assertThrows(ParameterException.class, () -> MetricCatalog.get("ratio_mean").bind(Map.of("ratio", "difference")));
        assertThrows(ParameterException.class, () -> MetricCatalog.get("mse_ssim").bind(Map.of("mse_weight", -0.1)));
        assertThrows(ParameterException.class, () -> MetricCatalog.get("sar_reconstruction").bind(Map.of("edge", 0.1)));
    }

    @Test
    void compactSpecRoundTrips() {
        List<MetricSpec> specs = MetricSpec.parseList(
                "enl_loss(mask=homogeneous_mask) as enl_l, enl(mask=ones, image=original), total_variation_diff");
        assertEquals("homogeneous_mask", specs.get(0).parameters().getString("mask"));
        assertEquals("enl_l", specs.get(0).alias());
        for (MetricSpec s : specs) {
            MetricSpec back = MetricSpec.parseList(s.toSpecString()).get(0);
            assertEquals(s.parameters().toString(), back.parameters().toString());
        }
    }
}
