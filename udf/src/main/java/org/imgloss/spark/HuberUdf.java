package org.imgloss.spark;

/** The {@code huber} metric as a UDF with its defaults: {@code (reconstruction BINARY, original BINARY) → DOUBLE}. */
public final class HuberUdf extends MetricUdf {

    private static final long serialVersionUID = 1L;

    public HuberUdf() {
        super("huber");
    }
}
