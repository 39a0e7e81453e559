package org.imgloss.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A metric in the catalogue: its stable name, what it measures, which reference implementation it
 * agrees with, its parameters, and how to build a configured kernel.
 *
 * @param name       the stable name used in configs, SQL and output columns (e.g. {@code ssim})
 * @param summary    one line: what it computes
 * @param reference  which implementation it agrees with, under which settings, to what tolerance
 * @param parameters declared parameters, in the order they are documented
 * @param factory    builds a kernel from validated parameters
 */
public record MetricDefinition(String name, String summary, String reference, List<Parameter> parameters,
                               Function<MetricParameters, PairMetric> factory) {

    public MetricDefinition {
        parameters = List.copyOf(parameters);
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
                throw new ParameterException(e.getKey(), "unknown parameter of " + name + " (known: "
                        + String.join(", ", parameters.stream().map(Parameter::name).toList()) + ")");
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
