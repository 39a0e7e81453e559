package org.imgloss.metrics;

import java.util.List;

/** Catalogue section: BlurSim. */
final class BlurLosses {

    private BlurLosses() {
    }

    static List<MetricDefinition> definitions() {
        return List.of();
    }
}
