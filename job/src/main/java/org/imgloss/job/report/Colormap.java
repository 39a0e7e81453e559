package org.imgloss.job.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The colour scale of the heatmaps: dark (0, no error) through purple and orange to pale yellow
 * (1, the largest error), a ramp close to matplotlib's "magma", readable in grey print too. The
 * legend on the page is drawn from the same stops.
 */
final class Colormap {

    private static final double[] AT = {0.0, 0.25, 0.5, 0.75, 1.0};
    private static final int[][] RGB = {{0, 0, 4}, {81, 18, 124}, {183, 55, 121}, {252, 137, 97}, {252, 253, 191}};

    private Colormap() {
    }

    /** The colour of {@code t} (clamped to [0, 1]) as 0xRRGGBB. */
    static int rgb(double t) {
        double v = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
        int i = 0;
        while (i < AT.length - 2 && v > AT[i + 1]) {
            i++;
        }
        double f = (v - AT[i]) / (AT[i + 1] - AT[i]);
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
            int x = (int) Math.round(RGB[i][c] + f * (RGB[i + 1][c] - RGB[i][c]));
            rgb = rgb << 8 | x;
        }
        return rgb;
    }

    /** The legend's gradient stops: offset in percent and CSS colour. */
    record Stop(int offset, String color) {
    }

    static List<Stop> stops() {
        List<Stop> stops = new ArrayList<>();
        for (int i = 0; i < AT.length; i++) {
            stops.add(new Stop((int) Math.round(AT[i] * 100),
                    String.format(Locale.ROOT, "#%02x%02x%02x", RGB[i][0], RGB[i][1], RGB[i][2])));
        }
        return stops;
    }
}
