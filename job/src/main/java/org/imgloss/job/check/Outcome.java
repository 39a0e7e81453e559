package org.imgloss.job.check;

import java.util.Locale;
import java.util.Map;
import org.imgloss.job.config.Check;
import org.imgloss.job.config.CheckConfig;

/**
 * What one check found, for one group when it is per group: one row of the {@code checks} table.
 *
 * @param check         the check
 * @param group         the group's values ({@code input.group_by} column to value), empty when not per group
 * @param observed      the aggregate in this run (per pair: how many pairs regressed), or null
 * @param comparedRunId the run(s) compared with, comma-separated, or null
 * @param status        passed, failed or skipped
 * @param message       what was found, in words
 */
public record Outcome(Check check, Map<String, String> group, Double observed, String comparedRunId, Status status,
                      String message) {

    /** The outcome of a check. */
    public enum Status {
        PASSED, FAILED, SKIPPED;

        public String tableName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The threshold as the table shows it: {@code >= 0.85}, {@code max_drop 0.005}, {@code max_drop 0.05, max_pairs 0}. */
    public String threshold() {
        String t = check.threshold().toString();
        return check.perPair() ? t + ", max_pairs " + check.maxPairs() : t;
    }

    /** The aggregate as the table shows it, null for a per-pair check. */
    public String aggregate() {
        return check.aggregate() == null ? null : check.aggregate().toString();
    }

    /** The stderr line of a failed or skipped check: the check, group, observed vs threshold, compared run. */
    String line() {
        StringBuilder b = new StringBuilder("imgloss: check ").append(status.tableName());
        if (status == Status.FAILED) {
            b.append(" (").append(check.level().configName()).append(")");
        }
        b.append(": ").append(check.written());
        if (!group.isEmpty()) {
            b.append(" group ").append(group);
        }
        if (status == Status.FAILED) {
            b.append(": observed ").append(observed == null ? "nothing" : Checker.show(observed))
                    .append(" vs ").append(threshold());
        }
        if (comparedRunId != null) {
            b.append(", compared run ").append(comparedRunId);
        }
        return b.append(": ").append(message).toString();
    }
}
