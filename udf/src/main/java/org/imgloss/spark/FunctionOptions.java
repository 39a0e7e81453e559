package org.imgloss.spark;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.imgloss.image.DecodeOptions;
import org.imgloss.metrics.MetricDefinition;
import org.imgloss.metrics.MetricSpec;

/**
 * The options argument of the SQL functions, split into its two halves: how the images are decoded
 * ({@link DecodeOptions}) and the metric's own parameters.
 *
 * <p>The text form is MetricSpec's compact option string, {@code "key=value, key=value"}, e.g.
 * {@code "variant=skimage, data_range=255, color=y_bt601"}. The decode keys are
 * <ul>
 *   <li>{@code color}: {@code keep} (default), {@code gray} or {@code y_bt601};</li>
 *   <li>{@code domain}: {@code linear} (default) or {@code db};</li>
 *   <li>{@code eps}: added before the logarithm in the dB domain, default 1e-10;</li>
 *   <li>{@code normalize}: {@code none} (default) or {@code original_minmax};</li>
 *   <li>{@code max_pixels}: largest width × height accepted, default 100,000,000.</li>
 * </ul>
 * Every other key is a parameter of the metric and is validated by the metric's definition. A
 * metric may declare a parameter whose name is also a decode key (lpips has its own {@code eps}):
 * then the plain key is the metric's, and {@code decode.eps} reaches the decoder. The
 * {@code decode.} prefix is accepted for every decode key.
 *
 * @param metricParameters raw parameter text by name, for {@code MetricDefinition.bind}
 * @param decode           the decode options (defaults where not given)
 */
public record FunctionOptions(Map<String, String> metricParameters, DecodeOptions decode) {

    /** The option keys that configure decoding rather than the metric. */
    public static final Set<String> DECODE_KEYS = Set.of("color", "domain", "eps", "normalize", "max_pixels");

    /** No options: metric defaults and {@link DecodeOptions#DEFAULT}. */
    public static final FunctionOptions NONE = new FunctionOptions(Map.of(), DecodeOptions.DEFAULT);

    public FunctionOptions {
        metricParameters = Map.copyOf(metricParameters);
    }

    /** Prefix that sends a key to the decoder even when the metric has a parameter of that name. */
    public static final String DECODE_PREFIX = "decode.";

    /**
     * Parses an option string for a metric; {@code null} or blank means no options.
     *
     * @param metric the metric whose parameters take precedence over decode keys of the same name,
     *               or {@code null} when the options are not for a particular metric
     * @throws IllegalArgumentException naming the option and the value
     */
    public static FunctionOptions parse(String text, MetricDefinition metric) {
        return of(MetricSpec.parseOptions(text), metric);
    }

    /** {@link #parse(String, MetricDefinition)} without a metric: every decode key goes to the decoder. */
    public static FunctionOptions parse(String text) {
        return parse(text, null);
    }

    /**
     * Splits raw options into decode options and metric parameters: {@code decode.<key>} and the
     * decode keys the metric does not declare go to the decoder, the rest to the metric.
     *
     * @throws IllegalArgumentException naming the decode option and the value when one is bad
     */
    public static FunctionOptions of(Map<String, String> raw, MetricDefinition metric) {
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, String> decode = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            String key = e.getKey().trim().toLowerCase(Locale.ROOT);
            boolean toDecoder = key.startsWith(DECODE_PREFIX)
                    || DECODE_KEYS.contains(key) && (metric == null || metric.parameter(key) == null);
            (toDecoder ? decode : params).put(key, e.getValue());
        }
        return new FunctionOptions(params, decodeOptions(decode));
    }

    /**
     * Builds decode options from raw text values of the keys in {@link #DECODE_KEYS}; absent keys
     * keep their defaults.
     *
     * @throws IllegalArgumentException for an unknown key or a bad value, e.g.
     *                                  {@code color: must be one of keep, gray, y_bt601, got 'purple'}
     */
    public static DecodeOptions decodeOptions(Map<String, String> raw) {
        DecodeOptions o = DecodeOptions.DEFAULT;
        for (Map.Entry<String, String> e : raw.entrySet()) {
            String key = e.getKey().trim().toLowerCase(Locale.ROOT);
            if (key.startsWith(DECODE_PREFIX)) {
                key = key.substring(DECODE_PREFIX.length());
            }
            String value = e.getValue() == null ? "" : e.getValue().trim();
            switch (key) {
                case "color" -> o = o.withColor(choice(key, value, DecodeOptions.Color.class));
                case "domain" -> o = o.withDomain(choice(key, value, DecodeOptions.Domain.class));
                case "normalize" -> o = o.withNormalize(choice(key, value, DecodeOptions.Normalize.class));
                case "eps" -> {
                    double eps = number(key, value);
                    if (!(eps >= 0) || Double.isInfinite(eps)) {
                        throw new IllegalArgumentException("eps: must be a finite number >= 0, got '" + value + "'");
                    }
                    o = o.withEps(eps);
                }
                case "max_pixels" -> {
                    long max;
                    try {
                        max = Long.parseLong(value.replace("_", ""));
                    } catch (NumberFormatException ex) {
                        throw new IllegalArgumentException("max_pixels: must be a whole number >= 1, got '" + value + "'");
                    }
                    if (max < 1) {
                        throw new IllegalArgumentException("max_pixels: must be a whole number >= 1, got '" + value + "'");
                    }
                    o = o.withMaxPixels(max);
                }
                default -> throw new IllegalArgumentException(key + ": not a decode option (known: color, domain, eps, "
                        + "normalize, max_pixels)");
            }
        }
        return o;
    }

    /** The decode options as the compact text form, which {@link #parse} reads back. */
    public static String toText(DecodeOptions o) {
        return "color=" + o.color().configName() + ", domain=" + o.domain().configName() + ", eps=" + o.eps()
                + ", normalize=" + o.normalize().configName() + ", max_pixels=" + o.maxPixels();
    }

    private static double number(String key, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(key + ": must be a number, got '" + value + "'");
        }
    }

    private static <E extends Enum<E>> E choice(String key, String value, Class<E> type) {
        StringBuilder known = new StringBuilder();
        for (E c : type.getEnumConstants()) {
            String name = c.name().toLowerCase(Locale.ROOT);
            if (name.equals(value.toLowerCase(Locale.ROOT))) {
                return c;
            }
            known.append(known.length() == 0 ? "" : ", ").append(name);
        }
        throw new IllegalArgumentException(key + ": must be one of " + known + ", got '" + value + "'");
    }
}
