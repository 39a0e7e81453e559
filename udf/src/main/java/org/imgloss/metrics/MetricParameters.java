package org.imgloss.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parsed, validated parameter values of one configured metric: every declared parameter with
 * its value or default. Immutable.
 */
public final class MetricParameters {

    private final Map<String, Object> values;

    MetricParameters(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public double getDouble(String name) {
        return ((Number) require(name)).doubleValue();
    }

    public int getInt(String name) {
        return ((Number) require(name)).intValue();
    }

    public boolean getBoolean(String name) {
        return (Boolean) require(name);
    }

    /** A CHOICE or STRING parameter. */
    public String getString(String name) {
        return (String) require(name);
    }

    /** A DOUBLE_LIST parameter (a copy). */
    public double[] getDoubleList(String name) {
        return ((double[]) require(name)).clone();
    }

    /** True when the parameter has a value (given, or a non-null default). */
    public boolean has(String name) {
        return values.get(name) != null;
    }

    /** All values by parameter name, in declaration order (defaults included). */
    public Map<String, Object> asMap() {
        return values;
    }

    private Object require(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("parameter " + name + " has no value");
        }
        return value;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(k).append('=').append(v instanceof double[] d ? java.util.Arrays.toString(d) : v);
        });
        return sb.toString();
    }
}
