package org.imgloss.metrics;

import java.util.List;

/** Catalogue section: ssim, ssim_loss, ms_ssim. */
final class StructuralLosses {

    private StructuralLosses() {
    }

    static List<MetricDefinition> definitions() {
        return List.of();
    }
}
