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
     * The run's verdict is a failure: an error-level check failed (or, with {@code --fail-on warning}, a
     * warning-level one), or input could not be read ({@code input.on_unreadable_file: fail}).
     */
    public static final int CHECKS_FAILED = 3;

    private ExitCodes() {
    }
}
