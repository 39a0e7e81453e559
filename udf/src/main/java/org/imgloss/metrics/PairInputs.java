package org.imgloss.metrics;

import java.util.Map;
import java.util.Objects;
import org.imgloss.image.Image;

/**
 * What a pair carries besides its two images, for the metrics that need it: carried columns by
 * name (e.g. {@code gaze_x}, {@code gaze_y} for the metamer losses), auxiliary images by the name
 * of the column they came from (e.g. an ENL homogeneity mask), and the {@link PairCache} that the
 * metrics of this pair share. Most metrics ignore it.
 *
 * @param columns carried column values as text, by column name
 * @param images  decoded auxiliary images, by column name
 * @param cache   results shared by the metrics of this pair ({@link PairCache#NONE}: none)
 */
public record PairInputs(Map<String, String> columns, Map<String, Image> images, PairCache cache) {

    public static final PairInputs NONE = new PairInputs(Map.of(), Map.of());

    public PairInputs {
        columns = Map.copyOf(columns);
        images = Map.copyOf(images);
        Objects.requireNonNull(cache, "cache");
    }

    /** Columns and images without a shared cache. */
    public PairInputs(Map<String, String> columns, Map<String, Image> images) {
        this(columns, images, PairCache.NONE);
    }

    /** The same inputs with the pair's shared cache. */
    public PairInputs withCache(PairCache pairCache) {
        return new PairInputs(columns, images, pairCache);
    }

    /** The carried column's text, or {@code null} when the pair has no such column or it is null. */
    public String column(String name) {
        return columns.get(name);
    }

    /** The auxiliary image decoded from that column, or {@code null}. */
    public Image image(String name) {
        return images.get(name);
    }
}
