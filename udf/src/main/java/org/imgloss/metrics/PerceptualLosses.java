package org.imgloss.metrics;

import java.util.List;

/** Catalogue section: VGG perceptual loss. */
final class PerceptualLosses {

    private PerceptualLosses() {
    }

    static List<MetricDefinition> definitions() {
        return List.of();
    }
}
