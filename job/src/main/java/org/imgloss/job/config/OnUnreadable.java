package org.imgloss.job.config;

import java.util.Locale;

/**
 * What a run does when part of its input cannot be read ({@code input.on_unreadable_file}): a Parquet
 * part file that is not Parquet, a malformed manifest record, a folder entry that cannot be listed.
 * Either way the rest is scored and the unreadable input is listed in the {@code runs} table and the
 * end-of-run output.
 */
public enum OnUnreadable {
    /** The run fails with exit code 3: input was lost. The default. */
    FAIL,
    /** The run succeeds; the unreadable input is a warning. */
    WARN;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
