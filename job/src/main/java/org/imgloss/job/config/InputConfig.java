package org.imgloss.job.config;

import java.io.Serializable;
import java.util.List;

/**
 * The {@code input} section. Paths are resolved: relative paths have become absolute {@code file:}
 * URIs; other URIs ({@code hdfs://}, {@code s3a://}, absolute paths on the default file system)
 * are kept as written.
 *
 * @param type                 directories | manifest | parquet
 * @param reconstructions      (directories) root folder of the reconstructions
 * @param originals            (directories) root folder of the originals
 * @param match                (directories) relative_path | stem
 * @param path                 (manifest, parquet) the table's location
 * @param manifestFormat       (manifest) auto | csv | parquet; auto goes by the file name
 * @param keyColumn            (manifest, parquet) the key column
 * @param keyColumnExplicit    true when the config names the key column (then it must exist)
 * @param reconstructionColumn (manifest: paths; parquet: encoded bytes)
 * @param originalColumn       (manifest: paths; parquet: encoded bytes)
 * @param groupBy              carried columns to aggregate by
 * @param decode               decoding options
 */
public record InputConfig(InputType type, String reconstructions, String originals, MatchMode match, String path,
                          String manifestFormat, String keyColumn, boolean keyColumnExplicit,
                          String reconstructionColumn, String originalColumn, List<String> groupBy,
                          DecodeConfig decode) implements Serializable {

    public InputConfig {
        groupBy = List.copyOf(groupBy);
    }

    /** Where the pairs come from, in one line, for the runs table and messages. */
    public String location() {
        return type == InputType.DIRECTORIES
                ? "reconstructions=" + reconstructions + ", originals=" + originals + ", match=" + match.configName()
                : path;
    }
}
