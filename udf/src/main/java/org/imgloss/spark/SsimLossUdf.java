package org.imgloss.spark;

/** The {@code ssim_loss} metric as a UDF with its defaults: {@code (reconstruction BINARY, original BINARY) → DOUBLE}. */
public final class SsimLossUdf extends MetricUdf {

    private static final long serialVersionUID = 1L;

    public SsimLossUdf() {
        super("ssim_loss");
    }
}
