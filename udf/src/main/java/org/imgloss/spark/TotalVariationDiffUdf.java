package org.imgloss.spark;

import org.apache.spark.sql.api.java.UDF2;

/** The {@code total_variation_diff} metric as a UDF with its defaults: {@code (reconstruction BINARY, original BINARY) → DOUBLE}. */
public final class TotalVariationDiffUdf extends MetricUdf implements UDF2<byte[], byte[], Double> {

    private static final long serialVersionUID = 1L;

    public TotalVariationDiffUdf() {
        super("total_variation_diff");
    }
}
