package org.imgloss.spark;

import org.apache.spark.sql.api.java.UDF2;

/** The {@code blursim_spectral} metric as a UDF with its defaults: {@code (reconstruction BINARY, original BINARY) → DOUBLE}. */
public final class BlursimSpectralUdf extends MetricUdf implements UDF2<byte[], byte[], Double> {

    private static final long serialVersionUID = 1L;

    public BlursimSpectralUdf() {
        super("blursim_spectral");
    }
}
