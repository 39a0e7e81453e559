package org.imgloss.job.source;

/**
 * Column names of the pairs a {@link PairSource} produces and the scorer consumes. The first three
 * and the carried columns go to the {@code scores} table; the ones starting with an underscore are
 * internal.
 */
public final class PairColumns {

    public static final String KEY = "key";
    public static final String RECONSTRUCTION_PATH = "reconstruction_path";
    public static final String ORIGINAL_PATH = "original_path";
    /**
     * The images themselves, present only for sources that hold them inline (parquet): encoded bytes
     * (BINARY) or a Spark image struct (see {@link org.imgloss.spark.ImageStructs}).
     */
    public static final String RECONSTRUCTION_BYTES = "_reconstruction_bytes";
    public static final String ORIGINAL_BYTES = "_original_bytes";
    /**
     * A pairing problem found by the source, or null: the {@link org.imgloss.errors.ErrorCode#code()} of
     * {@code MISSING_ORIGINAL}, {@code MISSING_RECONSTRUCTION} or {@code DUPLICATE_KEY}.
     */
    public static final String SOURCE_ERROR_CODE = "_source_error_code";
    public static final String SOURCE_ERROR_MESSAGE = "_source_error_message";

    private PairColumns() {
    }
}
