package org.imgloss.metrics.sar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.Image;
import org.junit.jupiter.api.Test;
import org.imgloss.metrics.EdgeFixtures;
import org.imgloss.metrics.EdgeGolden;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.PairInputs;
import org.imgloss.metrics.PairMetric;

class EnlTest {

    /** Union-find over the mask (≥ 0.5), 4-connectivity; pixel-weighted mean of μ²/σ² over large enough sets. */
    static double naive(double[] v, double[] m, int h, int w, int minRegion) {
        int[] parent = new int[h * w];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                int p = i * w + j;
                if (m[p] < 0.5) {
                    continue;
                }
                if (j + 1 < w && m[p + 1] >= 0.5) {
                    union(parent, p, p + 1);
                }
                if (i + 1 < h && m[p + w] >= 0.5) {
                    union(parent, p, p + w);
                }
            }
        }
        Map<Integer, List<Double>> regions = new HashMap<>();
        for (int p = 0; p < parent.length; p++) {
            if (m[p] >= 0.5) {
                regions.computeIfAbsent(find(parent, p), k -> new ArrayList<>()).add(v[p]);
            }
        }
        double weighted = 0;
        long pixels = 0;
        for (List<Double> r : regions.values()) {
            if (r.size() < minRegion) {
                continue;
            }
            double mean = r.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double var = r.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum() / r.size();
            weighted += r.size() * (mean * mean / var);
            pixels += r.size();
        }
        return weighted / pixels;
    }

    private static int find(int[] parent, int p) {
        while (parent[p] != p) {
            p = parent[p];
        }
        return p;
    }

    private static void union(int[] parent, int a, int b) {
        parent[find(parent, a)] = find(parent, b);
    }

    /** A mask with a few separate blobs and holes. */
    private static Image blobs(int h, int w) {
        double[] m = new double[h * w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                boolean a = i < h / 2 && j < w / 3;
                boolean b = i > h / 2 && j > w / 2 && (i + j) % 7 != 0;
                boolean dot = i == h - 1 && j == 0;
                m[i * w + j] = a || b || dot ? 1.0 : 0.2;
            }
        }
        return Image.ofPlanes(w, h, m);
    }

    @Test
    void matchesUnionFindOracle() {
        Random rnd = new Random(47);
        PairMetric shared = MetricSpec.parseList("enl(mask=m, min_region_pixels=3)").get(0).newKernel();
        for (int[] s : new int[][] {{12, 12}, {17, 29}, {40, 9}, {9, 40}, {12, 12}}) {
            Image mask = blobs(s[0], s[1]);
            Image y = EdgeFixtures.random(rnd, s[0], s[1], 2, 0.1, 2);
            Image x = EdgeFixtures.random(rnd, s[0], s[1], 2, 0.1, 2);
            PairInputs in = new PairInputs(Map.of(), Map.of("m", mask));
            PairMetric ofRecon = MetricSpec.parseList("enl(mask=m, min_region_pixels=3)").get(0).newKernel();
            PairMetric ofOrig = MetricSpec.parseList("enl(mask=m, min_region_pixels=3, image=original)").get(0).newKernel();
            double ey = 0.5 * (naive(y.plane(0), mask.plane(0), s[0], s[1], 3) + naive(y.plane(1), mask.plane(0), s[0], s[1], 3));
            double ex = 0.5 * (naive(x.plane(0), mask.plane(0), s[0], s[1], 3) + naive(x.plane(1), mask.plane(0), s[0], s[1], 3));
            String at = "size " + s[0] + "x" + s[1];
            EdgeFixtures.assertClose(ey, ofRecon.compute(y, x, in).value(), 1e-12, at);
            EdgeFixtures.assertClose(ex, ofOrig.compute(y, x, in).value(), 1e-12, at + " original");
            assertEquals(ofRecon.compute(y, x, in).value(), shared.compute(y, x, in).value(), at + " reused buffers");
        }
    }

    @Test
    void gammaSpeckleHasAboutLLooks() {
        // 4-look intensity speckle (mean of 4 exponentials) on a constant scene: ENL ≈ 4.
        Random rnd = new Random(53);
        int h = 200;
        int w = 200;
        double[] v = new double[h * w];
        for (int i = 0; i < v.length; i++) {
            double s = 0;
            for (int k = 0; k < 4; k++) {
                s -= Math.log(1 - rnd.nextDouble());
            }
            v[i] = 0.3 * s / 4;
        }
        Image x = Image.ofPlanes(w, h, v);
        double enl = MetricSpec.parseList("enl(mask=ones, image=original)").get(0).newKernel().compute(x, x).value();
        assertTrue(Math.abs(enl - 4) < 0.15, "ENL of 4-look speckle: " + enl);
    }

    @Test
    void constantRegionHasInfiniteLooksAndNoRegionHasNoValue() {
        double[] flat = new double[64];
        java.util.Arrays.fill(flat, 0.4);
        Image y = Image.ofPlanes(8, 8, flat);
        Image x = EdgeFixtures.random(new Random(1), 8, 8, 1, 0.1, 1);
        PairMetric enl = MetricSpec.parseList("enl(mask=ones)").get(0).newKernel();
        assertEquals(Double.POSITIVE_INFINITY, enl.compute(y, x).value());
        MetricResult small = MetricSpec.parseList("enl(mask=ones, min_region_pixels=65)").get(0).newKernel().compute(y, x);
        assertEquals(ErrorCode.NOT_APPLICABLE, small.errorCode());
        assertTrue(small.message().contains("65"), small.message());
    }

    @Test
    void goldenSarCasesRankTheFilters() {
        // Over the golden masks' regions a box-5 filter of 1-look speckle has more looks than a Lee-7
        // filter's output (which keeps some speckle), and both more than the 1-look original (≈ 1).
        Map<String, Double> byCase = new HashMap<>();
        for (EdgeGolden.Entry e : EdgeGolden.entries()) {
            if (!e.domain().equals("linear_raw")) {
                continue;
            }
            PairInputs in = new PairInputs(Map.of(), Map.of("mask", e.mask()));
            byCase.put(e.caseId(), MetricSpec.parseList("enl(mask=mask)").get(0).newKernel()
                    .compute(e.reconstruction(), e.original(), in).value());
            byCase.put(e.caseId() + "/orig", MetricSpec.parseList("enl(mask=mask, image=original)").get(0).newKernel()
                    .compute(e.reconstruction(), e.original(), in).value());
        }
        double orig = byCase.get("sar_L1_h192w256_box5/orig");
        assertTrue(Math.abs(orig - 1) < 0.15, "1-look original: " + orig);
        double orig4 = byCase.get("sar_L4_h192w256_lee7/orig");
        assertTrue(Math.abs(orig4 - 4) < 0.5, "4-look original: " + orig4);
        assertTrue(byCase.get("sar_L1_h192w256_box5") > 10, "box5: " + byCase);
        assertTrue(byCase.get("sar_L1_h192w256_lee7") > orig, "lee7: " + byCase);
    }
}
