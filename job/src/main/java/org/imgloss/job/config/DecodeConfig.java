package org.imgloss.job.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.Objects;
import org.imgloss.image.DecodeOptions;
import org.imgloss.metrics.MetricParameters;

/**
 * The {@code input.decode} section in a form that travels to Spark executors; {@link #toOptions()}
 * gives the {@link DecodeOptions} the decoder takes. A value left out takes its default.
 *
 * @param color     keep | gray | y_bt601
 * @param domain    linear | db
 * @param eps       added before the logarithm in the dB domain
 * @param normalize none | original_minmax
 * @param maxPixels largest width × height accepted
 * @param values    unit | code: 8/16-bit samples in [0, 1], or as their integer code values
 */
public record DecodeConfig(@JsonProperty("color") DecodeOptions.Color color,
                           @JsonProperty("domain") DecodeOptions.Domain domain,
                           @JsonProperty("eps") Double eps,
                           @JsonProperty("normalize") DecodeOptions.Normalize normalize,
                           @JsonProperty("max_pixels") @IntegerRange(min = 1) Long maxPixels,
                           @JsonProperty("values") DecodeOptions.Values values) implements Serializable {

    public static final DecodeConfig DEFAULT = of(DecodeOptions.DEFAULT);

    public DecodeConfig {
        color = Objects.requireNonNullElse(color, DecodeOptions.Color.KEEP);
        domain = Objects.requireNonNullElse(domain, DecodeOptions.Domain.LINEAR);
        eps = Objects.requireNonNullElse(eps, DecodeOptions.DEFAULT_EPS);
        normalize = Objects.requireNonNullElse(normalize, DecodeOptions.Normalize.NONE);
        maxPixels = Objects.requireNonNullElse(maxPixels, DecodeOptions.DEFAULT_MAX_PIXELS);
        values = Objects.requireNonNullElse(values, DecodeOptions.Values.UNIT);
    }

    public static DecodeConfig of(DecodeOptions o) {
        return new DecodeConfig(o.color(), o.domain(), o.eps(), o.normalize(), o.maxPixels(), o.values());
    }

    void check(Problems problems) {
        if (!(eps >= 0) || eps.isInfinite()) {
            boolean whole = Double.isFinite(eps) && eps == Math.rint(eps); // -1, as written, not -1.0
            problems.add("input.decode.eps", "must be a finite number >= 0, got "
                    + (whole ? String.valueOf(eps.longValue()) : String.valueOf(eps)));
        }
    }

    /**
     * Why a metric's {@code data_range} does not fit the values these options decode to, or null. In the
     * linear domain 8- and 16-bit images decode to [0, 1] ({@code values: unit}) or to their code values
     * 0..255 / 0..65535 ({@code values: code}); {@code normalize: original_minmax} maps to [0, 1] either
     * way. A range of 2^k − 1 (255, 65535, ...) on [0, 1] values, or a range of at most 1 on code values,
     * is the mix-up that puts PSNR tens of dB off and SSIM near 1: refused. (Float images are kept as
     * stored; their range is the user's to give. The run counts pairs outside [0, data_range].)
     */
    public String dataRangeProblem(MetricConfig metric) {
        MetricParameters p = metric.toSpec().parameters();
        if (!p.has("data_range") || domain != DecodeOptions.Domain.LINEAR) {
            return null;
        }
        double range = p.getDouble("data_range");
        String shown = range == Math.rint(range) ? String.valueOf((long) range) : String.valueOf(range);
        boolean unitValues = values == DecodeOptions.Values.UNIT || normalize == DecodeOptions.Normalize.ORIGINAL_MINMAX;
        boolean integerMaximum = range >= 255 && range == Math.rint(range) && Long.bitCount((long) range + 1) == 1;
        if (unitValues && integerMaximum) {
            return shown + " does not fit the decoded values: " + (normalize == DecodeOptions.Normalize.ORIGINAL_MINMAX
                    ? "normalize: original_minmax maps images to [0, 1]; set data_range: 1"
                    : "8- and 16-bit images decode to [0, 1] (input.decode.values: unit); set data_range: 1, or keep"
                    + " the integer code values (0..255, scikit-image's uint8 convention) with input.decode.values: code");
        }
        if (!unitValues && range <= 1) {
            return shown + " does not fit the decoded values: input.decode.values: code keeps 8-bit images in"
                    + " [0, 255] and 16-bit ones in [0, 65535]; set data_range: 255 (8-bit) or 65535 (16-bit)";
        }
        return null;
    }

    public DecodeOptions toOptions() {
        return new DecodeOptions(color, domain, eps, normalize, maxPixels, values);
    }

    /** The settings as text, for the runs table. */
    public String describe() {
        return "color=" + color.configName() + ", domain=" + domain.configName() + ", eps=" + eps
                + ", normalize=" + normalize.configName() + ", max_pixels=" + maxPixels + ", values=" + values.configName();
    }
}
