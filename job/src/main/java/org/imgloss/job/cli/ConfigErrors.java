package org.imgloss.job.cli;

import java.io.PrintWriter;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.Secrets;

/** Prints config problems, one per line. */
final class ConfigErrors {

    private ConfigErrors() {
    }

    static int report(PrintWriter err, String file, ConfigException e) {
        int n = e.errors().size();
        err.println("imgloss: " + Secrets.maskUserInfo(file) + ": " + n + (n == 1 ? " problem" : " problems") + ", nothing was run:");
        for (String line : e.errors()) {
            err.println("  " + Secrets.maskUserInfo(line));
        }
        err.flush();
        return ExitCodes.BAD_CONFIG;
    }
}
