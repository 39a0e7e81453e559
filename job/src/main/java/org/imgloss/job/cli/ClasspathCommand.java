package org.imgloss.job.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code imgloss classpath}: prints the classpath imgloss runs with (in local mode: the imgloss jar
 * plus Spark's jars), for jshell, notebooks or your own Spark programs that use the UDFs.
 */
@Command(name = "classpath", mixinStandardHelpOptions = true,
        description = {"Prints the local-mode classpath (the imgloss and Spark jars), for jshell, notebooks or"
                + " your own Spark programs.",
                "Example: jshell --class-path \"$(job/bin/imgloss classpath)\""})
public final class ClasspathCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(System.getProperty("java.class.path"));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
