package org.imgloss.metrics.blur;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.imgloss.image.Image;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.imgloss.metrics.EdgeGolden;

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
                EdgeGolden.addCheck(tests, e, check.key(), check.spec(), check.tol(), (kernel, entry, r, o) ->
                        check.raw8bit() ? kernel.compute(scaled(r, 255), scaled(o, 255)).value() : kernel.compute(r, o).value());
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
