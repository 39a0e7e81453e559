package org.imgloss.metrics.metamer;

import java.util.Locale;
import org.imgloss.errors.ErrorCode;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairInputs;

/**
 * Where a pair's gaze comes from: the carried columns {@code xColumn} and {@code yColumn} (text
 * holding numbers, normalised image coordinates in odak's convention: x 0 = left … 1 = right,
 * y 0 = top … 1 = bottom; yaw and pitch in radians with {@code equi}) when the pair has them, else
 * the metric's {@code gaze} parameter.
 *
 * @param defaultX  gaze x used when the pair has no gaze columns
 * @param defaultY  gaze y used when the pair has no gaze columns
 * @param xColumn   name of the carried column with the gaze x
 * @param yColumn   name of the carried column with the gaze y
 */
public record GazeSource(double defaultX, double defaultY, String xColumn, String yColumn) {

    /** The odak default: (0.5, 0.5) from columns {@code gaze_x}, {@code gaze_y}. */
    public static final GazeSource DEFAULT = new GazeSource(0.5, 0.5, "gaze_x", "gaze_y");

    /** A gaze, or the reason why the pair's gaze columns cannot be used. */
    public record Gaze(double x, double y, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** A loss evaluated at one gaze point. */
    @FunctionalInterface
    public interface AtGaze {
        MetricResult evaluate(double x, double y);
    }

    /**
     * {@code loss} at the pair's gaze, or not applicable ({@link ErrorCode#NOT_APPLICABLE}) with
     * the reason why the pair's gaze columns cannot be used.
     */
    public MetricResult evaluate(PairInputs inputs, AtGaze loss) {
        Gaze g = resolve(inputs);
        return g.ok() ? loss.evaluate(g.x(), g.y()) : MetricResult.notApplicable(ErrorCode.NOT_APPLICABLE, g.problem());
    }

    /** The gaze of one pair. */
    public Gaze resolve(PairInputs inputs) {
        String xs = inputs == null ? null : inputs.column(xColumn);
        String ys = inputs == null ? null : inputs.column(yColumn);
        if (xs == null && ys == null) {
            return new Gaze(defaultX, defaultY, null);
        }
        if (xs == null || ys == null) {
            return new Gaze(Double.NaN, Double.NaN, "the pair has " + (xs == null ? yColumn : xColumn) + " but no "
                    + (xs == null ? xColumn : yColumn) + "; give both gaze columns or neither");
        }
        double x;
        double y;
        try {
            x = Double.parseDouble(xs.trim());
            y = Double.parseDouble(ys.trim());
        } catch (NumberFormatException e) {
            return new Gaze(Double.NaN, Double.NaN, String.format(Locale.ROOT, "gaze columns %s='%s', %s='%s' are not numbers",
                    xColumn, xs, yColumn, ys));
        }
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            return new Gaze(Double.NaN, Double.NaN, String.format(Locale.ROOT, "gaze (%s, %s) is not finite", xs, ys));
        }
        return new Gaze(x, y, null);
    }
}
