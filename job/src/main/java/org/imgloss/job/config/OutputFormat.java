package org.imgloss.job.config;

import java.util.Locale;

/** File format of the output tables ({@code output.format}). */
public enum OutputFormat {
    PARQUET,
    /** With a header row; map columns are written as JSON text. */
    CSV,
    /** JSON lines. */
    JSON;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
