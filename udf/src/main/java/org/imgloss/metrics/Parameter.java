package org.imgloss.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * One documented parameter of a metric: its name (a contract used in configs and SQL), kind,
 * default and an optional check. Values arrive either typed (from YAML: numbers, booleans, lists)
 * or as text (from SQL option strings); {@link #parse} accepts both and reports problems as
 * {@link ParameterException}s naming the parameter and the value.
 *
 * @param name         the parameter's name, e.g. {@code data_range}
 * @param kind         the value type
 * @param defaultValue the default, already of the kind's Java type ({@code Double}, {@code Integer},
 *                     {@code Boolean}, {@code String}, {@code double[]}); {@code null} means "no default,
 *                     optional"
 * @param choices      allowed values of a {@link Kind#CHOICE} parameter, lower case
 * @param check        extra check of a parsed value; {@code null} for none
 * @param checkMessage what the check requires, e.g. "must be odd"
 * @param description  one line for {@code imgloss metrics} and the README
 */
public record Parameter(String name, Kind kind, Object defaultValue, List<String> choices,
                        Predicate<Object> check, String checkMessage, String description) {

    /** Value types of parameters. */
    public enum Kind { DOUBLE, INT, BOOLEAN, CHOICE, DOUBLE_LIST, STRING }

    public Parameter {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    public static Parameter ofDouble(String name, double defaultValue, String description) {
        return new Parameter(name, Kind.DOUBLE, defaultValue, null, null, null, description);
    }

    public static Parameter ofInt(String name, int defaultValue, String description) {
        return new Parameter(name, Kind.INT, defaultValue, null, null, null, description);
    }

    public static Parameter ofBoolean(String name, boolean defaultValue, String description) {
        return new Parameter(name, Kind.BOOLEAN, defaultValue, null, null, null, description);
    }

    public static Parameter ofChoice(String name, String defaultValue, List<String> choices, String description) {
        return new Parameter(name, Kind.CHOICE, defaultValue, choices, null, null, description);
    }

    public static Parameter ofDoubleList(String name, double[] defaultValue, String description) {
        return new Parameter(name, Kind.DOUBLE_LIST, defaultValue, null, null, null, description);
    }

    public static Parameter ofString(String name, String defaultValue, String description) {
        return new Parameter(name, Kind.STRING, defaultValue, null, null, null, description);
    }

    /** This parameter with an extra check, e.g. {@code .checked(v -> (int) v % 2 == 1, "must be odd")}. */
    public Parameter checked(Predicate<Object> extraCheck, String message) {
        return new Parameter(name, kind, defaultValue, choices, extraCheck, message, description);
    }

    /** Positive numbers only. */
    public Parameter positive() {
        return checked(v -> ((Number) v).doubleValue() > 0, "must be > 0");
    }

    /** Non-negative numbers only. */
    public Parameter nonNegative() {
        return checked(v -> ((Number) v).doubleValue() >= 0, "must be >= 0");
    }

    /**
     * Parses a raw value (text, number, boolean or list) into this parameter's Java type and runs
     * its check.
     *
     * @throws ParameterException naming this parameter and the raw value
     */
    public Object parse(Object raw) {
        if (raw == null) {
            throw new ParameterException(name, "needs a value");
        }
        Object value = convert(raw);
        if (check != null && !check.test(value)) {
            throw new ParameterException(name, checkMessage + ", got " + show(raw));
        }
        return value;
    }

    private Object convert(Object raw) {
        String text = raw instanceof String s ? s.trim() : null;
        switch (kind) {
            case DOUBLE:
                if (raw instanceof Number n) {
                    return n.doubleValue();
                }
                if (text != null) {
                    try {
                        return Double.parseDouble(text);
                    } catch (NumberFormatException e) {
                        // fall through to the error below
                    }
                }
                throw new ParameterException(name, "must be a number, got " + show(raw));
            case INT:
                if (raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                        && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
                    return n.intValue();
                }
                if (text != null) {
                    try {
                        return Integer.parseInt(text);
                    } catch (NumberFormatException e) {
                        // fall through
                    }
                }
                throw new ParameterException(name, "must be an integer, got " + show(raw));
            case BOOLEAN:
                if (raw instanceof Boolean b) {
                    return b;
                }
                if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
                    return Boolean.parseBoolean(text);
                }
                throw new ParameterException(name, "must be true or false, got " + show(raw));
            case CHOICE:
                String choice = String.valueOf(raw).trim().toLowerCase(Locale.ROOT);
                if (choices.contains(choice)) {
                    return choice;
                }
                throw new ParameterException(name, "must be one of " + String.join(", ", choices) + ", got " + show(raw)
                        + NearestName.hint(choice, choices));
            case DOUBLE_LIST:
                return parseList(raw);
            case STRING:
                return String.valueOf(raw);
            default:
                throw new IllegalStateException("unknown kind " + kind);
        }
    }

    private double[] parseList(Object raw) {
        List<Object> items = new ArrayList<>();
        if (raw instanceof List<?> list) {
            items.addAll(list);
        } else if (raw instanceof double[] array) {
            for (double d : array) {
                items.add(d);
            }
        } else {
            String text = String.valueOf(raw).trim();
            if (text.startsWith("[") && text.endsWith("]")) {
                text = text.substring(1, text.length() - 1);
            }
            // In option strings a list is written with spaces or '|' between numbers: "0.5 0.5" or "0.5|0.5"
            for (String part : text.split("[\\s|;]+")) {
                if (!part.isEmpty()) {
                    items.add(part);
                }
            }
        }
        if (items.isEmpty()) {
            throw new ParameterException(name, "must be a non-empty list of numbers, got " + show(raw));
        }
        double[] out = new double[items.size()];
        for (int i = 0; i < out.length; i++) {
            Object item = items.get(i);
            try {
                out[i] = item instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(item).trim());
            } catch (NumberFormatException e) {
                throw new ParameterException(name, "must be a list of numbers, got " + show(raw));
            }
        }
        return out;
    }

    /** The default as text, for listings ({@code "none"} when there is no default). */
    public String defaultText() {
        if (defaultValue == null) {
            return "none";
        }
        if (defaultValue instanceof double[] array) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < array.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(array[i]);
            }
            return sb.append(']').toString();
        }
        return String.valueOf(defaultValue);
    }

    private static String show(Object raw) {
        if (raw instanceof String s) {
            return "'" + s + "'";
        }
        if (raw instanceof double[] array) {
            return java.util.Arrays.toString(array);
        }
        return String.valueOf(raw);
    }

    /** The {@code data_range} parameter (L, default 1.0) shared by the metrics that need one. */
    public static Parameter dataRange() {
        return ofDouble("data_range", 1.0,
                        "L: span of the value encoding (1.0 for images scaled to [0,1], 255 for 0..255 data)")
                .checked(v -> ((Double) v) > 0 && !((Double) v).isInfinite(), "must be a finite number > 0");
    }
}
