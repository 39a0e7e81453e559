package org.imgloss.metrics;

/**
 * A metric parameter has a bad name or value. The message names the parameter and the value,
 * e.g. {@code window_size: must be odd, got 10}; callers prefix it with where the parameter came
 * from ({@code metrics[2].}).
 */
public final class ParameterException extends IllegalArgumentException {

    private final String parameter;

    public ParameterException(String parameter, String problem) {
        super(parameter + ": " + problem);
        this.parameter = parameter;
    }

    /** The parameter's name as the user wrote it. */
    public String parameter() {
        return parameter;
    }
}
