package org.imgloss.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.imgloss.image.Image;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every BlurSim golden value, in every case and domain, overall and per channel. */
class BlurLossesGoldenTest {

    private static final List<EdgeGolden.Entry> ENTRIES = EdgeGolden.entries();

    private record Check(String key, String spec, double tol, boolean raw8bit) {
    }

    private static final List<Check> CHECKS = List.of(
            new Check("blursim_alpha0.8_f64dft", "blursim(alpha=0.8)", 1e-12, false),
            new Check("blursim_general_f64dft", "blursim(term=general)", 1e-12, false),
            new Check("blursim_specific", "blursim(term=specific)", 1e-12, false),
            // The published code's DFT term is float32: these carry its rounding (~1e-5 relative).
            new Check("blursim_alpha0.8", "blursim(alpha=0.8)", 1e-4, false),
            new Check("blursim_alpha0.9", "blursim", 1e-4, false),
            new Check("blursim_general", "blursim(term=general)", 1e-4, false),
            new Check("blursim_alpha0.8_raw8bit", "blursim(alpha=0.8)", 1e-4, true));

    @TestFactory
    List<DynamicTest> goldenValues() {
        List<DynamicTest> tests = new ArrayList<>();
        for (EdgeGolden.Entry e : ENTRIES) {
            for (Check check : CHECKS) {
                JsonNode expected = e.values().get(check.key());
                if (expected == null || expected.isNull()) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(e.label() + " " + check.key(), () -> {
                    PairMetric kernel = MetricSpec.parseList(check.spec()).get(0).newKernel();
                    Image r = check.raw8bit() ? scaled(e.reconstruction(), 255) : e.reconstruction();
                    Image o = check.raw8bit() ? scaled(e.original(), 255) : e.original();
                    EdgeFixtures.assertClose(expected.asDouble(), kernel.compute(r, o).value(), check.tol(),
                            e.label() + " " + check.key());
                    JsonNode per = e.perChannel() == null ? null : e.perChannel().get(check.key());
                    if (per != null && o.channels() > 1) {
                        for (int c = 0; c < o.channels(); c++) {
                            double v = kernel.compute(EdgeFixtures.channel(r, c), EdgeFixtures.channel(o, c)).value();
                            EdgeFixtures.assertClose(per.get(c).asDouble(), v, check.tol(),
                                    e.label() + " " + check.key() + " channel " + c);
                        }
                    }
                }));
            }
        }
        assertTrue(tests.size() > 150, "expected golden checks for every case, got " + tests.size());
        return tests;
    }

    /** 8-bit values back on the 0..255 scale (exact: k/255·255 rounds back to k). */
    private static Image scaled(Image image, double factor) {
        double[][] planes = new double[image.channels()][];
        for (int c = 0; c < planes.length; c++) {
            planes[c] = image.plane(c).clone();
            for (int i = 0; i < planes[c].length; i++) {
                planes[c][i] = Math.rint(planes[c][i] * factor);
            }
        }
        return Image.ofPlanes(image.width(), image.height(), planes);
    }
}
