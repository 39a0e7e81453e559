package org.imgloss.job.cli;

/** Exit codes of {@code imgloss}, documented in the README. */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /** The run failed (Spark, I/O, a bug): see the message. */
    public static final int RUN_FAILED = 1;
    /** Bad usage or configuration: nothing was run. */
    public static final int BAD_CONFIG = 2;
    /**
     * The run wrote its tables, but its verdict is a failure: here, input could not be read
     * ({@code input.on_unreadable_file: fail}), listed in the output and the runs table.
     */
    public static final int RUN_VERDICT_FAILED = 3;

    private ExitCodes() {
    }
}
