package org.imgloss.metrics.blur;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.imgloss.image.Image;
import org.junit.jupiter.api.Test;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricParameters;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.ParameterException;
import org.imgloss.metrics.SpecImages;

/** The BlurSim catalogue entries. */
class BlurLossesTest {

    @Test
    void defaultsAndChecks() {
        for (String name : new String[] {"blursim", "blursim_spectral"}) {
            MetricParameters p = MetricCatalog.get(name).bind(Map.of());
            assertEquals(0.9, p.getDouble("alpha"), name);
            assertEquals("combined", p.getString("term"), name);
            assertThrows(ParameterException.class, () -> MetricCatalog.get(name).bind(Map.of("alpha", 1.5)));
            assertThrows(ParameterException.class, () -> MetricCatalog.get(name).bind(Map.of("term", "magnitude")));
        }
    }

    @Test
    void specificTermIsSharedByBothVariants() {
        Image y = SpecImages.reconstruction(30, 41, 3, 255);
        Image x = SpecImages.original(30, 41, 3, 255);
        double a = MetricSpec.parseList("blursim(term=specific)").get(0).newKernel().compute(y, x).value();
        double b = MetricSpec.parseList("blursim_spectral(term=specific)").get(0).newKernel().compute(y, x).value();
        assertEquals(a, b);
    }
}
