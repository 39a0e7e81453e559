package org.imgloss.job.config;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import com.univocity.parsers.csv.UnescapedQuoteHandling;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rules on column names: the columns of the scores table that a metric alias or an input column must not
 * take, and the carried columns (input columns other than key and images) that {@code input.group_by} and
 * the {@code mask} parameter name. The carried columns of directories ({@code folder}) and of a local CSV
 * manifest (its header row) are known before Spark starts; the others when the run opens the input.
 */
public final class InputColumns {

    /** Column names of the scores table that a metric alias must not take. */
    public static final Set<String> RESERVED_COLUMNS = Set.of("key", "reconstruction_path", "original_path", "width",
            "height", "channels", "metric_errors", "error_code", "error_message", "run_id", "name");

    private InputColumns() {
    }

    /** {@code input.group_by} must name carried columns: one error per other name. */
    public static List<String> groupByErrors(List<String> groupBy, List<String> carried) {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < groupBy.size(); i++) {
            if (!carried.contains(groupBy.get(i))) {
                errors.add("input.group_by[" + i + "]: '" + groupBy.get(i) + "' is not a carried column (carried: "
                        + (carried.isEmpty() ? "none" : String.join(", ", carried)) + ")");
            }
        }
        return errors;
    }

    /**
     * The mask column of {@code enl} / {@code enl_loss} must be a carried column of the input:
     * one error per metric whose column is not, naming {@code metrics[i].mask}.
     */
    public static List<String> maskColumnErrors(List<MetricConfig> metrics, List<String> carried) {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < metrics.size(); i++) {
            String column = metrics.get(i).maskColumn();
            if (column != null && !carried.contains(column)) {
                errors.add("metrics[" + i + "].mask: '" + column + "' is not a carried column of the input (carried: "
                        + (carried.isEmpty() ? "none" : String.join(", ", carried))
                        + "); give a column holding mask image paths, or auto / ones");
            }
        }
        return errors;
    }

    /**
     * The carried columns known before Spark starts, or null when only the run can tell (Parquet, a remote
     * manifest). A local CSV manifest's header must also have the image columns (and a named key column).
     */
    static List<String> knownCarried(InputConfig input, Locations at, Problems problems) {
        if (input.type() == InputType.DIRECTORIES) {
            return List.of("folder");
        }
        List<String> header = input.type() == InputType.MANIFEST ? localCsvHeader(input, at) : null;
        if (header == null) {
            return null;
        }
        Map<String, String> named = new LinkedHashMap<>();
        named.put("reconstruction_column", input.reconstructionColumn());
        named.put("original_column", input.originalColumn());
        if (input.keyColumnExplicit()) {
            named.put("key_column", input.keyColumn());
        }
        named.forEach((key, column) -> {
            if (!header.contains(column)) {
                problems.add("input." + key, "no column '" + column + "' in the manifest (columns: "
                        + String.join(", ", header) + ")");
            }
        });
        List<String> carried = new ArrayList<>(header);
        carried.removeAll(List.of(input.reconstructionColumn(), input.originalColumn(), input.keyColumn()));
        return carried;
    }

    /** The header row of a local CSV manifest, or null when it is not one (or cannot be read here). */
    private static List<String> localCsvHeader(InputConfig input, Locations at) {
        String path = input.path();
        if (path == null || input.manifestFormat().equals("parquet") || input.manifestFormat().equals("auto")
                && path.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
            return null;
        }
        Path local = at.local(path);
        if (local == null || !Files.isRegularFile(local) || !Files.isReadable(local)) {
            return null;
        }
        try (BufferedReader in = Files.newBufferedReader(local)) {
            String first = in.readLine();
            return sparkHeaderNames(csvCells(first == null ? "" : first.replaceFirst("^\uFEFF", "")));
        } catch (IOException | UncheckedIOException e) {
            return null; // reported when the run reads it
        }
    }

    /**
     * The cells of one CSV line as Spark's CSV reader (univocity, with the options the manifest source
     * passes) splits them: RFC 4180, {@code "} quotes a cell and is doubled inside one; no trimming.
     */
    static List<String> csvCells(String line) {
        CsvParserSettings settings = new CsvParserSettings(); // quote and quote escape: '"'
        settings.setIgnoreLeadingWhitespaces(false);
        settings.setIgnoreTrailingWhitespaces(false);
        settings.setCommentProcessingEnabled(false);
        settings.setNullValue("");
        settings.setEmptyValue("");
        settings.setUnescapedQuoteHandling(UnescapedQuoteHandling.STOP_AT_DELIMITER);
        String[] cells = new CsvParser(settings).parseLine(line);
        return cells == null ? List.of("") : Arrays.asList(cells);
    }

    /**
     * Column names as Spark makes them from header cells (case-insensitive analysis, the default): an
     * empty cell is {@code _c<index>}, a name repeated (ignoring case) gets its index appended.
     */
    static List<String> sparkHeaderNames(List<String> cells) {
        Map<String, Integer> seen = new HashMap<>();
        cells.forEach(c -> seen.merge(c.toLowerCase(Locale.ROOT), 1, Integer::sum));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            names.add(c.isEmpty() ? "_c" + i : seen.get(c.toLowerCase(Locale.ROOT)) > 1 ? c + i : c);
        }
        return names;
    }
}
