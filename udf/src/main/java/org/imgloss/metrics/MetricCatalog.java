package org.imgloss.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every metric imgloss knows, by its stable name. The job's config, the SQL functions,
 * {@code imgloss metrics} and the README's metric reference all read this one list.
 *
 * <p>The list is assembled from one section per family of losses, each a small class that owns
 * its definitions: {@link PixelLosses} (mse, mae, huber, psnr), {@link StructuralLosses} (ssim,
 * ssim_loss, ms_ssim), {@link EdgeLosses} (gradient, Laplacian, TV, combined and SAR losses),
 * {@link BlurLosses} (BlurSim), {@link PerceptualLosses} (VGG) and {@link MetamerLosses}
 * (odak's foveated losses).
 */
public final class MetricCatalog {

    private static final Map<String, MetricDefinition> BY_NAME = build();

    private MetricCatalog() {
    }

    private static Map<String, MetricDefinition> build() {
        List<MetricDefinition> all = new ArrayList<>();
        all.addAll(PixelLosses.definitions());
        all.addAll(StructuralLosses.definitions());
        all.addAll(EdgeLosses.definitions());
        all.addAll(BlurLosses.definitions());
        all.addAll(PerceptualLosses.definitions());
        all.addAll(MetamerLosses.definitions());
        Map<String, MetricDefinition> byName = new LinkedHashMap<>();
        for (MetricDefinition d : all) {
            if (byName.put(d.name(), d) != null) {
                throw new IllegalStateException("metric " + d.name() + " is defined twice");
            }
        }
        return Collections.unmodifiableMap(byName);
    }

    /** All metrics in documentation order. */
    public static List<MetricDefinition> all() {
        return List.copyOf(BY_NAME.values());
    }

    /** All metric names in documentation order. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    public static Optional<MetricDefinition> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /**
     * The metric of that name.
     *
     * @throws IllegalArgumentException naming the unknown metric and listing the known ones
     */
    public static MetricDefinition get(String name) {
        MetricDefinition d = BY_NAME.get(name);
        if (d == null) {
            throw new IllegalArgumentException("unknown metric '" + name + "' (known: "
                    + String.join(", ", BY_NAME.keySet()) + ")");
        }
        return d;
    }
}
