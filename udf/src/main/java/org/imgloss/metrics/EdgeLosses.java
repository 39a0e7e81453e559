package org.imgloss.metrics;

import java.util.List;

/** Catalogue section: gradient, Laplacian, total variation, combined and SAR losses. */
final class EdgeLosses {

    private EdgeLosses() {
    }

    static List<MetricDefinition> definitions() {
        return List.of();
    }
}
