package org.imgloss.job.output;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.config.OutputConfig;

/**
 * Where a run's tables go besides their folders, once they are written: Spark's catalog
 * ({@code output.catalog}, {@link CatalogTables}) and a database over JDBC ({@code output.jdbc},
 * {@link JdbcSink}).
 */
public final class Sinks {

    private Sinks() {
    }

    /**
     * @param tables table name ({@code scores}, {@code summary}, {@code runs}, ...) to the run's rows as written
     */
    public static void publish(SparkSession spark, OutputConfig output, String runId,
                               Map<String, Dataset<Row>> tables) {
        Map<String, Dataset<Row>> ordered = new LinkedHashMap<>();
        for (String name : new String[] {"scores", "summary", "runs", "checks"}) {
            if (tables.get(name) != null) {
                ordered.put(name, tables.get(name));
            }
        }
        tables.forEach(ordered::putIfAbsent);
        if (output.catalog() != null) {
            CatalogTables.register(spark, output, runId, ordered);
        }
        if (output.jdbc() != null) {
            new JdbcSink(output.jdbc()).copy(runId, ordered);
        }
    }
}
