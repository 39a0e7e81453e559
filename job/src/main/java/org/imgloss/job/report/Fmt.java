package org.imgloss.job.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Numbers as the page shows them: four significant digits, exponent form when very large or small. */
final class Fmt {

    private Fmt() {
    }

    static String num(Double v) {
        if (v == null || v.isNaN()) {
            return "–";
        }
        if (v.isInfinite()) {
            return v > 0 ? "∞" : "−∞";
        }
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e5 || a < 1e-3)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** Seconds as {@code 12.3 s}, or {@code 4 min 05 s}. */
    static String seconds(Double s) {
        if (s == null) {
            return "–";
        }
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        long t = Math.round(s);
        return String.format(Locale.ROOT, "%d min %02d s", t / 60, t % 60);
    }

    /** Bytes as {@code 1.2 MB}. */
    static String bytes(long b) {
        if (b < 1_000_000) {
            return String.format(Locale.ROOT, "%.0f kB", b / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f MB", b / 1e6);
    }
}
