package org.imgloss.metrics;

import java.util.Map;
import org.imgloss.image.Image;

/**
 * What a pair carries besides its two images, for the metrics that need it: carried columns by
 * name (e.g. {@code gaze_x}, {@code gaze_y} for the metamer losses) and auxiliary images by the
 * name of the column they came from (e.g. an ENL homogeneity mask). Most metrics ignore it.
 *
 * @param columns carried column values as text, by column name
 * @param images  decoded auxiliary images, by column name
 */
public record PairInputs(Map<String, String> columns, Map<String, Image> images) {

    public static final PairInputs NONE = new PairInputs(Map.of(), Map.of());

    public PairInputs {
        columns = Map.copyOf(columns);
        images = Map.copyOf(images);
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
