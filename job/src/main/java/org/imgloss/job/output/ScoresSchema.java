package org.imgloss.job.output;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.imgloss.job.config.MetricConfig;
import org.imgloss.job.source.PairColumns;

/**
 * Columns of the {@code scores} table, in order: {@code key}, {@code reconstruction_path},
 * {@code original_path}, the carried columns (as STRING), {@code width}, {@code height}, {@code channels}, one
 * DOUBLE column per metric alias, {@code metric_errors} (alias → error code, for metrics without a
 * value on a scored pair), {@code error_code}, {@code error_message}, {@code name}, {@code run_id}.
 */
public final class ScoresSchema {

    public static final String WIDTH = "width";
    public static final String HEIGHT = "height";
    public static final String CHANNELS = "channels";
    public static final String METRIC_ERRORS = "metric_errors";
    public static final String ERROR_CODE = "error_code";
    public static final String ERROR_MESSAGE = "error_message";
    public static final String NAME = "name";
    public static final String RUN_ID = "run_id";

    private ScoresSchema() {
    }

    /**
     * A carried value as the scores table stores it: text, whatever its type in the input, so runs
     * whose inputs type a column differently (INT here, STRING there) share one history. Binary
     * values become base64.
     */
    public static String carriedValue(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] b) {
            return java.util.Base64.getEncoder().encodeToString(b);
        }
        return String.valueOf(value);
    }

    /**
     * @param pairs   schema of the pairs (for the carried columns' types)
     * @param carried carried column names
     * @param metrics the configured metrics
     */
    public static StructType of(StructType pairs, List<String> carried, List<MetricConfig> metrics) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField(PairColumns.KEY, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(PairColumns.RECONSTRUCTION_PATH, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(PairColumns.ORIGINAL_PATH, DataTypes.StringType, true));
        for (String c : carried) {
            fields.add(DataTypes.createStructField(c, DataTypes.StringType, true)); // as text: see carriedValue
        }
        fields.add(DataTypes.createStructField(WIDTH, DataTypes.IntegerType, true));
        fields.add(DataTypes.createStructField(HEIGHT, DataTypes.IntegerType, true));
        fields.add(DataTypes.createStructField(CHANNELS, DataTypes.IntegerType, true));
        for (MetricConfig m : metrics) {
            fields.add(DataTypes.createStructField(m.alias(), DataTypes.DoubleType, true));
        }
        fields.add(DataTypes.createStructField(METRIC_ERRORS,
                DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true), true));
        fields.add(DataTypes.createStructField(ERROR_CODE, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(ERROR_MESSAGE, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(NAME, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(RUN_ID, DataTypes.StringType, false));
        return DataTypes.createStructType(fields);
    }
}
