package org.imgloss.spark;

import org.apache.spark.sql.api.java.UDF2;

/**
 * The {@code lpips} metric as a UDF with its defaults: {@code (reconstruction BINARY, original BINARY) → DOUBLE}.
 * Its {@code model} parameter has no default, so this class cannot be constructed (nor registered with
 * {@code registerJavaFunction}); use {@code lpips(r, o, 'model=/path/model.onnx, ...')} after
 * {@link ImgLossFunctions#register}, or {@code new MetricUdf("lpips", "model=...")}.
 */
public final class LpipsUdf extends MetricUdf implements UDF2<byte[], byte[], Double> {

    private static final long serialVersionUID = 1L;

    public LpipsUdf() {
        super("lpips");
    }
}
