package org.imgloss.metrics.ssim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.imgloss.image.Image;
import org.imgloss.metrics.MapMetric;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.PairMetric;
import org.imgloss.metrics.SpecImages;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The SSIM map ({@link MapMetric#valueMap}): per variant, its mean is the score the metric returns
 * (the same per-position values, summed in another order: 1e-12 relative), its size is the
 * variant's positions, and the score itself is unchanged by asking for the map.
 */
class SsimMapTest {

    @ParameterizedTest
    @CsvSource({
        "wang, 61, 83, 1, 51, 73",
        "skimage, 64, 64, 3, 58, 58",
        "torchmetrics, 61, 83, 1, 61, 83",
        "zero_pad, 64, 64, 3, 64, 64",
        "matlab, 640, 700, 1, 204, 224",
        "piq, 400, 520, 1, 190, 250",
        "pytorch_msssim, 64, 64, 3, 54, 54"})
    void meanOfTheMapIsTheScore(String variant, int h, int w, int channels, int mapH, int mapW) {
        Image o = SpecImages.original(h, w, channels, 1.0 / 255);
        Image r = SpecImages.reconstruction(h, w, channels, 1.0 / 255);
        for (String name : new String[] {"ssim", "ssim_loss"}) {
            PairMetric kernel = MetricCatalog.get(name).create(Map.of("variant", variant));
            double before = kernel.compute(r, o).value();
            Image map = ((MapMetric) kernel).valueMap(r, o);
            assertEquals(1, map.channels());
            assertEquals(mapH, map.height(), variant + " map height");
            assertEquals(mapW, map.width(), variant + " map width");
            double sum = 0;
            for (double v : map.plane(0)) {
                sum += v;
            }
            double mean = sum / map.pixels();
            assertEquals(before, mean, 1e-12 * Math.abs(before), name + " " + variant);
            assertEquals(before, kernel.compute(r, o).value(), 0.0, "the score is unchanged after the map");
        }
    }

    @Test
    void tooSmallPairHasNoMap() {
        Image o = SpecImages.original(8, 8, 1, 1.0 / 255);
        MapMetric ssim = (MapMetric) MetricCatalog.get("ssim").create(Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ssim.valueMap(o, o));
        assertTrue(e.getMessage().contains("smaller than the 11x11 SSIM window"), e.getMessage());
    }
}
