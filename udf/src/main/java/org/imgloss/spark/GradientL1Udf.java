package org.imgloss.spark;

import org.apache.spark.sql.api.java.UDF2;

/** The {@code gradient_l1} metric as a UDF with its defaults: {@code (reconstruction BINARY, original BINARY) → DOUBLE}. */
public final class GradientL1Udf extends MetricUdf implements UDF2<byte[], byte[], Double> {

    private static final long serialVersionUID = 1L;

    public GradientL1Udf() {
        super("gradient_l1");
    }
}
