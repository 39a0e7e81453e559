package org.imgloss.metrics.metamer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** LOD map summaries against odak's ({@code golden/metamer/expected.json → lod_maps}). */
class FoveationGeometryTest {

    private static final Pattern KEY = Pattern.compile(
            "(\\d+)x(\\d+)\\|(quadratic|linear)\\|alpha([0-9.]+)\\|gaze\\[([0-9.]+), ([0-9.]+)\\]\\|w([0-9.]+)_d([0-9.]+)");

    @Test
    void lodMapSummariesMatchOdak() {
        JsonNode values = MetamerGolden.expected().get("lod_maps").get("values");
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Matcher m = KEY.matcher(e.getKey());
            assertTrue(m.matches(), e.getKey());
            int h = Integer.parseInt(m.group(1));
            int w = Integer.parseInt(m.group(2));
            FoveationGeometry g = new FoveationGeometry(Double.parseDouble(m.group(4)), Double.parseDouble(m.group(7)),
                    Double.parseDouble(m.group(8)), m.group(3).equals("quadratic"), false);
            double[] lod = g.lodMap(Double.parseDouble(m.group(5)), Double.parseDouble(m.group(6)), h, w);
            JsonNode s = e.getValue();
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            double sum = 0;
            int zeros = 0;
            for (double v : lod) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
                zeros += v == 0 ? 1 : 0;
            }
            String what = e.getKey();
            assertEquals(s.get("min").asDouble(), min, 1e-6, what + " min");
            assertEquals(s.get("max").asDouble(), max, 1e-5 * Math.max(1, max), what + " max");
            assertEquals(s.get("mean").asDouble(), sum / lod.length, 1e-5 * Math.max(1, sum / lod.length), what + " mean");
            // a handful of pixels sit on the λ = 0 boundary, where float32 and double may disagree
            assertEquals(s.get("frac_zero").asDouble(), (double) zeros / lod.length, 3.0 / lod.length + 1e-12,
                    what + " frac_zero");
            assertEquals(s.get("at_00").asDouble(), lod[0], 1e-4, what + " at_00");
            assertEquals(s.get("at_last").asDouble(), lod[lod.length - 1], 1e-4, what + " at_last");
            // odak computes the map in float32: 1e-4 absolute away from the gaze (spec §14);
            // the centre pixel is the gaze for gaze (0.5, 0.5): odak's float32 arccos differs most there
            assertEquals(s.get("at_centre").asDouble(), lod[(h / 2) * w + w / 2], 1e-3, what + " at_centre");
            int r = h / 4;
            int c = 3 * w / 4;
            assertEquals(s.get("at_r" + r + "_c" + c).asDouble(), lod[r * w + c], 1e-4, what + " at_r" + r + "_c" + c);
            checked++;
        }
        assertEquals(64, checked);
    }

    @Test
    void onlyTheWidthToDistanceRatioMatters() {
        double[] a = new FoveationGeometry(0.2, 0.4, 0.7, true, false).lodMap(0.3, 0.6, 64, 96);
        double[] b = new FoveationGeometry(0.2, 0.2, 0.35, true, false).lodMap(0.3, 0.6, 64, 96);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-9);
        }
    }

    @Test
    void equirectangularMapIsZeroAtTheGazeAndGrowsAway() {
        FoveationGeometry g = new FoveationGeometry(0.2, 0.2, 0.7, false, true);
        double[] lod = g.lodMap(0.0, 0.0, 65, 129);
        assertEquals(0.0, lod[32 * 129 + 64], 0.0);
        assertTrue(lod[32 * 129] > lod[32 * 129 + 32]);
        for (double v : lod) {
            assertTrue(v >= 0 && v <= FoveationGeometry.MAX_LOD);
        }
    }
}
