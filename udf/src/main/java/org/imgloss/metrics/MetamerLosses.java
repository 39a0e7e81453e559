package org.imgloss.metrics;

import java.util.List;

/** Catalogue section: odak's foveated metamer losses. */
final class MetamerLosses {

    private MetamerLosses() {
    }

    static List<MetricDefinition> definitions() {
        return List.of();
    }
}
