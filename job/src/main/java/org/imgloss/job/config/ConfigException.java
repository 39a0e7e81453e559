package org.imgloss.job.config;

import java.util.List;

/**
 * The configuration cannot run. Carries every problem found, each naming the field and the value
 * ({@code metrics[2].window_size: must be odd, got 10}), so that a user fixes them all in one go.
 * The CLI reports these with exit code 2: nothing was run.
 */
public final class ConfigException extends Exception {

    private final List<String> errors;

    public ConfigException(List<String> errors) {
        super(errors.size() == 1 ? errors.get(0) : errors.size() + " problems:\n  " + String.join("\n  ", errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public ConfigException(String error) {
        this(List.of(error));
    }

    /** Every problem, in the order found. */
    public List<String> errors() {
        return errors;
    }
}
