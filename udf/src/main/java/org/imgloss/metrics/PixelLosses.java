package org.imgloss.metrics;

import java.util.List;

/** Catalogue section: mse, mae, huber, psnr. */
final class PixelLosses {

    private PixelLosses() {
    }

    static List<MetricDefinition> definitions() {
        return List.of();
    }
}
