package org.imgloss.job.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.imgloss.job.TestSpark;
import org.imgloss.job.config.MetricConfig;
import org.junit.jupiter.api.Test;

/**
 * {@code summary.error_codes}: code → pairs, counted per group and code, so its aggregation holds a count
 * per code, never a list with an entry per failed pair.
 */
class SummaryErrorCodesTest {

    @Test
    void codesAreCountedPerGroupAndCodeNotCollectedPerPair() {
        SparkSession spark = TestSpark.session();
        StructType schema = new StructType().add("folder", DataTypes.StringType).add("mse", DataTypes.DoubleType)
                .add(ScoresSchema.METRIC_ERRORS, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
                .add(ScoresSchema.ERROR_CODE, DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        // folder a: 40 pairs UNDECODABLE, 20 TOO_LARGE, 3 scored; b: 3 scored; no folder: a metric error, a bare null
        for (int i = 0; i < 60; i++) {
            rows.add(row("a", null, i % 3 == 2 ? "TOO_LARGE" : "UNDECODABLE", Map.of()));
        }
        for (int i = 0; i < 3; i++) {
            rows.add(row("a", 1.0 + i, null, Map.of()));
            rows.add(row("b", 2.0 + i, null, Map.of()));
        }
        rows.add(row(null, null, null, Map.of("mse", "SIZE_MISMATCH")));
        rows.add(row(null, null, null, Map.of()));
        Dataset<Row> summary = SummaryTable.build(spark.createDataFrame(rows, schema).repartition(3),
                List.of(new MetricConfig("mse", "mse", Map.of(), List.of())), List.of("folder"), "n", "r");

        Map<String, Map<String, Long>> codes = new HashMap<>();
        for (Row r : summary.collectAsList()) {
            codes.put(r.getAs("folder") + "/" + r.getAs("metric"), r.getJavaMap(r.fieldIndex("error_codes")));
        }
        assertEquals(Map.of("UNDECODABLE", 40L, "TOO_LARGE", 20L), codes.get("a/mse"));
        assertEquals(Map.of("UNDECODABLE", 40L, "TOO_LARGE", 20L), codes.get("a/_pairs"));
        assertEquals(Map.of(), codes.get("b/mse"));
        assertEquals(Map.of(), codes.get("b/_pairs"));
        assertEquals(Map.of("SIZE_MISMATCH", 1L, SummaryTable.NULL_VALUE_CODE, 1L), codes.get("null/mse"));
        assertEquals(Map.of(), codes.get("null/_pairs"));
        assertEquals(DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false), // as before
                summary.schema().apply("error_codes").dataType());

        // no aggregate collects the codes themselves (a list as long as the failed pairs); what is collected
        // is one (code, count) entry per code of a group
        String plan = summary.queryExecution().optimizedPlan().toString();
        assertFalse(plan.matches("(?s).*collect_list\\((code|error_code)#.*"), plan);
    }

    private static Row row(String folder, Double mse, String code, Map<String, String> metricErrors) {
        return RowFactory.create(folder, mse, scala.jdk.javaapi.CollectionConverters.asScala(new HashMap<>(metricErrors)),
                code);
    }
}
