package org.imgloss.job.config;

import java.util.Map;

/**
 * The {@code spark} section.
 *
 * @param master Spark master URL; ignored when the job runs under {@code spark-submit}
 * @param conf   extra Spark settings ({@code spark.sql.shuffle.partitions: 8}, ...), as text
 */
public record SparkSettings(String master, Map<String, String> conf) {

    public static final String DEFAULT_MASTER = "local[*]";

    public SparkSettings {
        conf = Map.copyOf(conf);
    }
}
