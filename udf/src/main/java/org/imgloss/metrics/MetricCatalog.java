package org.imgloss.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Every metric imgloss knows, by its stable name. The job's config, the SQL functions,
 * {@code imgloss metrics} and the README's metric reference all read this one list.
 *
 * <p>The list is assembled from the {@link MetricFamily} sections found on the class path, in
 * their {@link MetricFamily#position() order}: pixel losses, SSIM, gradient losses, SAR losses,
 * BlurSim, the ONNX perceptual losses (when the {@code imgloss-perceptual} jar is present) and
 * odak's foveated losses.
 */
public final class MetricCatalog {

    /** Metrics whose family ships in an optional jar, with that jar's name, in documentation order. */
    private static final Map<String, String> OPTIONAL = optional();

    private static final Map<String, MetricDefinition> BY_NAME = build();

    private MetricCatalog() {
    }

    private static Map<String, String> optional() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("perceptual", "imgloss-perceptual");
        m.put("lpips", "imgloss-perceptual");
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, MetricDefinition> build() {
        List<MetricFamily> families = new ArrayList<>();
        for (MetricFamily f : ServiceLoader.load(MetricFamily.class, MetricCatalog.class.getClassLoader())) {
            families.add(f);
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context != MetricCatalog.class.getClassLoader()) {
            for (MetricFamily f : ServiceLoader.load(MetricFamily.class, context)) {
                if (families.stream().noneMatch(known -> known.getClass().getName().equals(f.getClass().getName()))) {
                    families.add(f);
                }
            }
        }
        families.sort(Comparator.comparingInt(MetricFamily::position));
        Map<String, MetricDefinition> byName = new LinkedHashMap<>();
        for (MetricFamily family : families) {
            for (MetricDefinition d : family.definitions()) {
                if (byName.put(d.name(), d) != null) {
                    throw new IllegalStateException("metric " + d.name() + " is defined twice");
                }
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
     * The optional jar that provides this metric when that jar is not on the class path
     * ({@code imgloss-perceptual} for {@code perceptual} and {@code lpips}), else empty.
     */
    public static Optional<String> missingJar(String name) {
        return BY_NAME.containsKey(name) ? Optional.empty() : Optional.ofNullable(OPTIONAL.get(name));
    }

    /**
     * The metrics of optional jars that are not on the class path, each with the name of its jar
     * ({@code perceptual} and {@code lpips} → {@code imgloss-perceptual} when that jar is absent), in
     * documentation order; empty when every optional jar is present.
     */
    public static Map<String, String> missingJars() {
        Map<String, String> missing = new LinkedHashMap<>();
        OPTIONAL.forEach((name, jar) -> {
            if (!BY_NAME.containsKey(name)) {
                missing.put(name, jar);
            }
        });
        return Collections.unmodifiableMap(missing);
    }

    /**
     * The metric of that name.
     *
     * @throws IllegalArgumentException naming the unknown metric and listing the known ones, or
     *                                  naming the jar that provides it when that jar is missing
     */
    public static MetricDefinition get(String name) {
        MetricDefinition d = BY_NAME.get(name);
        if (d == null) {
            Optional<String> jar = missingJar(name);
            if (jar.isPresent()) {
                throw new IllegalArgumentException("metric '" + name + "' is provided by the " + jar.get()
                        + " jar, which is not on the class path (add it with spark-submit --jars)");
            }
            throw new IllegalArgumentException("unknown metric '" + name + "' (known: "
                    + String.join(", ", BY_NAME.keySet()) + ")" + NearestName.hint(name, BY_NAME.keySet()));
        }
        return d;
    }
}
