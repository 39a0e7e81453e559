package org.imgloss.job.config;

import java.util.Locale;

/** Where the pairs come from ({@code input.type}). */
public enum InputType {
    /** Two folder trees, paired by relative path or stem. */
    DIRECTORIES,
    /** A CSV (with header) or Parquet table listing the pairs by path. */
    MANIFEST,
    /** A Parquet table holding the images in BINARY columns (encoded) or Spark image structs. */
    PARQUET;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
