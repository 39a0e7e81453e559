package org.imgloss.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The catalogue without the imgloss-perceptual jar (not a dependency of this module): perceptual
 * and lpips are absent, and asking for them names the jar instead of calling them unknown.
 */
class MetricCatalogOptionalJarTest {

    @Test
    void withoutThePerceptualJarItsMetricsAreNotListed() {
        assertFalse(MetricCatalog.names().contains("perceptual"));
        assertFalse(MetricCatalog.names().contains("lpips"));
        assertTrue(MetricCatalog.find("lpips").isEmpty());
        assertTrue(MetricCatalog.names().containsAll(List.of("mse", "ssim", "blursim", "metameric")));
    }

    @Test
    void theMissingJarIsNamed() {
        assertEquals(Optional.of("imgloss-perceptual"), MetricCatalog.missingJar("perceptual"));
        assertEquals(Optional.of("imgloss-perceptual"), MetricCatalog.missingJar("lpips"));
        assertEquals(Optional.empty(), MetricCatalog.missingJar("ssim"));
        assertEquals(Optional.empty(), MetricCatalog.missingJar("nosuch"));
        assertEquals(Map.of("perceptual", "imgloss-perceptual", "lpips", "imgloss-perceptual"), MetricCatalog.missingJars());
        assertEquals(List.of("perceptual", "lpips"), List.copyOf(MetricCatalog.missingJars().keySet()));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricCatalog.get("lpips"));
        assertTrue(e.getMessage().contains("'lpips'") && e.getMessage().contains("imgloss-perceptual jar")
                && !e.getMessage().contains("unknown"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MetricSpec.parseList("mse, perceptual(model=/m.onnx)"));
        assertTrue(e.getMessage().contains("imgloss-perceptual"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MetricCatalog.get("nosuch"));
        assertTrue(e.getMessage().startsWith("unknown metric 'nosuch' (known: mse, "), e.getMessage());
    }
}
