package org.imgloss.job.config;

import java.util.Locale;

/** How the directories source pairs files ({@code input.match}). */
public enum MatchMode {
    /** The path relative to its root folder, extension included: {@code a/b.png} pairs with {@code a/b.png}. */
    RELATIVE_PATH,
    /** The relative path without its last extension: {@code a/b.png} pairs with {@code a/b.tif}. */
    STEM;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
