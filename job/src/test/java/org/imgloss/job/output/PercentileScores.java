package org.imgloss.job.output;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores of one metric, {@code mse}, in groups on both sides of a small percentile limit, for the tests
 * of the exact/approximate percentile rule: group "big" holds 1..10, one +∞ and one failed pair (10
 * finite values), group "small" 0.5, 0.1, 0.4, 0.2, and optionally a null group 7, 9, 8.
 */
public final class PercentileScores {

    private PercentileScores() {
    }

    public static Dataset<Row> of(SparkSession spark, String groupColumn, boolean nullGroup, int partitions) {
        StructType schema = new StructType().add(groupColumn, DataTypes.StringType).add("mse", DataTypes.DoubleType)
                .add(ScoresSchema.METRIC_ERRORS, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
                .add(ScoresSchema.ERROR_CODE, DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            rows.add(row("big", (double) i, null));
        }
        rows.add(row("big", Double.POSITIVE_INFINITY, null));
        rows.add(row("big", null, "UNDECODABLE"));
        for (double v : new double[] {0.5, 0.1, 0.4, 0.2}) {
            rows.add(row("small", v, null));
        }
        if (nullGroup) {
            for (double v : new double[] {7, 9, 8}) {
                rows.add(row(null, v, null));
            }
        }
        return spark.createDataFrame(rows, schema).repartition(partitions);
    }

    private static Row row(String group, Double mse, String code) {
        return RowFactory.create(group, mse, scala.jdk.javaapi.CollectionConverters.asScala(new HashMap<String, String>()),
                code);
    }
}
