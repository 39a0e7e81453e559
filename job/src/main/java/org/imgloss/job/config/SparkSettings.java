package org.imgloss.job.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code spark} section.
 *
 * @param master Spark master URL; ignored when the job runs under {@code spark-submit}
 * @param conf   extra Spark settings ({@code spark.sql.shuffle.partitions: 8}, ...), as text
 */
public record SparkSettings(@JsonProperty("master") String master, @JsonProperty("conf") Map<String, String> conf) {

    public static final String DEFAULT_MASTER = "local[*]";

    /**
     * The master URL forms Spark accepts: {@code local}, {@code local[N]}, {@code local[*]}, {@code local[N,F]}
     * (N threads, F task attempts, both at least 1), {@code local-cluster[W,C,M]}, {@code spark://host:port}
     * (several, comma-separated, for standby masters), {@code yarn}, {@code k8s://...}, {@code mesos://...}.
     */
    private static final Pattern MASTER = Pattern.compile("local"
            + "|local\\[(\\*|[1-9][0-9]*)(\\s*,\\s*[1-9][0-9]*)?]"
            + "|local-cluster\\[\\s*[1-9][0-9]*\\s*,\\s*[1-9][0-9]*\\s*,\\s*[1-9][0-9]*\\s*]"
            + "|spark://[^\\s:/,]+:[0-9]+(,[^\\s:/,]+:[0-9]+)*"
            + "|yarn|k8s://\\S+|mesos://\\S+");

    public SparkSettings {
        conf = conf == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(conf));
    }

    /** The master (default {@code local[*]}); every setting a Spark one with a value. */
    SparkSettings checked(Problems problems) {
        String checkedMaster = problems.text("spark.master", master);
        if (checkedMaster != null && !MASTER.matcher(checkedMaster).matches()) {
            problems.add("spark.master", "'" + checkedMaster + "' is not a Spark master URL (local, local[*], local[N],"
                    + " local[N,F] with N and F at least 1, spark://HOST:PORT, yarn, k8s://URL, mesos://URL)");
        }
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
