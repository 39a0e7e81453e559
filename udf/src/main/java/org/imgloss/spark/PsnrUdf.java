package org.imgloss.spark;

/** The {@code psnr} metric as a UDF with its defaults: {@code (reconstruction BINARY, original BINARY) → DOUBLE}. */
public final class PsnrUdf extends MetricUdf {

    private static final long serialVersionUID = 1L;

    public PsnrUdf() {
        super("psnr");
    }
}
