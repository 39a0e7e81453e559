package org.imgloss.metrics.metamer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.Image;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricDefinition;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairInputs;
import org.imgloss.metrics.PairMetric;
import org.imgloss.metrics.ParameterException;
import org.junit.jupiter.api.Test;

/** The catalogue entries, configuration errors, gaze columns, shapes and caching. */
class MetamerLossesTest {

    private static final List<String> ODAK_NAMES = List.of("alpha", "real_image_width", "real_viewing_distance",
            "n_pyramid_levels", "mode", "n_orientations");

    private static Image random(int h, int w, int c, long seed) {
        Random rnd = new Random(seed);
        double[][] p = new double[c][h * w];
        for (double[] plane : p) {
            for (int i = 0; i < plane.length; i++) {
                plane[i] = rnd.nextDouble();
            }
        }
        return Image.ofPlanes(w, h, p);
    }

    private static Image copy(Image img) {
        double[][] p = new double[img.channels()][];
        for (int c = 0; c < p.length; c++) {
            p[c] = img.plane(c).clone();
        }
        return Image.ofPlanes(img.width(), img.height(), p);
    }

    @Test
    void catalogueListsBothLossesWithOdaksNamesAndDefaults() {
        MetricDefinition m = MetricCatalog.get("metameric");
        for (String name : ODAK_NAMES) {
            assertTrue(m.parameter(name) != null, "metameric lacks " + name);
        }
        assertEquals(0.2, m.parameter("alpha").defaultValue());
        assertEquals(0.2, m.parameter("real_image_width").defaultValue());
        assertEquals(0.7, m.parameter("real_viewing_distance").defaultValue());
        assertEquals(5, m.parameter("n_pyramid_levels").defaultValue());
        assertEquals("quadratic", m.parameter("mode").defaultValue());
        assertEquals(2, m.parameter("n_orientations").defaultValue());
        assertEquals(true, m.parameter("use_l2_foveal_loss").defaultValue());
        assertEquals(20.0, m.parameter("fovea_weight").defaultValue());
        assertEquals(false, m.parameter("use_radial_weight").defaultValue());
        assertEquals(false, m.parameter("use_fullres_l0").defaultValue());
        assertEquals(false, m.parameter("equi").defaultValue());
        assertEquals("[0.5, 0.5]", m.parameter("gaze").defaultText());
        assertEquals("gaze_x", m.parameter("gaze_x_column").defaultValue());
        assertEquals("gaze_y", m.parameter("gaze_y_column").defaultValue());
        MetricDefinition mse = MetricCatalog.get("metamer_mse");
        for (String name : ODAK_NAMES) {
            assertTrue(mse.parameter(name) != null, "metamer_mse lacks " + name);
        }
        assertTrue(mse.parameter("equi") != null);
        assertInstanceOf(MetamericLoss.class, m.create(Map.of()));
        assertInstanceOf(MetamerMseLoss.class, mse.create(Map.of()));
        assertEquals(MetamericLoss.Settings.odakDefaults(), ((MetamericLoss) m.create(Map.of())).settings());
        assertEquals(MetamerGenerator.Settings.odakDefaults(),
                MetamerMseLoss.fromParameters(Map.of()).generator().settings());
    }

    @Test
    void catalogueKernelGivesTheGoldenDefaultValue() {
        PairMetric k = MetricCatalog.get("metameric").create(Map.of());
        MetricResult r = k.compute(MetamerGolden.input("astronaut_128_blur1.5.png"), MetamerGolden.input("astronaut_128.png"));
        double expected = MetamerGolden.metamericRow("astronaut_128_blur1.5.png", "astronaut_128.png", "quadratic", 2, 0.2,
                true, 0.5, 0.5).get("loss").asDouble();
        assertEquals(expected, r.value(), 1e-4 * expected);
    }

    /** Every setting that is not odak-comparable says so (README, "Odak-comparable settings"); the others are silent. */
    @Test
    void settingsThatAreNotOdakComparableCarryNotes() {
        assertEquals(List.of(), MetricCatalog.get("metameric").create(Map.of()).notes());
        assertEquals(List.of(), MetricCatalog.get("metameric").create(Map.of("mode", "linear", "n_orientations", "6",
                "use_l2_foveal_loss", "false", "equi", "true")).notes());
        List<String> radial = MetricCatalog.get("metameric").create(Map.of("use_l2_foveal_loss", "false",
                "use_radial_weight", "true")).notes();
        assertEquals(List.of(), radial, "use_radial_weight agrees with odak");
        List<String> fullres = MetricCatalog.get("metameric").create(Map.of("use_l2_foveal_loss", "false",
                "use_fullres_l0", "true", "equi", "true")).notes();
        assertEquals(1, fullres.size(), "use_fullres_l0 agrees with odak; with equi it does not");
        assertTrue(fullres.get(0).startsWith("equi=true with use_fullres_l0=true "));

        assertEquals(List.of(), MetricCatalog.get("metamer_mse").create(Map.of("n_orientations", "4")).notes());
        assertEquals(List.of(), MetricCatalog.get("metamer_mse").create(Map.of("metamer_geometry", "given",
                "real_image_width", "0.3", "real_viewing_distance", "0.6")).notes());
        assertTrue(MetricCatalog.get("metamer_mse").create(Map.of("n_orientations", "6")).notes().get(0)
                .startsWith("n_orientations=6 "));
        assertTrue(MetricCatalog.get("metamer_mse").create(Map.of("metamer_geometry", "given")).notes().get(0)
                .startsWith("metamer_geometry=given "));
    }

    @Test
    void impossibleConfigurationsAreParameterErrorsWithReasons() {
        ParameterException e = assertThrows(ParameterException.class,
                () -> MetricCatalog.get("metameric").create(Map.of("use_fullres_l0", "true")));
        assertEquals("use_fullres_l0", e.parameter());
        assertTrue(e.getMessage().contains("use_l2_foveal_loss=false"), e.getMessage());
        assertInstanceOf(MetamericLoss.class, MetricCatalog.get("metameric")
                .create(Map.of("use_fullres_l0", "true", "use_l2_foveal_loss", "false")));

        e = assertThrows(ParameterException.class, () -> MetricCatalog.get("metamer_mse").create(Map.of("n_orientations", 1)));
        assertTrue(e.getMessage().contains("7e4"), e.getMessage());
        e = assertThrows(ParameterException.class, () -> MetricCatalog.get("metameric").create(Map.of("n_orientations", 3)));
        assertEquals("n_orientations: must be 1, 2, 4 or 6, got 3", e.getMessage());
        e = assertThrows(ParameterException.class, () -> MetricCatalog.get("metameric").create(Map.of("mode", "cubic")));
        assertEquals("mode", e.parameter());
        e = assertThrows(ParameterException.class, () -> MetricCatalog.get("metameric").create(Map.of("gaze", "0.5")));
        assertEquals("gaze", e.parameter());
        e = assertThrows(ParameterException.class, () -> MetricCatalog.get("metameric").create(Map.of("alpha", "0")));
        assertEquals("alpha", e.parameter());
        e = assertThrows(ParameterException.class, () -> MetricCatalog.get("metamer_mse").create(Map.of("n_pyramid_levels", 1)));
        assertEquals("n_pyramid_levels", e.parameter());
    }

    @Test
    void gazeComesFromCarriedColumnsElseFromTheParameter() {
        Image a = random(64, 64, 3, 1);
        Image b = random(64, 64, 3, 2);
        MetamericLoss k = (MetamericLoss) MetricCatalog.get("metameric").create(Map.of("gaze", "0.2 0.7"));
        double atParameter = k.evaluate(a, b, 0.2, 0.7).value();
        double atColumns = k.evaluate(a, b, 0.8, 0.1).value();
        assertNotEquals(atParameter, atColumns);
        assertEquals(atParameter, k.compute(a, b).value(), 0.0);
        assertEquals(atColumns, k.compute(a, b, new PairInputs(Map.of("gaze_x", "0.8", "gaze_y", " 0.1"), Map.of())).value(),
                0.0);

        MetamericLoss named = (MetamericLoss) MetricCatalog.get("metameric")
                .create(Map.of("gaze_x_column", "gx", "gaze_y_column", "gy"));
        assertEquals(atColumns, named.compute(a, b, new PairInputs(Map.of("gx", "0.8", "gy", "0.1"), Map.of())).value(), 0.0);

        MetricResult half = k.compute(a, b, new PairInputs(Map.of("gaze_x", "0.8"), Map.of()));
        assertEquals(ErrorCode.NOT_APPLICABLE, half.errorCode());
        assertTrue(half.message().contains("gaze_y"), half.message());
        MetricResult bad = k.compute(a, b, new PairInputs(Map.of("gaze_x", "left", "gaze_y", "0.1"), Map.of()));
        assertEquals(ErrorCode.NOT_APPLICABLE, bad.errorCode());
        MetricResult inf = k.compute(a, b, new PairInputs(Map.of("gaze_x", "Infinity", "gaze_y", "0.1"), Map.of()));
        assertEquals(ErrorCode.NOT_APPLICABLE, inf.errorCode());

        MetamerMseLoss mse = MetamerMseLoss.fromParameters(Map.of());
        assertEquals(mse.evaluate(a, b, 0.8, 0.1).value(),
                mse.compute(a, b, new PairInputs(Map.of("gaze_x", "0.8", "gaze_y", "0.1"), Map.of())).value(), 0.0);
    }

    @Test
    void shapesWhereOdakCrashesGetDefinedValuesOrReasons() {
        PairMetric metameric = MetricCatalog.get("metameric").create(Map.of());
        PairMetric mse = MetricCatalog.get("metamer_mse").create(Map.of());
        // odak: 100x100, 128x96 (tall), 256x128, 128x512, 64x192 crash; imgloss pads both axes and extends the MIP chain
        int[][] shapes = {{100, 100}, {128, 96}, {256, 128}, {128, 512}, {64, 192}, {65, 33}, {33, 300}};
        for (int[] s : shapes) {
            Image a = random(s[0], s[1], 3, 3);
            Image b = random(s[0], s[1], 3, 4);
            for (PairMetric k : List.of(metameric, mse)) {
                MetricResult r = k.compute(a, b);
                assertTrue(r.hasValue() && r.value() > 0 && Double.isFinite(r.value()),
                        k.getClass().getSimpleName() + " on " + s[0] + "x" + s[1] + ": " + r);
            }
        }
        // too small for 5 levels: the 13x13 lowpass meets a 4x4 level
        MetricResult small = metameric.compute(random(32, 32, 3, 5), random(32, 32, 3, 6));
        assertEquals(ErrorCode.TOO_SMALL, small.errorCode());
        assertTrue(small.message().contains("4x4"), small.message());
        assertEquals(ErrorCode.TOO_SMALL, mse.compute(random(1, 40, 3, 5), random(1, 40, 3, 6)).errorCode());
        // ... but fine with fewer levels
        assertTrue(MetricCatalog.get("metameric").create(Map.of("n_pyramid_levels", 3))
                .compute(random(32, 32, 3, 5), random(32, 32, 3, 6)).hasValue());
        // channel counts
        assertEquals(ErrorCode.NOT_APPLICABLE, metameric.compute(random(64, 64, 2, 1), random(64, 64, 2, 2)).errorCode());
        assertEquals(ErrorCode.NOT_APPLICABLE, mse.compute(random(64, 64, 4, 1), random(64, 64, 4, 2)).errorCode());
        assertTrue(metameric.compute(random(64, 64, 1, 1), random(64, 64, 1, 2)).hasValue());
        assertTrue(mse.compute(random(64, 64, 1, 1), random(64, 64, 1, 2)).hasValue());
        assertEquals(ErrorCode.NOT_APPLICABLE, metameric.compute(random(64, 64, 3, 1), random(64, 65, 3, 2)).errorCode());
        assertEquals(ErrorCode.NOT_APPLICABLE, mse.compute(random(64, 64, 3, 1), random(64, 64, 1, 2)).errorCode());
    }

    @Test
    void heightPaddingIsOdaksTopPaddingAndTheMetamerKeepsTheOriginalRegion() {
        Image a = random(120, 128, 3, 7);
        PyramidPadding p = PyramidPadding.of(120, 128, 5);
        assertEquals(new PyramidPadding(8, 0, 128, 128), p);
        assertEquals(new PyramidPadding(28, 28, 128, 128), PyramidPadding.of(100, 100, 5));
        double[] padded = p.apply(a.plane(0), 120, 128);
        // row 0 of the padded image is reflected row 8; row 8 is the original row 0
        assertEquals(a.get(0, 8, 5), padded[5], 0.0);
        assertEquals(a.get(0, 0, 5), padded[8 * 128 + 5], 0.0);
        assertTrue(java.util.Arrays.equals(a.plane(0), p.crop(padded, 120, 128)));
        MetamerMseLoss mse = MetamerMseLoss.fromParameters(Map.of());
        Image m = mse.metamer(a, PairInputs.NONE);
        assertEquals(120, m.height());
        assertEquals(128, m.width());
        double[][] full = mse.generator().generatePadded(a, 0.5, 0.5);
        assertEquals(full[1][(8 + 3) * 128 + 4], m.get(1, 3, 4), 0.0);
    }

    @Test
    void identicalImagesGiveZeroMetamericLossButNotZeroMetamerMse() {
        Image a = random(64, 64, 3, 8);
        assertEquals(0.0, MetricCatalog.get("metameric").create(Map.of()).compute(a, copy(a)).value(), 0.0);
        assertTrue(MetricCatalog.get("metamer_mse").create(Map.of()).compute(a, a).value() > 0.01);
    }

    @Test
    void metamerIsCachedByContentAndGaze() {
        Image original = random(64, 64, 3, 9);
        Image reconstruction = random(64, 64, 3, 10);
        MetamerMseLoss k = MetamerMseLoss.fromParameters(Map.of());
        double first = k.evaluate(reconstruction, original, 0.5, 0.5).value();
        assertEquals(1, k.metamersGenerated());
        // a new object with the same samples (a fresh decode): reused, same value
        assertEquals(first, k.evaluate(copy(reconstruction), copy(original), 0.5, 0.5).value(), 0.0);
        assertEquals(1, k.metamersGenerated());
        // the same object at a new gaze: regenerated (odak would reuse the stale metamer)
        double moved = k.evaluate(reconstruction, original, 0.1, 0.9).value();
        assertEquals(2, k.metamersGenerated());
        assertNotEquals(first, moved);
        // a changed sample: regenerated
        Image changed = copy(original);
        changed.plane(0)[17] += 1e-9;
        k.evaluate(reconstruction, changed, 0.5, 0.5);
        assertEquals(3, k.metamersGenerated());
        // deterministic across instances (a retried task): bitwise equal
        assertEquals(first, MetamerMseLoss.fromParameters(Map.of()).evaluate(reconstruction, original, 0.5, 0.5).value(), 0.0);
        // four metamers are kept, least recently used out first: (original, 0.5) was used before
        // (original, 0.1|0.9) and changed; using it again and adding two more evicts (original, 0.1|0.9)
        k.evaluate(reconstruction, copy(original), 0.5, 0.5);
        k.evaluate(reconstruction, random(64, 64, 3, 11), 0.5, 0.5);
        k.evaluate(reconstruction, random(64, 64, 3, 12), 0.5, 0.5);
        assertEquals(5, k.metamersGenerated());
        assertEquals(first, k.evaluate(reconstruction, original, 0.5, 0.5).value(), 0.0);
        assertEquals(5, k.metamersGenerated(), "the most recently used one is kept");
        assertEquals(moved, k.evaluate(reconstruction, original, 0.1, 0.9).value(), 0.0);
        assertEquals(6, k.metamersGenerated(), "the least recently used one was evicted");
    }

    @Test
    void optionsOdakCannotRunStillGiveFiniteDocumentedValues() {
        Image a = MetamerGolden.input("astronaut_128_blur1.5.png");
        Image b = MetamerGolden.input("astronaut_128.png");
        // metamer_mse with 6 orientations (odak crashes): the uncropped 9x9 lowpass
        double six = MetricCatalog.get("metamer_mse").create(Map.of("n_orientations", 6)).compute(a, b).value();
        assertTrue(six > 0.001 && six < 0.1, "n=6 metamer_mse " + six);
        // equirectangular geometry with yaw/pitch gaze
        MetricResult equi = MetricCatalog.get("metameric").create(Map.of("equi", true, "gaze", "0.3 -0.2")).compute(a, b);
        assertTrue(equi.hasValue() && equi.value() > 0, String.valueOf(equi));
        MetricResult equiMse = MetricCatalog.get("metamer_mse").create(Map.of("equi", true)).compute(a, b);
        assertTrue(equiMse.hasValue() && equiMse.value() > 0, String.valueOf(equiMse));
        // metamer_geometry=given uses width/distance/mode
        double given = MetricCatalog.get("metamer_mse").create(Map.of("metamer_geometry", "given")).compute(a, b).value();
        double odak = MetricCatalog.get("metamer_mse").create(Map.of()).compute(a, b).value();
        assertNotEquals(odak, given);
        // a gaze off the image is allowed, as in odak
        assertTrue(MetricCatalog.get("metameric").create(Map.of("gaze", "1.5 -0.5")).compute(a, b).hasValue());
        // NaN samples never become a silent number
        Image nan = copy(a);
        nan.plane(0)[0] = Double.NaN;
        MetricResult r = MetricCatalog.get("metameric").create(Map.of()).compute(nan, b);
        assertFalse(r.hasValue());
        assertEquals(ErrorCode.NOT_A_NUMBER, r.errorCode());
    }
}
