package org.imgloss.job.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code spark} section.
 *
 * @param master Spark master URL; ignored when the job runs under {@code spark-submit}
 * @param conf   extra Spark settings ({@code spark.sql.shuffle.partitions: 8}, ...), as text
 */
public record SparkSettings(@JsonProperty("master") String master, @JsonProperty("conf") Map<String, String> conf) {

    public static final String DEFAULT_MASTER = "local[*]";

    public SparkSettings {
        conf = conf == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(conf));
    }

    /** The master (default {@code local[*]}); every setting a Spark one with a value. */
    SparkSettings checked(Problems problems) {
        String checkedMaster = problems.text("spark.master", master);
        Map<String, String> settings = new LinkedHashMap<>();
        conf.forEach((name, value) -> {
            if (value == null && !problems.has("spark.conf." + name)) {
                problems.add("spark.conf." + name, "must be a text, number or boolean, got nothing");
            } else if (!name.startsWith("spark.")) {
                problems.add("spark.conf." + name,
                        "Spark settings start with 'spark.' (Hadoop ones with 'spark.hadoop.')");
            } else if (value != null) {
                settings.put(name, value);
            }
        });
        return new SparkSettings(checkedMaster == null ? DEFAULT_MASTER : checkedMaster, settings);
    }
}
