package org.imgloss.job.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.ConfigLoader;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The arguments that name a config, shared by {@code run} and {@code validate} (a picocli mixin). */
final class ConfigArgs {

    @Parameters(index = "0", paramLabel = "CONFIG.yaml",
            description = "the audit config: a local file or a Hadoop path (hdfs://, s3a://, file:)")
    String config;

    @Option(names = "--base-dir", hidden = true, paramLabel = "DIR",
            description = "folder that relative paths are resolved against (default: the current folder)")
    Path baseDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "override a config value (dotted path, e.g. output.format=csv or metrics[1].window_size=7),"
                    + " repeatable")
    List<String> overrides = new ArrayList<>();

    /** Reads, overrides and validates the config. */
    AuditConfig load() throws ConfigException {
        ConfigLoader loader = baseDir == null ? ConfigLoader.forCurrentDirectory()
                : new ConfigLoader(baseDir, java.time.Instant.now());
        return ConfigFile.load(loader, config, overrides);
    }

    /** The config file as the user named it, for messages. */
    String name() {
        return config;
    }
}
