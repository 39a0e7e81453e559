package org.imgloss.spark;

/** The {@code ssim} metric as a UDF with its defaults: {@code (reconstruction BINARY, original BINARY) → DOUBLE}. */
public final class SsimUdf extends MetricUdf {

    private static final long serialVersionUID = 1L;

    public SsimUdf() {
        super("ssim");
    }
}
