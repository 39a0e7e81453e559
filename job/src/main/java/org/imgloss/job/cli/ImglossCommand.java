package org.imgloss.job.cli;

import java.util.concurrent.Callable;
import org.imgloss.job.config.Secrets;
import org.imgloss.job.run.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code imgloss} command and its subcommands. */
@Command(name = "imgloss", mixinStandardHelpOptions = true, versionProvider = ImglossCommand.VersionProvider.class,
        description = "Scores image reconstructions against their originals with a catalogue of losses, on Spark.",
        subcommands = {RunCommand.class, ValidateCommand.class, MetricsCommand.class, ErrorsCommand.class,
                ClasspathCommand.class, SqlCommand.class, ExportCommand.class, RunsCommand.class},
        footer = {"", "Exit codes: 0 success, 1 the run failed, 2 bad usage or config (nothing was run),",
                "3 the run finished but input could not be read (input.on_unreadable_file: fail)."})
public final class ImglossCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** The configured command line; {@code execute(args)} returns the exit code. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ImglossCommand());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(Secrets.maskUserInfo("imgloss: failed: " + e));
            e.printStackTrace(commandLine.getErr());
            return ExitCodes.RUN_FAILED;
        });
        return cl;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.BAD_CONFIG;
    }

    /** Version from the build. */
    public static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"imgloss " + Version.get()};
        }
    }
}
