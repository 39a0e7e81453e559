package org.imgloss.spark;

import org.apache.spark.sql.api.java.UDF2;

/** The {@code mse_ssim} metric as a UDF with its defaults: {@code (reconstruction BINARY, original BINARY) → DOUBLE}. */
public final class MseSsimUdf extends MetricUdf implements UDF2<byte[], byte[], Double> {

    private static final long serialVersionUID = 1L;

    public MseSsimUdf() {
        super("mse_ssim");
    }
}
