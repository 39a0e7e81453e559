package org.imgloss.spark;

import org.apache.spark.sql.api.java.UDF2;

/** The {@code laplacian_l1} metric as a UDF with its defaults: {@code (reconstruction BINARY, original BINARY) → DOUBLE}. */
public final class LaplacianL1Udf extends MetricUdf implements UDF2<byte[], byte[], Double> {

    private static final long serialVersionUID = 1L;

    public LaplacianL1Udf() {
        super("laplacian_l1");
    }
}
