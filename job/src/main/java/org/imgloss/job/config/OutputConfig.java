package org.imgloss.job.config;

/**
 * The {@code output} section.
 *
 * @param path   folder that holds the tables {@code scores}, {@code summary} and {@code runs}
 * @param format parquet | csv | json
 */
public record OutputConfig(String path, OutputFormat format) {

    /** Location of one table. */
    public String table(String tableName) {
        return path.endsWith("/") ? path + tableName : path + "/" + tableName;
    }
}
