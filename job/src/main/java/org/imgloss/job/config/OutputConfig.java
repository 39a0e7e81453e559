package org.imgloss.job.config;

/**
 * The {@code output} section.
 *
 * @param path          folder that holds the tables {@code scores}, {@code summary} and {@code runs}
 * @param format        parquet | csv | json
 * @param metamerMetric alias of the {@code metamer_mse} metric whose metamers are written as 16-bit
 *                      PNGs under {@code <path>/metamers/run_id=<id>/} ({@code output.metamers}), or
 *                      {@code null} for none
 */
public record OutputConfig(String path, OutputFormat format, String metamerMetric) {

    public OutputConfig(String path, OutputFormat format) {
        this(path, format, null);
    }

    /** Location of one table. */
    public String table(String tableName) {
        return path.endsWith("/") ? path + tableName : path + "/" + tableName;
    }
}
