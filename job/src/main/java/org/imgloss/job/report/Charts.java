package org.imgloss.job.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.imgloss.job.report.ReportModel.Histogram;
import org.imgloss.job.report.ReportModel.Trend;
import org.imgloss.job.report.ReportModel.TrendPoint;

/**
 * The geometry of the page's charts, in SVG user units: bars, lines, markers and labels that the
 * template draws as inline SVG (so the page needs no script to show them, and every label passes
 * through the template's escaping).
 */
final class Charts {

    static final int WIDTH = 480;
    static final int HEIGHT = 170;
    private static final int LEFT = 48;
    private static final int RIGHT = 12;
    private static final int TOP = 18;
    private static final int BOTTOM = 26;

    private Charts() {
    }

    /** A bar: x, y, width, height, and its tooltip. */
    public record Bar(double x, double y, double w, double h, String title) {
    }

    /** A vertical marker at x with its label (p05, p50, p95). */
    public record Marker(double x, String label, String value) {
    }

    /** A text label at (x, y). */
    public record Label(double x, double y, String text) {
    }

    /** A horizontal line at y with its label (a threshold). */
    public record Rule(double y, String label) {
    }

    /** A dot of a trend: its place, the run and value it stands for, and the check's outcome in that run. */
    public record Dot(double x, double y, String title, String status) {
    }

    /** A histogram ready to draw; {@code empty} when the metric has no finite value. */
    public record HistogramChart(int width, int height, List<Bar> bars, List<Marker> markers, List<Label> labels,
                                 boolean empty, double baseline) {
    }

    /** A trend ready to draw: the line's points ("x,y x,y ..."), its dots and threshold rules. */
    public record TrendChart(int width, int height, String line, List<Dot> dots, List<Rule> rules,
                             List<Label> labels, boolean empty, double baseline) {
    }

    static HistogramChart histogram(Histogram h) {
        List<Bar> bars = new ArrayList<>();
        List<Marker> markers = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        double base = HEIGHT - BOTTOM;
        if (h == null || h.counts().length == 0) {
            return new HistogramChart(WIDTH, HEIGHT, bars, markers, labels, true, base);
        }
        long max = 1;
        for (long c : h.counts()) {
            max = Math.max(max, c);
        }
        double lo = h.edges()[0];
        double hi = h.edges()[h.edges().length - 1];
        double plot = WIDTH - LEFT - RIGHT;
        double bw = plot / h.counts().length;
        for (int i = 0; i < h.counts().length; i++) {
            double bh = (base - TOP) * h.counts()[i] / max;
            bars.add(new Bar(r(LEFT + i * bw), r(base - bh), r(Math.max(bw - 1, 0.5)), r(bh),
                    h.counts()[i] + " pair(s) in [" + Fmt.num(h.edges()[i]) + ", " + Fmt.num(h.edges()[i + 1]) + ")"));
        }
        String[] names = {"p05", "p50", "p95"};
        Double[] values = {h.p05(), h.p50(), h.p95()};
        for (int i = 0; i < 3; i++) {
            if (values[i] != null) {
                double x = hi > lo ? LEFT + plot * (values[i] - lo) / (hi - lo) : LEFT + plot / 2;
                markers.add(new Marker(r(x), names[i], Fmt.num(values[i])));
            }
        }
        labels.add(new Label(LEFT, HEIGHT - 8, Fmt.num(lo)));
        labels.add(new Label(WIDTH - RIGHT, HEIGHT - 8, Fmt.num(hi)));
        labels.add(new Label(LEFT - 6, TOP + 4, Long.toString(max)));
        labels.add(new Label(LEFT - 6, base, "0"));
        return new HistogramChart(WIDTH, HEIGHT, bars, markers, labels, false, base);
    }

    static TrendChart trend(Trend t) {
        List<Dot> dots = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        double base = HEIGHT - BOTTOM;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (TrendPoint p : t.points()) {
            if (finite(p.observed())) {
                lo = Math.min(lo, p.observed());
                hi = Math.max(hi, p.observed());
            }
        }
        for (Double th : t.thresholds()) {
            if (finite(th)) {
                lo = Math.min(lo, th);
                hi = Math.max(hi, th);
            }
        }
        if (lo > hi) {
            return new TrendChart(WIDTH, HEIGHT, "", dots, rules, labels, true, base);
        }
        double pad = hi > lo ? (hi - lo) * 0.08 : Math.max(Math.abs(hi) * 0.05, 1e-9);
        lo -= pad;
        hi += pad;
        double plot = WIDTH - LEFT - RIGHT;
        int n = t.points().size();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < n; i++) {
            TrendPoint p = t.points().get(i);
            if (!finite(p.observed())) {
                continue;
            }
            double x = n == 1 ? LEFT + plot / 2 : LEFT + plot * i / (n - 1);
            double y = base - (base - TOP) * (p.observed() - lo) / (hi - lo);
            line.append(line.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
            dots.add(new Dot(r(x), r(y), p.runId() + " (" + p.time() + "): " + Fmt.num(p.observed()), p.status()));
        }
        for (Double th : t.thresholds()) {
            if (finite(th)) {
                rules.add(new Rule(r(base - (base - TOP) * (th - lo) / (hi - lo)), "threshold " + Fmt.num(th)));
            }
        }
        labels.add(new Label(LEFT - 6, TOP + 4, Fmt.num(hi)));
        labels.add(new Label(LEFT - 6, base, Fmt.num(lo)));
        if (n > 0) {
            labels.add(new Label(LEFT, HEIGHT - 8, t.points().get(0).runId()));
            labels.add(new Label(WIDTH - RIGHT, HEIGHT - 8, t.points().get(n - 1).runId()));
        }
        return new TrendChart(WIDTH, HEIGHT, line.toString(), dots, rules, labels, false, base);
    }

    private static boolean finite(Double v) {
        return v != null && Double.isFinite(v);
    }

    private static double r(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
