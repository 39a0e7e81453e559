package org.imgloss.job.source;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
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
 * @param unreadableFound input the source found but could not read (its pairs are not in {@code rows}); a
 *                    source that finds it while Spark computes {@code rows} (folders listed on the
 *                    executors) knows it completely only once the rows have been computed
 */
public record Pairs(Dataset<Row> rows, List<String> carried, boolean inlineBytes, String pathBase,
                    Supplier<List<UnreadableInput>> unreadableFound) {

    public Pairs {
        carried = List.copyOf(carried);
    }

    public Pairs(Dataset<Row> rows, List<String> carried, boolean inlineBytes, String pathBase,
                 List<UnreadableInput> unreadable) {
        this(rows, carried, inlineBytes, pathBase, constant(unreadable));
    }

    public Pairs(Dataset<Row> rows, List<String> carried, boolean inlineBytes, String pathBase) {
        this(rows, carried, inlineBytes, pathBase, List.of());
    }

    public Pairs(Dataset<Row> rows, List<String> carried, boolean inlineBytes) {
        this(rows, carried, inlineBytes, null);
    }

    /** The input that could not be read: complete once {@code rows} have been computed. */
    public List<UnreadableInput> unreadable() {
        return List.copyOf(unreadableFound.get());
    }

    /** These pairs with more unreadable input. */
    public Pairs withUnreadable(List<UnreadableInput> more) {
        Supplier<List<UnreadableInput>> before = unreadableFound;
        List<UnreadableInput> added = List.copyOf(more);
        return new Pairs(rows, carried, inlineBytes, pathBase, () -> {
            List<UnreadableInput> all = new ArrayList<>(before.get());
            all.addAll(added);
            return all;
        });
    }

    private static Supplier<List<UnreadableInput>> constant(List<UnreadableInput> unreadable) {
        List<UnreadableInput> copy = List.copyOf(unreadable);
        return () -> copy;
    }
}
