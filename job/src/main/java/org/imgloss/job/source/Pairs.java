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
 * @param unreadable  input the source found but could not read (its pairs are not in {@code rows})
 */
public record Pairs(Dataset<Row> rows, List<String> carried, boolean inlineBytes, String pathBase,
                    List<UnreadableInput> unreadable) {

    public Pairs {
        carried = List.copyOf(carried);
        unreadable = List.copyOf(unreadable);
    }

    public Pairs(Dataset<Row> rows, List<String> carried, boolean inlineBytes, String pathBase) {
        this(rows, carried, inlineBytes, pathBase, List.of());
    }

    public Pairs(Dataset<Row> rows, List<String> carried, boolean inlineBytes) {
        this(rows, carried, inlineBytes, null);
    }

    /** These pairs with more unreadable input. */
    public Pairs withUnreadable(List<UnreadableInput> more) {
        List<UnreadableInput> all = new java.util.ArrayList<>(unreadable);
        all.addAll(more);
        return new Pairs(rows, carried, inlineBytes, pathBase, all);
    }
}
