package org.imgloss.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.imgloss.image.DecodeOptions;
import org.imgloss.metrics.MetricDefinition;
import org.imgloss.metrics.Parameter;
import org.junit.jupiter.api.Test;

class FunctionOptionsTest {

    @Test
    void emptyAndNullMeanDefaults() {
        assertEquals(FunctionOptions.NONE, FunctionOptions.parse(null));
        assertEquals(FunctionOptions.NONE, FunctionOptions.parse("  "));
    }

    @Test
    void decodeKeysGoToDecodeOptionsAndTheRestToTheMetric() {
        FunctionOptions o = FunctionOptions.parse(
                "variant=skimage, COLOR=Y_BT601, domain=db, eps=1e-6, normalize=original_minmax, "
                        + "max_pixels=1_000_000, data_range=255");
        assertEquals(Map.of("variant", "skimage", "data_range", "255"), o.metricParameters());
        assertEquals(new DecodeOptions(DecodeOptions.Color.Y_BT601, DecodeOptions.Domain.DB, 1e-6,
                DecodeOptions.Normalize.ORIGINAL_MINMAX, 1_000_000L), o.decode());
    }

    @Test
    void aMetricsOwnParameterWinsOverADecodeKeyOfTheSameName() {
        MetricDefinition withEps = new MetricDefinition("eps_metric", "test", MetricDefinition.Better.LOWER, "test", "",
                List.of(Parameter.ofDouble("eps", 1e-10, "the metric's own eps")), p -> null);
        FunctionOptions o = FunctionOptions.parse("eps=1e-8, decode.eps=1e-6, color=gray", withEps);
        assertEquals(Map.of("eps", "1e-8"), o.metricParameters());
        assertEquals(1e-6, o.decode().eps());
        assertEquals(DecodeOptions.Color.GRAY, o.decode().color());
        FunctionOptions plain = FunctionOptions.parse("eps=1e-8");
        assertEquals(Map.of(), plain.metricParameters());
        assertEquals(1e-8, plain.decode().eps());
    }

    @Test
    void textFormRoundTrips() {
        DecodeOptions o = DecodeOptions.DEFAULT.withColor(DecodeOptions.Color.GRAY).withMaxPixels(77);
        assertEquals(o, FunctionOptions.parse(FunctionOptions.toText(o)).decode());
    }

    @Test
    void badDecodeValuesNameTheOptionAndTheValue() {
        assertMessage("color=purple", "color", "'purple'", "keep, gray, y_bt601");
        assertMessage("domain=log", "domain", "'log'");
        assertMessage("normalize=yes", "normalize", "'yes'");
        assertMessage("eps=-1", "eps", "'-1'");
        assertMessage("eps=tiny", "eps", "'tiny'");
        assertMessage("max_pixels=0", "max_pixels", "'0'");
        assertMessage("max_pixels=lots", "max_pixels", "'lots'");
        assertMessage("variant", "variant", "key=value");
    }

    @Test
    void decodeOptionsRejectMetricKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FunctionOptions.decodeOptions(Map.of("variant", "skimage")));
        assertTrue(e.getMessage().contains("variant") && e.getMessage().contains("not a decode option"), e.getMessage());
    }

    private static void assertMessage(String options, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FunctionOptions.parse(options));
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should contain " + p);
        }
    }
}
