package org.imgloss.spark;

import org.apache.spark.sql.api.java.UDF2;

/** The {@code blursim} metric as a UDF with its defaults: {@code (reconstruction BINARY, original BINARY) → DOUBLE}. */
public final class BlursimUdf extends MetricUdf implements UDF2<byte[], byte[], Double> {

    private static final long serialVersionUID = 1L;

    public BlursimUdf() {
        super("blursim");
    }
}
