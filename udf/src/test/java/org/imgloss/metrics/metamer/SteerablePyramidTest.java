package org.imgloss.metrics.metamer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import org.imgloss.image.Image;
import org.junit.jupiter.api.Test;

class SteerablePyramidTest {

    /** The pyramid written out as plain correlations and explicit subsampling (spec §8.2). */
    private static double[][] naiveBuild(double[] x, int h, int w, SteerableFilters f, int levels) {
        java.util.List<double[]> maps = new java.util.ArrayList<>();
        maps.add(CorrelationTest.naive(x, h, w, f.h0()));
        double[] low = CorrelationTest.naive(x, h, w, f.l0());
        int hl = h;
        int wl = w;
        for (int l = 0; l <= levels - 2; l++) {
            if (l > 0) {
                double[] full = CorrelationTest.naive(low, hl, wl, f.l());
                int oh = Correlation.outRows(hl, f.l());
                int ow = Correlation.outCols(wl, f.l());
                int nh = (oh + 1) / 2;
                int nw = (ow + 1) / 2;
                low = new double[nh * nw];
                for (int y = 0; y < nh; y++) {
                    for (int xx = 0; xx < nw; xx++) {
                        low[y * nw + xx] = full[2 * y * ow + 2 * xx];
                    }
                }
                hl = nh;
                wl = nw;
            }
            for (int k = 0; k < f.orientations(); k++) {
                maps.add(CorrelationTest.naive(low, hl, wl, f.band(k)));
            }
        }
        double[] full = CorrelationTest.naive(low, hl, wl, f.l());
        int ow = Correlation.outCols(wl, f.l());
        int nh = (Correlation.outRows(hl, f.l()) + 1) / 2;
        int nw = (ow + 1) / 2;
        double[] res = new double[nh * nw];
        for (int y = 0; y < nh; y++) {
            for (int xx = 0; xx < nw; xx++) {
                res[y * nw + xx] = full[2 * y * ow + 2 * xx];
            }
        }
        maps.add(res);
        return maps.toArray(new double[0][]);
    }

    @Test
    void buildEqualsTheNaiveCompositionForEveryOrientationCount() {
        Random rnd = new Random(3);
        int h = 64;
        int w = 96;
        double[] x = CorrelationTest.random(rnd, h * w);
        for (int n : SteerableFilters.ORIENTATIONS) {
            SteerableFilters f = SteerableFilters.cropped(n);
            SteerablePyramid p = new SteerablePyramid(f, 4);
            SteerablePyramid.Decomposition d = p.build(x, h, w);
            double[][] expected = naiveBuild(x, h, w, f, 4);
            int m = 0;
            assertMaps(expected[m++], d.highpass(), "n=" + n + " highpass");
            for (int l = 0; l < 3; l++) {
                assertEquals(h >> l, d.height(l));
                assertEquals(w >> l, d.width(l));
                for (int k = 0; k < n; k++) {
                    assertMaps(expected[m++], d.band(l, k), "n=" + n + " band " + l + "," + k);
                }
            }
            assertEquals(h >> 3, d.height(3));
            assertMaps(expected[m], d.residual(), "n=" + n + " residual");
        }
    }

    private static void assertMaps(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12, what + " at " + i);
        }
    }

    @Test
    void reconstructionIsLinear() {
        Random rnd = new Random(4);
        int h = 32;
        int w = 32;
        double[] a = CorrelationTest.random(rnd, h * w);
        double[] b = CorrelationTest.random(rnd, h * w);
        double[] mix = new double[h * w];
        for (int i = 0; i < mix.length; i++) {
            mix[i] = 2 * a[i] - 0.5 * b[i];
        }
        SteerablePyramid p = new SteerablePyramid(SteerableFilters.cropped(2), 3);
        double[] ra = p.reconstruct(p.build(a, h, w));
        double[] rb = p.reconstruct(p.build(b, h, w));
        double[] rm = p.reconstruct(p.build(mix, h, w));
        for (int i = 0; i < mix.length; i++) {
            assertEquals(2 * ra[i] - 0.5 * rb[i], rm[i], 1e-12);
        }
    }

    @Test
    void astronautTraceMatchesOdak() {
        JsonNode trace = MetamerGolden.expected().get("trace_astronaut_128_n2_gaze_0.5_0.5_alpha0.2_quadratic");
        Image img = MetamerGolden.input("astronaut_128.png");
        double[][] ycc = YCrCb.fromRgb(img.plane(0), img.plane(1), img.plane(2));
        JsonNode sample = trace.get("ycrcb_samples_pixel_0_0");
        for (int c = 0; c < 3; c++) {
            assertEquals(sample.get(c).asDouble(), ycc[c][0], 1e-7, "YCrCb pixel 0,0 channel " + c);
        }
        SteerablePyramid p = new SteerablePyramid(SteerableFilters.cropped(2), 5);
        SteerablePyramid.Decomposition[] d = new SteerablePyramid.Decomposition[3];
        for (int c = 0; c < 3; c++) {
            d[c] = p.build(ycc[c], 128, 128);
        }
        JsonNode pyr = trace.get("pyramid");
        checkSummary(pyr.get("level0_h"), c -> d[c].highpass(), "level0_h");
        for (int l = 0; l < 4; l++) {
            for (int k = 0; k < 2; k++) {
                final int ll = l;
                final int kk = k;
                checkSummary(pyr.get("level" + l + "_band" + k), c -> d[c].band(ll, kk), "level" + l + "_band" + k);
            }
        }
        checkSummary(pyr.get("level4_lowpass_residual"), c -> d[c].residual(), "residual");

        // the cropped pyramid does not reconstruct exactly: odak's errors (spec §8.3)
        double max = 0;
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            double[] r = p.reconstruct(d[c]);
            for (int i = 0; i < r.length; i++) {
                double e = Math.abs(r[i] - ycc[c][i]);
                max = Math.max(max, e);
                sum += e;
            }
        }
        assertEquals(trace.get("reconstruction_max_abs_err_vs_input").asDouble(), max, 1e-5);
        assertEquals(trace.get("reconstruction_mean_abs_err_vs_input").asDouble(), sum / (3 * 128 * 128), 1e-6);
    }

    private static void checkSummary(JsonNode s, java.util.function.IntFunction<double[]> map, String what) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        double sumAbs = 0;
        int n = 0;
        for (int c = 0; c < 3; c++) {
            double[] m = map.apply(c);
            double cs = 0;
            for (double v : m) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                cs += v;
                sumAbs += Math.abs(v);
            }
            sum += cs;
            n += m.length;
            assertEquals(s.get("mean_per_channel").get(c).asDouble(), cs / m.length, 2e-6, what + " mean channel " + c);
        }
        double mean = sum / n;
        double var = 0;
        for (int c = 0; c < 3; c++) {
            for (double v : map.apply(c)) {
                var += (v - mean) * (v - mean);
            }
        }
        assertEquals(s.get("mean").asDouble(), mean, 2e-6, what + " mean");
        assertEquals(s.get("std").asDouble(), Math.sqrt(var / n), 2e-6 * Math.max(1, s.get("std").asDouble()), what + " std");
        assertEquals(s.get("min").asDouble(), min, 1e-5 * Math.max(1, Math.abs(min)), what + " min");
        assertEquals(s.get("max").asDouble(), max, 1e-5 * Math.max(1, Math.abs(max)), what + " max");
        assertEquals(s.get("mean_abs").asDouble(), sumAbs / n, 2e-6 * Math.max(1, sumAbs / n), what + " mean_abs");
    }

    @Test
    void sizeRulesFollowTheFilterPadding() {
        SteerablePyramid p = new SteerablePyramid(SteerableFilters.cropped(2), 5);
        assertNull(p.sizeProblem(64, 64));
        assertNull(p.sizeProblem(64, 160));
        String problem = p.sizeProblem(32, 32);
        assertNotNull(problem);
        assertTrue(problem.contains("level 3 is 4x4"), problem);
        assertThrows(IllegalArgumentException.class, () -> p.build(new double[32 * 32], 32, 32));
        // six orientations: the 2x2 lowpass pads nothing, so small levels are fine
        assertNull(new SteerablePyramid(SteerableFilters.cropped(6), 5).sizeProblem(32, 32));
    }

    @Test
    void sixOrientationsCannotReconstructWithOdaksTwoByTwoLowpassButCanWithTheFullOne() {
        Random rnd = new Random(5);
        double[] x = CorrelationTest.random(rnd, 64 * 64);
        SteerablePyramid odak = new SteerablePyramid(SteerableFilters.cropped(6), 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> odak.reconstruct(odak.build(x, 64, 64)));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        SteerableFilters fixed = SteerableFilters.cropped(6).withLowpass(SteerableFilters.full(6).l());
        SteerablePyramid p = new SteerablePyramid(fixed, 5);
        double[] r = p.reconstruct(p.build(x, 64, 64));
        assertEquals(64 * 64, r.length);
    }
}
