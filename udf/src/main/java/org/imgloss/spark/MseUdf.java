package org.imgloss.spark;

/** The {@code mse} metric as a UDF with its defaults: {@code (reconstruction BINARY, original BINARY) → DOUBLE}. */
public final class MseUdf extends MetricUdf {

    private static final long serialVersionUID = 1L;

    public MseUdf() {
        super("mse");
    }
}
