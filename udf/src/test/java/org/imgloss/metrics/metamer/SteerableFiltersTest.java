package org.imgloss.metrics.metamer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class SteerableFiltersTest {

    private static JsonNode resourceTable() throws Exception {
        try (InputStream in = SteerableFilters.class.getResourceAsStream("steerable-filters.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static void assertSame(JsonNode rows, Filter2D f, String what) {
        assertEquals(rows.size(), f.rows(), what + " rows");
        assertEquals(rows.get(0).size(), f.cols(), what + " cols");
        for (int i = 0; i < f.rows(); i++) {
            for (int j = 0; j < f.cols(); j++) {
                assertEquals(rows.get(i).get(j).asDouble(), f.tap(i, j), 0.0, what + " tap " + i + "," + j);
            }
        }
    }

    @Test
    void handWrittenReaderGivesExactlyJacksonsTaps() throws Exception {
        JsonNode table = resourceTable();
        for (int n : SteerableFilters.ORIENTATIONS) {
            for (String kind : new String[] {"cropped_size5", "full"}) {
                JsonNode set = table.get("n_orientations_" + n).get(kind);
                SteerableFilters f = kind.equals("full") ? SteerableFilters.full(n) : SteerableFilters.cropped(n);
                String what = "n=" + n + " " + kind;
                assertSame(set.get("h0"), f.h0(), what + " h0");
                assertSame(set.get("l0"), f.l0(), what + " l0");
                assertSame(set.get("l"), f.l(), what + " l");
                assertEquals(n, f.bands().size());
                for (int k = 0; k < n; k++) {
                    assertSame(set.get("b").get(k), f.band(k), what + " b" + k);
                }
            }
        }
    }

    @Test
    void croppedShapesAndSumsMatchTheSpec() throws Exception {
        JsonNode table = resourceTable();
        for (int n : SteerableFilters.ORIENTATIONS) {
            SteerableFilters f = SteerableFilters.cropped(n);
            JsonNode sums = table.get("n_orientations_" + n).get("cropped_size5").get("sums");
            assertEquals(5, f.h0().rows());
            assertEquals(5, f.l0().rows());
            assertEquals(n == 6 ? 2 : 13, f.l().rows(), "n=" + n + " l size");
            assertEquals(sums.get("l").asDouble(), f.l().sum(), 1e-6, "n=" + n + " l sum");
            assertEquals(sums.get("h0").asDouble(), f.h0().sum(), 1e-6, "n=" + n + " h0 sum");
            for (int k = 0; k < n; k++) {
                assertEquals(sums.get("b").get(k).asDouble(), f.band(k).sum(), 1e-6, "n=" + n + " b" + k);
            }
        }
        // the n = 1 band crop is far from zero-sum (spec §8.1, §10.5)
        assertEquals(-7.952, SteerableFilters.cropped(1).band(0).sum(), 1e-3);
        // n = 6: the 2x2 bottom-right corner of the 9x9 source, rescaled to sum 2
        assertEquals(1.1281123161315918, SteerableFilters.cropped(6).l().tap(0, 0), 0.0);
    }

    @Test
    void unsupportedOrientationCountIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SteerableFilters.cropped(3));
        assertEquals("n_orientations must be 1, 2, 4 or 6, got 3", e.getMessage());
    }
}
