package org.imgloss.job.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.Objects;
import org.imgloss.image.DecodeOptions;

/**
 * The {@code input.decode} section in a form that travels to Spark executors; {@link #toOptions()}
 * gives the {@link DecodeOptions} the decoder takes. A value left out takes its default.
 *
 * @param color     keep | gray | y_bt601
 * @param domain    linear | db
 * @param eps       added before the logarithm in the dB domain
 * @param normalize none | original_minmax
 * @param maxPixels largest width × height accepted
 */
public record DecodeConfig(@JsonProperty("color") DecodeOptions.Color color,
                           @JsonProperty("domain") DecodeOptions.Domain domain,
                           @JsonProperty("eps") Double eps,
                           @JsonProperty("normalize") DecodeOptions.Normalize normalize,
                           @JsonProperty("max_pixels") @IntegerRange(min = 1) Long maxPixels) implements Serializable {

    public static final DecodeConfig DEFAULT = of(DecodeOptions.DEFAULT);

    public DecodeConfig {
        color = Objects.requireNonNullElse(color, DecodeOptions.Color.KEEP);
        domain = Objects.requireNonNullElse(domain, DecodeOptions.Domain.LINEAR);
        eps = Objects.requireNonNullElse(eps, DecodeOptions.DEFAULT_EPS);
        normalize = Objects.requireNonNullElse(normalize, DecodeOptions.Normalize.NONE);
        maxPixels = Objects.requireNonNullElse(maxPixels, DecodeOptions.DEFAULT_MAX_PIXELS);
    }

    public static DecodeConfig of(DecodeOptions o) {
        return new DecodeConfig(o.color(), o.domain(), o.eps(), o.normalize(), o.maxPixels());
    }

    void check(Problems problems) {
        if (!(eps >= 0) || eps.isInfinite()) {
            boolean whole = Double.isFinite(eps) && eps == Math.rint(eps); // -1, as written, not -1.0
            problems.add("input.decode.eps", "must be a finite number >= 0, got "
                    + (whole ? String.valueOf(eps.longValue()) : String.valueOf(eps)));
        }
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
