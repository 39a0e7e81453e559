package org.imgloss.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.imgloss.image.DecodeException;
import org.imgloss.image.DecodeOptions;
import org.imgloss.image.Image;
import org.imgloss.metrics.PairInputs;

/**
 * {@code score_pair} for pairs that carry extra inputs: the fifth SQL argument (or the third UDF
 * argument) is a struct, e.g. {@code named_struct('gaze_x', gx, 'gaze_y', gy, 'mask', mask_png)}.
 * Each non-null field becomes a {@link PairInputs} entry under its field name: a BINARY field (or a
 * Spark image struct field, see {@link ImageStructs}) is decoded (default decode options, so a mask keeps its own scale) into an auxiliary image, any other
 * field is passed as text ({@code String.valueOf}). Metrics look them up by the names their
 * parameters give ({@code metameric}'s {@code gaze_x_column}, {@code enl}'s {@code mask}). An
 * auxiliary image that cannot be decoded is left out, and the metric that needs it reports
 * {@code NOT_APPLICABLE}. Returns the same struct as {@link ScorePairUdf}.
 */
public final class ScorePairInputsUdf implements UDF3<byte[], byte[], Row, Row> {

    private static final long serialVersionUID = 1L;

    private final ScorePairUdf scorer;

    public ScorePairInputsUdf(ScorePairUdf scorer) {
        this.scorer = scorer;
    }

    /** The struct type returned (that of the wrapped {@link ScorePairUdf}). */
    public StructType returnType() {
        return scorer.returnType();
    }

    @Override
    public Row call(byte[] reconstruction, byte[] original, Row inputs) {
        return scorer.score(reconstruction, original, toInputs(inputs));
    }

    /** The pair inputs of one struct value; {@code null} means none. */
    static PairInputs toInputs(Row row) {
        if (row == null) {
            return PairInputs.NONE;
        }
        StructType schema = row.schema();
        Map<String, String> columns = new LinkedHashMap<>();
        Map<String, Image> images = new LinkedHashMap<>();
        for (int i = 0; i < row.length(); i++) {
            if (row.isNullAt(i)) {
                continue;
            }
            StructField field = schema.fields()[i];
            if (DataTypes.BinaryType.equals(field.dataType()) || ImageStructs.isImageStruct(field.dataType())) {
                try {
                    images.put(field.name(), ImageStructs.input(row.get(i)).decode(DecodeOptions.DEFAULT));
                } catch (DecodeException | RuntimeException e) {
                    // left out: the metric that needs it says NOT_APPLICABLE
                }
            } else {
                columns.put(field.name(), String.valueOf(row.get(i)));
            }
        }
        return new PairInputs(columns, images);
    }
}
