package org.imgloss.job.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code input} section. As bound from the YAML, a key left out is null; {@link #checked} fills in the
 * defaults and resolves the paths: relative paths become absolute {@code file:} URIs, other URIs
 * ({@code hdfs://}, {@code s3a://}, absolute paths on the default file system) are kept as written.
 *
 * @param type                 directories | manifest | parquet
 * @param reconstructions      (directories) root folder of the reconstructions
 * @param originals            (directories) root folder of the originals
 * @param match                (directories) relative_path | stem | a pattern per side
 * @param path                 (manifest, parquet) the table's location
 * @param manifestFormat       (manifest) auto | csv | parquet; auto goes by the file name
 * @param keyColumn            (manifest, parquet) the key column
 * @param keyColumnExplicit    true when the config names the key column (then it must exist)
 * @param reconstructionColumn (manifest: paths; parquet: encoded bytes)
 * @param originalColumn       (manifest: paths; parquet: encoded bytes)
 * @param groupBy              carried columns to aggregate by
 * @param decode               decoding options
 * @param onUnreadable         fail (default) | warn: whether input that cannot be read fails the run
 */
public record InputConfig(InputType type, String reconstructions, String originals, PairMatch match, String path,
                          String manifestFormat, String keyColumn, boolean keyColumnExplicit,
                          String reconstructionColumn, String originalColumn, List<String> groupBy,
                          DecodeConfig decode, OnUnreadable onUnreadable) implements Serializable {

    /** The section as written in the YAML. */
    @JsonCreator
    InputConfig(@JsonProperty("type") InputType type,
                @JsonProperty("reconstructions") String reconstructions,
                @JsonProperty("originals") String originals,
                @JsonProperty("match") PairMatch match,
                @JsonProperty("path") String path,
                @JsonProperty("format") String format,
                @JsonProperty("key_column") String keyColumn,
                @JsonProperty("reconstruction_column") String reconstructionColumn,
                @JsonProperty("original_column") String originalColumn,
                @JsonProperty("group_by") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                List<String> groupBy,
                @JsonProperty("decode") @JsonSetter(nulls = Nulls.AS_EMPTY) DecodeConfig decode,
                @JsonProperty("on_unreadable_file") OnUnreadable onUnreadable) {
        this(type, reconstructions, originals, match, path, format, keyColumn, keyColumn != null, reconstructionColumn,
                originalColumn, groupBy, decode, onUnreadable);
    }

    public InputConfig {
        groupBy = groupBy == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(groupBy));
        decode = Objects.requireNonNullElse(decode, DecodeConfig.DEFAULT);
        onUnreadable = Objects.requireNonNullElse(onUnreadable, OnUnreadable.FAIL);
    }

    /** Where the pairs come from, in one line, for the runs table and messages. */
    public String location() {
        return type == InputType.DIRECTORIES
                ? "reconstructions=" + reconstructions + ", originals=" + originals + ", match=" + match.configName()
                : path;
    }

    /** The section with its defaults and resolved paths; the keys of the other input types are problems. */
    InputConfig checked(Locations at, Problems problems) {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < groupBy.size(); i++) {
            String column = groupBy.get(i);
            if ((column == null || column.isBlank()) && !problems.has("input.group_by[" + i + "]")) {
                problems.add("input.group_by[" + i + "]", "must be a text value, got "
                        + (column == null ? "nothing" : "'" + column + "'"));
            } else if (column != null) {
                groups.add(column); // as written: a column name may start or end with a space
            }
        }
        decode.check(problems);
        if (type == null) {
            problems.required("input.type", null, ": one of directories, manifest, parquet");
            return this; // the other keys depend on the type
        }
        if (type == InputType.DIRECTORIES) {
            notUsed(problems, "path", path, "key_column", keyColumn, "reconstruction_column", reconstructionColumn,
                    "original_column", originalColumn, "format", manifestFormat);
            String why = " for input.type directories: the folder of ";
            String recon = problems.required("input.reconstructions", reconstructions, why + "reconstructions");
            String orig = problems.required("input.originals", originals, why + "originals");
            return new InputConfig(type, at.readable("input.reconstructions", recon, true, problems),
                    at.readable("input.originals", orig, true, problems),
                    Objects.requireNonNullElse(match, PairMatch.RELATIVE_PATH), null, "auto", "key", false,
                    "reconstruction", "original", groups, decode, onUnreadable);
        }
        notUsed(problems, "reconstructions", reconstructions, "originals", originals, "match", match);
        String format = manifestFormat == null ? "auto" : manifestFormat.trim().toLowerCase(Locale.ROOT);
        if (type == InputType.PARQUET) {
            notUsed(problems, "format", manifestFormat);
        } else if (!List.of("auto", "csv", "parquet").contains(format)) {
            problems.add("input.format", "must be one of auto, csv, parquet, got '" + manifestFormat + "'");
        }
        String table = problems.required("input.path", path, " for input.type " + type.configName() + ": the "
                + (type == InputType.MANIFEST ? "manifest (CSV with header, or Parquet)" : "Parquet table"));
        String key = problems.text("input.key_column", keyColumn);
        String recon = problems.text("input.reconstruction_column", reconstructionColumn);
        String orig = problems.text("input.original_column", originalColumn);
        return new InputConfig(type, null, null, PairMatch.RELATIVE_PATH,
                at.readable("input.path", table, false, problems), format, Objects.requireNonNullElse(key, "key"),
                keyColumnExplicit, Objects.requireNonNullElse(recon, "reconstruction"),
                Objects.requireNonNullElse(orig, "original"), groups, decode, onUnreadable);
    }

    /** Keys (name, value pairs) given that this input type does not use. */
    private void notUsed(Problems problems, Object... keysAndValues) {
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                problems.add("input." + keysAndValues[i], "not used with input.type " + type.configName());
            }
        }
    }
}
