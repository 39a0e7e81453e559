package org.imgloss.spark;

import org.apache.spark.sql.api.java.UDF2;

/**
 * The {@code perceptual} metric as a UDF with its defaults: {@code (reconstruction BINARY, original BINARY) → DOUBLE}.
 * Its {@code model} parameter has no default, so this class cannot be constructed (nor registered with
 * {@code registerJavaFunction}); use {@code perceptual(r, o, 'model=/path/model.onnx, ...')} after
 * {@link ImgLossFunctions#register}, or {@code new MetricUdf("perceptual", "model=...")}.
 */
public final class PerceptualUdf extends MetricUdf implements UDF2<byte[], byte[], Double> {

    private static final long serialVersionUID = 1L;

    public PerceptualUdf() {
        super("perceptual");
    }
}
