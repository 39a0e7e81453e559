package org.imgloss.spark;

/** The {@code mae} metric as a UDF with its defaults: {@code (reconstruction BINARY, original BINARY) → DOUBLE}. */
public final class MaeUdf extends MetricUdf {

    private static final long serialVersionUID = 1L;

    public MaeUdf() {
        super("mae");
    }
}
