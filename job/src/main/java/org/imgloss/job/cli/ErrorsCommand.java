package org.imgloss.job.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.imgloss.errors.ErrorCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code imgloss errors}: every error code with its level and meaning. */
@Command(name = "errors", mixinStandardHelpOptions = true,
        description = "Lists every error code with its level (pair: error_code, metric: metric_errors) and meaning.")
public final class ErrorsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int width = Arrays.stream(ErrorCode.values()).mapToInt(c -> c.code().length()).max().orElse(0);
        for (ErrorCode.Level level : ErrorCode.Level.values()) {
            out.println(level.name().toLowerCase(Locale.ROOT) + " level (" + level.column() + "):");
            for (ErrorCode c : ErrorCode.values()) {
                if (c.level() == level) {
                    out.println("  " + String.format(Locale.ROOT, "%-" + width + "s", c.code()) + "  " + c.meaning());
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
