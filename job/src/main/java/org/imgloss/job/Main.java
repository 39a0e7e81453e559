package org.imgloss.job;

import org.imgloss.job.cli.ImglossCommand;

/** Entry point of {@code imgloss} (launcher, {@code java -jar} and {@code spark-submit --class}). */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(ImglossCommand.commandLine().execute(args));
    }
}
