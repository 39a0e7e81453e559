package org.imgloss.job.config;

import java.io.Serializable;
import org.imgloss.image.DecodeOptions;

/**
 * The {@code input.decode} section in a form that travels to Spark executors; {@link #toOptions()}
 * gives the {@link DecodeOptions} the decoder takes.
 *
 * @param color     keep | gray | y_bt601
 * @param domain    linear | db
 * @param eps       added before the logarithm in the dB domain
 * @param normalize none | original_minmax
 * @param maxPixels largest width × height accepted
 */
public record DecodeConfig(DecodeOptions.Color color, DecodeOptions.Domain domain, double eps,
                           DecodeOptions.Normalize normalize, long maxPixels) implements Serializable {

    public static final DecodeConfig DEFAULT = of(DecodeOptions.DEFAULT);

    public static DecodeConfig of(DecodeOptions o) {
        return new DecodeConfig(o.color(), o.domain(), o.eps(), o.normalize(), o.maxPixels());
    }

    public DecodeOptions toOptions() {
        return new DecodeOptions(color, domain, eps, normalize, maxPixels);
    }

    /** The settings as text, for the runs table. */
    public String describe() {
        return "color=" + color.configName() + ", domain=" + domain.configName() + ", eps=" + eps
                + ", normalize=" + normalize.configName() + ", max_pixels=" + maxPixels;
    }
}
