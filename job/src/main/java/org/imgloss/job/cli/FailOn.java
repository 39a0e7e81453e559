package org.imgloss.job.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.imgloss.job.check.Verdict;
import org.imgloss.job.config.ConfigException;
import picocli.CommandLine.Option;

/** {@code --fail-on error|warning} and the verdict's exit code, shared by {@code run} and {@code check} (a picocli mixin). */
final class FailOn {

    @Option(names = "--fail-on", paramLabel = "LEVEL",
            description = "the check level that fails the run with exit code 3: error (default) or warning"
                    + " (failed warnings count too)")
    String level = "error";

    void check() throws ConfigException {
        String l = level.toLowerCase(Locale.ROOT);
        if (!l.equals("error") && !l.equals("warning")) {
            throw new ConfigException(List.of("--fail-on: must be error or warning, got '" + level + "'"));
        }
    }

    /** Prints the failed and skipped checks and the counts on {@code err}; the exit code of the verdict. */
    int report(Verdict verdict, PrintWriter err) {
        verdict.print(err);
        return verdict.fails(level.equalsIgnoreCase("warning")) ? ExitCodes.CHECKS_FAILED : ExitCodes.OK;
    }
}
