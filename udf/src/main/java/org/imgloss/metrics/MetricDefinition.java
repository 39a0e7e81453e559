package org.imgloss.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A metric in the catalogue: its stable name, what it measures, whether higher or lower values are
 * better, which reference implementation it agrees with and to what tolerance, its parameters, and
 * how to build a configured kernel.
 *
 * <p>The catalogue entry is the one place where a metric's reference and tolerance are written:
 * {@code imgloss metrics}, the SQL functions' {@code DESCRIBE FUNCTION} text and the README's metric
 * tables show them (a test keeps the README's tolerance column equal to {@link #tolerance()}), and
 * the kernels' Javadoc links here instead of restating them.
 *
 * @param name       the stable name used in configs, SQL and output columns (e.g. {@code ssim})
 * @param summary    one line: what it computes
 * @param better     whether higher or lower values mean a better reconstruction, or neither
 * @param reference  which implementation it agrees with, under which settings, on which reference
 *                   values, with any known deviation; no tolerance figures
 * @param tolerance  how closely it agrees, e.g. {@code 1e-9 relative}; empty when not stated
 * @param parameters declared parameters, in the order they are documented
 * @param factory    builds a kernel from validated parameters
 * @param range      the values it takes and the value of a perfect reconstruction ({@code [−1, 1], 1 for
 *                   identical images}); empty when not stated
 */
public record MetricDefinition(String name, String summary, Better better, String reference, String tolerance,
                               List<Parameter> parameters, Function<MetricParameters, PairMetric> factory,
                               String range) {

    /** An entry without its range yet ({@link #withRange}). */
    public MetricDefinition(String name, String summary, Better better, String reference, String tolerance,
                            List<Parameter> parameters, Function<MetricParameters, PairMetric> factory) {
        this(name, summary, better, reference, tolerance, parameters, factory, "");
    }

    /** This entry with the range of its values. */
    public MetricDefinition withRange(String valueRange) {
        return new MetricDefinition(name, summary, better, reference, tolerance, parameters, factory, valueRange);
    }

    /** Which direction of a metric's value means a better reconstruction. */
    public enum Better {
        /** Higher is better (similarities, PSNR, ENL). */
        HIGHER("higher"),
        /** Lower is better (losses and errors). */
        LOWER("lower"),
        /** Neither: a property of the image, or best near a target value. */
        NEITHER("n/a");

        private final String label;

        Better(String label) {
            this.label = label;
        }

        /** {@code higher}, {@code lower} or {@code n/a}, as listings show it. */
        public String label() {
            return label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public MetricDefinition {
        parameters = List.copyOf(parameters);
        better = better == null ? Better.NEITHER : better;
        reference = reference == null ? "" : reference;
        tolerance = tolerance == null ? "" : tolerance;
        range = range == null ? "" : range;
    }

    /**
     * Validates raw parameter values (text from SQL or typed values from YAML) against the
     * declared parameters and fills in defaults.
     *
     * @throws ParameterException for an unknown parameter or a bad value, naming it
     */
    public MetricParameters bind(Map<String, ?> raw) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            values.put(p.name(), p.defaultValue());
        }
        for (Map.Entry<String, ?> e : raw.entrySet()) {
            Parameter p = parameter(e.getKey());
            if (p == null) {
                List<String> known = parameters.stream().map(Parameter::name).toList();
                throw new ParameterException(e.getKey(), "unknown parameter of " + name + " (known: "
                        + String.join(", ", known) + ")" + NearestName.hint(e.getKey(), known));
            }
            values.put(p.name(), p.parse(e.getValue()));
        }
        return new MetricParameters(values);
    }

    /** Binds the raw values and builds a kernel. */
    public PairMetric create(Map<String, ?> raw) {
        return factory.apply(bind(raw));
    }

    /** Builds a kernel from already bound parameters. */
    public PairMetric create(MetricParameters bound) {
        return factory.apply(bound);
    }

    /** The declared parameter of that name, or {@code null}. */
    public Parameter parameter(String parameterName) {
        for (Parameter p : parameters) {
            if (p.name().equals(parameterName)) {
                return p;
            }
        }
        return null;
    }
}
