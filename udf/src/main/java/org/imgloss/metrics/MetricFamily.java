package org.imgloss.metrics;

import java.util.List;

/**
 * One section of the {@link MetricCatalog}: a family of metrics that share their kernels and
 * parameters (pixel losses, SSIM, gradient losses, SAR losses, BlurSim, perceptual, metamer).
 *
 * <p>Families are found with {@link java.util.ServiceLoader}: each is listed in its jar's
 * {@code META-INF/services/org.imgloss.metrics.MetricFamily}. That lets a family live in an
 * optional jar (the ONNX perceptual losses in {@code imgloss-perceptual}) and join the catalogue
 * only when that jar is on the class path, while the catalogue itself depends on no family.
 * Implementations need a public no-argument constructor.
 */
public interface MetricFamily {

    /** Where this family's metrics stand in the catalogue's documentation order (smaller first). */
    int position();

    /** The family's metrics, in documentation order. */
    List<MetricDefinition> definitions();
}
