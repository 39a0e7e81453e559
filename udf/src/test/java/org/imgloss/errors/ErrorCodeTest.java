package org.imgloss.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.imgloss.metrics.MetricResult;
import org.imgloss.scoring.PairScore;
import org.junit.jupiter.api.Test;

/**
 * The error codes are a contract (they are the values of the {@code error_code} and
 * {@code metric_errors} columns), and README.md's error table documents exactly them.
 */
class ErrorCodeTest {

    private static final String SECTION = "### Pairing and errors";

    /** Every code string ever written; removing or renaming one breaks users' queries. */
    @Test
    void theCodeStringsAreStable() {
        List<String> pair = List.of("MISSING_ORIGINAL", "MISSING_RECONSTRUCTION", "MISSING_KEY", "DUPLICATE_KEY", "READ_FAILED",
                "EMPTY_INPUT", "UNSUPPORTED_FORMAT", "UNDECODABLE", "TOO_LARGE", "SIZE_MISMATCH", "CHANNEL_MISMATCH",
                "CONSTANT_ORIGINAL", "NON_FINITE", "SCORING_FAILED");
        List<String> metric = List.of("TOO_SMALL", "NOT_APPLICABLE", "NOT_A_NUMBER", "METRIC_FAILED",
                "MASK_UNREADABLE");
        assertEquals(pair, codes(ErrorCode.Level.PAIR));
        assertEquals(metric, codes(ErrorCode.Level.METRIC));
        for (ErrorCode c : ErrorCode.values()) {
            assertEquals(c.name(), c.code());
            assertTrue(c.meaning() != null && !c.meaning().isBlank() && !c.meaning().contains("\n"), c.code());
        }
        assertEquals("error_code", ErrorCode.Level.PAIR.column());
        assertEquals("metric_errors", ErrorCode.Level.METRIC.column());
        assertEquals(null, ErrorCode.codeOf(null));
        assertEquals("TOO_LARGE", ErrorCode.codeOf(ErrorCode.TOO_LARGE));
    }

    private static List<String> codes(ErrorCode.Level level) {
        return Arrays.stream(ErrorCode.values()).filter(c -> c.level() == level).map(ErrorCode::code).toList();
    }

    /** README.md's table under "Pairing and errors" lists the enum: same codes, order, levels and meanings. */
    @Test
    void theReadmeTableListsExactlyTheEnum() throws IOException {
        List<String[]> rows = readmeTable(readme());
        List<String> expected = new ArrayList<>();
        for (ErrorCode c : ErrorCode.values()) {
            expected.add(row(c));
        }
        List<String> actual = new ArrayList<>();
        for (String[] r : rows) {
            assertEquals(3, r.length, "README error table rows have 3 cells: " + String.join(" | ", r));
            String code = r[0].replace("`", "").trim();
            String level = r[1].trim();
            String meaning = r[2].replace("`", "").trim();
            actual.add("| `" + code + "` | " + level + " | " + meaning + " |");
        }
        assertEquals(String.join("\n", expected), String.join("\n", actual),
                "README.md's error table (" + SECTION + ") must list exactly ErrorCode, in its order, with its"
                        + " levels and meanings (backticks aside)");
    }

    private static String row(ErrorCode c) {
        return "| `" + c.code() + "` | " + c.level().name().toLowerCase(Locale.ROOT) + " | " + c.meaning() + " |";
    }

    private static String readme() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path readme = dir.resolve("README.md");
            if (Files.isRegularFile(readme)) {
                String text = Files.readString(readme);
                if (text.contains("\n" + SECTION + "\n")) {
                    return text;
                }
            }
        }
        throw new IllegalStateException("no README.md with '" + SECTION + "' above " + Path.of("").toAbsolutePath());
    }

    /** The cells of the body rows of the first table after the section heading, before the next heading. */
    static List<String[]> readmeTable(String readme) {
        int start = readme.indexOf("\n" + SECTION + "\n");
        assertTrue(start >= 0, "README.md has no '" + SECTION + "' section");
        List<String[]> rows = new ArrayList<>();
        boolean inTable = false;
        boolean pastHeader = false;
        for (String line : readme.substring(start + SECTION.length() + 2).split("\n", -1)) {
            if (line.startsWith("#")) {
                break;
            }
            if (line.startsWith("|")) {
                if (!inTable) {
                    inTable = true;
                    assertEquals(List.of("code", "level", "meaning"), cells(line).stream().toList(),
                            "README error table header");
                } else if (!pastHeader) {
                    pastHeader = true; // the | --- | line
                } else {
                    rows.add(cells(line).toArray(String[]::new));
                }
            } else if (inTable) {
                break;
            }
        }
        assertTrue(!rows.isEmpty(), "README.md's '" + SECTION + "' section has no error table");
        return rows;
    }

    private static List<String> cells(String line) {
        String inner = line.trim();
        inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
        return Arrays.stream(inner.split("\\|", -1)).map(String::trim).toList();
    }

    @Test
    void aCodeIsUsedAtItsLevel() {
        assertNotNull(MetricResult.notApplicable(ErrorCode.TOO_SMALL, "small").errorCode());
        assertThrows(IllegalArgumentException.class, () -> MetricResult.notApplicable(ErrorCode.UNDECODABLE, "x"));
        Map<String, Double> values = new java.util.LinkedHashMap<>();
        values.put("ssim", null);
        assertThrows(IllegalArgumentException.class, () -> new PairScore(null, null, null, values, Map.of(),
                Map.of(), ErrorCode.TOO_SMALL, "x"));
        assertThrows(IllegalArgumentException.class, () -> new PairScore(1, 1, 1, values,
                Map.of("ssim", ErrorCode.SIZE_MISMATCH), Map.of("ssim", "x"), null, null));
        PairScore ok = new PairScore(1, 1, 1, values, Map.of("ssim", ErrorCode.TOO_SMALL), Map.of("ssim", "x"), null,
                null);
        assertEquals(Map.of("ssim", "TOO_SMALL"), ok.metricErrorCodes());
    }
}
