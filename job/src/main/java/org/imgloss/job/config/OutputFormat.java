package org.imgloss.job.config;

import java.util.Locale;

/** File format of the output tables ({@code output.format}). */
public enum OutputFormat {
    /** Delta Lake tables (the default): atomic replacement of a run, concurrent runs, time travel. */
    DELTA,
    PARQUET,
    /** With a header row; map columns are written as JSON text. */
    CSV,
    /** JSON lines. */
    JSON;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
