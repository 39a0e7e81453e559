package org.imgloss.job.source;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a source produced: one row per input pair with the {@link PairColumns} columns and the
 * carried columns.
 *
 * @param rows        the pairs
 * @param carried     names of the carried columns, in order
 * @param inlineBytes true when the rows hold the images (encoded, or image structs:
 *                    {@link PairColumns#RECONSTRUCTION_BYTES});
 *                    such rows must not be shuffled
 * @param pathBase    the folder that relative paths in carried columns (e.g. an {@code enl} mask
 *                    column) are resolved against: the manifest's folder; null for other sources
 */
public record Pairs(Dataset<Row> rows, List<String> carried, boolean inlineBytes, String pathBase) {

    public Pairs {
        carried = List.copyOf(carried);
    }

    public Pairs(Dataset<Row> rows, List<String> carried, boolean inlineBytes) {
        this(rows, carried, inlineBytes, null);
    }
}
