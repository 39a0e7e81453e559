package org.imgloss.job.report;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link ReportModel} as one HTML page with the Pebble template {@code report.peb}: every
 * value is HTML-escaped by the engine (autoescaping), the charts are inline SVG from {@link Charts},
 * the pictures {@code data:} URIs. The page has no script and names no other address.
 */
public final class ReportPage {

    private static final String TEMPLATE = "org/imgloss/job/report/report.peb";
    private static final PebbleEngine ENGINE = new PebbleEngine.Builder()
            .loader(loader())
            .autoEscaping(true)
            .defaultEscapingStrategy("html")
            .strictVariables(false)
            .extension(new AbstractExtension() {
                @Override
                public Map<String, Filter> getFilters() {
                    return Map.of("num", new NumberFilter(false), "secs", new NumberFilter(true));
                }
            })
            .build();

    private ReportPage() {
    }

    private static ClasspathLoader loader() {
        ClasspathLoader l = new ClasspathLoader(ReportPage.class.getClassLoader());
        l.setCharset("UTF-8");
        return l;
    }

    /**
     * The page of {@code model}.
     *
     * @param version   the imgloss version that writes it
     * @param generated when it was written, as shown in the footer
     */
    public static String render(ReportModel model, String version, String generated) {
        Map<String, Object> context = new HashMap<>();
        context.put("r", model);
        context.put("histograms", model.metrics().stream().map(m -> Charts.histogram(m.histogram())).toList());
        context.put("trendCharts", model.trends().stream().map(Charts::trend).toList());
        context.put("stops", Colormap.stops());
        context.put("version", version);
        context.put("generated", generated);
        StringWriter out = new StringWriter(1 << 16);
        try {
            PebbleTemplate template = ENGINE.getTemplate(TEMPLATE);
            template.evaluate(out, context);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the report", e);
        }
        return out.toString();
    }

    /** {@code num}: a number with four significant digits; {@code secs}: seconds as a duration. */
    private record NumberFilter(boolean seconds) implements Filter {
        @Override
        public List<String> getArgumentNames() {
            return List.of();
        }

        @Override
        public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                            int lineNumber) {
            Double v = input instanceof Number n ? n.doubleValue() : null;
            return seconds ? Fmt.seconds(v) : Fmt.num(v);
        }
    }
}
