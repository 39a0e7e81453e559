package org.imgloss.job.report;

import java.util.Comparator;
import java.util.List;
import org.imgloss.job.report.ReportModel.Check;

/** The order the page lists checks in: what needs attention first. */
final class Checks {

    private Checks() {
    }

    /** Failed errors, failed warnings, skipped, passed; the written order within each. */
    static List<Check> pageOrder(List<Check> checks) {
        return checks.stream().sorted(Comparator.comparingInt(Checks::rank)).toList();
    }

    private static int rank(Check c) {
        if (ReportModel.FAILED.equals(c.status())) {
            return "warning".equals(c.level()) ? 1 : 0;
        }
        return ReportModel.SKIPPED.equals(c.status()) ? 2 : 3;
    }

    /** The verdict of a run's checks: failed when an error-level check failed; {@code none} without checks. */
    static String verdict(List<Check> checks) {
        if (checks.isEmpty()) {
            return ReportModel.NO_CHECKS;
        }
        boolean failed = checks.stream().anyMatch(c -> ReportModel.FAILED.equals(c.status())
                && !"warning".equals(c.level()));
        return failed ? ReportModel.FAILED : ReportModel.PASSED;
    }
}
