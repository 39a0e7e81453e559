package org.imgloss.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.StructType;

/**
 * The SQL functions' forms for calls where an image argument is a Spark image struct
 * ({@link ImageStructs}): the same UDFs, taking each image as an {@code Object} (a {@code byte[]} for a
 * BINARY argument, a {@link Row} for a struct one), so one call may mix the two. Chosen by
 * {@link ImgLossFunctions}' function builders from the argument types; the public UDF classes keep
 * their {@code byte[]} signatures.
 */
final class ImageStructUdfs {

    private ImageStructUdfs() {
    }

    /** A metric function ({@link MetricUdf}) over image values of either form. */
    static final class Metric implements UDF2<Object, Object, Double> {
        private static final long serialVersionUID = 1L;
        private final MetricUdf udf;

        Metric(MetricUdf udf) {
            this.udf = udf;
        }

        @Override
        public Double call(Object reconstruction, Object original) {
            return udf.callAny(reconstruction, original);
        }
    }

    /** {@code score_pair} ({@link ScorePairUdf}) over image values of either form. */
    static final class ScorePair implements UDF2<Object, Object, Row> {
        private static final long serialVersionUID = 1L;
        private final ScorePairUdf udf;

        ScorePair(ScorePairUdf udf) {
            this.udf = udf;
        }

        StructType returnType() {
            return udf.returnType();
        }

        @Override
        public Row call(Object reconstruction, Object original) {
            return udf.scoreAny(reconstruction, original, org.imgloss.metrics.PairInputs.NONE);
        }
    }

    /** {@code score_pair} with an inputs struct ({@link ScorePairInputsUdf}) over image values of either form. */
    static final class ScorePairInputs implements UDF3<Object, Object, Row, Row> {
        private static final long serialVersionUID = 1L;
        private final ScorePairUdf udf;

        ScorePairInputs(ScorePairUdf udf) {
            this.udf = udf;
        }

        StructType returnType() {
            return udf.returnType();
        }

        @Override
        public Row call(Object reconstruction, Object original, Row inputs) {
            return udf.scoreAny(reconstruction, original, ScorePairInputsUdf.toInputs(inputs));
        }
    }
}
