package org.imgloss.spark;

import org.apache.spark.sql.api.java.UDF2;

/** The {@code ratio_mean} metric as a UDF with its defaults: {@code (reconstruction BINARY, original BINARY) → DOUBLE}. */
public final class RatioMeanUdf extends MetricUdf implements UDF2<byte[], byte[], Double> {

    private static final long serialVersionUID = 1L;

    public RatioMeanUdf() {
        super("ratio_mean");
    }
}
