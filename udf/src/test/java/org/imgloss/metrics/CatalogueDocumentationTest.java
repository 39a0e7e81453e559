package org.imgloss.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imgloss.metrics.MetricDefinition.Better;
import org.imgloss.metrics.blur.BlurLosses;
import org.imgloss.metrics.gradient.GradientLosses;
import org.imgloss.metrics.metamer.MetamerLosses;
import org.imgloss.metrics.pixel.PixelLosses;
import org.imgloss.metrics.sar.SarLosses;
import org.imgloss.metrics.ssim.StructuralLosses;
import org.junit.jupiter.api.Test;

/**
 * Each metric's reference and tolerance are written once, in its catalogue entry: every entry of
 * this module's sections states them (and whether higher or lower is better), in words a user can
 * read without the project's internal notes, and the README's metric tables show the same
 * tolerances.
 */
class CatalogueDocumentationTest {

    /** The catalogue sections of this module (an optional jar's section is checked by that jar's tests). */
    private static final List<MetricFamily> SECTIONS = List.of(new PixelLosses(), new StructuralLosses(),
            new GradientLosses(), new SarLosses(), new BlurLosses(), new MetamerLosses());

    private static List<MetricDefinition> definitions() {
        List<MetricDefinition> all = new ArrayList<>();
        SECTIONS.forEach(s -> all.addAll(s.definitions()));
        return all;
    }

    @Test
    void everyEntryStatesDirectionReferenceAndTolerance() {
        for (MetricDefinition d : definitions()) {
            assertFalse(d.summary().isBlank(), d.name() + " summary");
            assertFalse(d.reference().isBlank(), d.name() + " reference");
            assertFalse(d.tolerance().isBlank(), d.name() + " tolerance");
            assertFalse(d.range().isBlank(), d.name() + " range");
            assertNotNull(d.better(), d.name() + " better");
            assertEquals(d.tolerance(), MetricCatalog.get(d.name()).tolerance(), d.name() + " is in the catalogue");
        }
        assertEquals(Better.HIGHER, MetricCatalog.get("psnr").better());
        assertEquals(Better.HIGHER, MetricCatalog.get("ssim").better());
        assertEquals(Better.LOWER, MetricCatalog.get("ssim_loss").better());
        assertEquals(Better.LOWER, MetricCatalog.get("mse").better());
        assertEquals(Better.NEITHER, MetricCatalog.get("ratio_mean").better());
        assertEquals("n/a", Better.NEITHER.label());
    }

    /** No spec section numbers, internal file paths or notes in what {@code imgloss metrics} prints. */
    @Test
    void userFacingTextsNameNoInternalDocuments() {
        Pattern internal = Pattern.compile("§|\\bspec\\b|shared/|loss notes|metrics-spec");
        for (MetricDefinition d : definitions()) {
            List<String> texts = new ArrayList<>(List.of(d.summary(), d.reference(), d.tolerance()));
            d.parameters().forEach(p -> texts.add(p.description()));
            for (String text : texts) {
                assertFalse(internal.matcher(text).find(), d.name() + ": " + text);
            }
        }
    }

    /**
     * The tolerance column of every README table whose first column names metrics equals the
     * catalogue's {@link MetricDefinition#tolerance()} (code spans and escaped pipes aside; "as
     * {@code x}" means metric x's tolerance), every metric of this module has such a row, and a row
     * for a metric of an optional jar matches its entry when that jar is on the class path.
     */
    @Test
    void readmeToleranceColumnsAreTheCatalogues() throws IOException {
        Map<String, String> readme = readmeTolerances();
        for (MetricDefinition d : definitions()) {
            String cell = readme.get(d.name());
            assertNotNull(cell, "README has no metric table row with a tolerance for " + d.name());
            Matcher as = Pattern.compile("as (\\w+)").matcher(cell);
            if (as.matches()) {
                assertEquals(MetricCatalog.get(as.group(1)).tolerance(), d.tolerance(),
                        "README says " + d.name() + "'s tolerance is " + as.group(1) + "'s");
            } else {
                assertEquals(d.tolerance(), cell, "README tolerance of " + d.name());
            }
        }
        for (Map.Entry<String, String> row : readme.entrySet()) {
            String name = row.getKey();
            assertTrue(MetricCatalog.find(name).isPresent() || MetricCatalog.missingJar(name).isPresent(),
                    "README's metric tables name an unknown metric " + name);
            // a metric of an optional jar, when that jar is here and its entry states a tolerance
            MetricCatalog.find(name).filter(d -> !d.tolerance().isBlank() && !row.getValue().startsWith("as "))
                    .ifPresent(d -> assertEquals(d.tolerance(), row.getValue(), "README tolerance of " + name));
        }
    }

    /** Metric name → tolerance cell, from the README tables headed {@code | metric |} or {@code | name |} with a tolerance column. */
    static Map<String, String> readmeTolerances() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(readme());
        int toleranceColumn = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (!line.startsWith("|")) {
                toleranceColumn = -1;
                continue;
            }
            List<String> cells = cells(line);
            boolean header = i + 1 < lines.size() && lines.get(i + 1).trim().matches("\\|[\\s|:-]+\\|");
            if (header) {
                toleranceColumn = List.of("metric", "name").contains(cells.get(0)) ? cells.indexOf("tolerance") : -1;
                continue;
            }
            if (toleranceColumn < 0 || line.matches("\\|[\\s|:-]+\\|") || cells.size() <= toleranceColumn) {
                continue;
            }
            Matcher names = Pattern.compile("`(\\w+)`").matcher(cells.get(0));
            while (names.find()) {
                if (out.put(names.group(1), plain(cells.get(toleranceColumn))) != null) {
                    throw new AssertionError("README has two metric table rows for " + names.group(1));
                }
            }
        }
        return out;
    }

    private static Path readme() {
        Path here = Path.of("").toAbsolutePath();
        Path parent = here.getParent() == null ? here : here.getParent();
        return Files.exists(parent.resolve("README.md")) && Files.isDirectory(parent.resolve("udf"))
                ? parent.resolve("README.md") : here.resolve("README.md");
    }

    /** The cells of a Markdown table row, split at unescaped pipes. */
    private static List<String> cells(String row) {
        String[] parts = row.split("(?<!\\\\)\\|", -1);
        List<String> out = new ArrayList<>();
        for (int i = 1; i < parts.length - 1; i++) {
            out.add(parts[i].trim());
        }
        return out;
    }

    /** Markdown cell text as plain text: no code-span backticks, pipes unescaped, spaces collapsed. */
    private static String plain(String cell) {
        return cell.replace("`", "").replace("\\|", "|").replaceAll("\\s+", " ").trim();
    }
}
