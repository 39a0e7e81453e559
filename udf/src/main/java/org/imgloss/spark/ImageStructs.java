package org.imgloss.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.DecodeException;
import org.imgloss.image.ImageInput;
import org.imgloss.image.OpenCvPixels;
import scala.Option;

/**
 * Image values as Spark holds them: BINARY cells are encoded images (PNG, TIFF, ...), struct cells
 * Spark's image struct ({@code spark.read.format("image")}, {@code ImageSchema.columnSchema}), read as
 * {@link OpenCvPixels} (8-bit BGR(A), modes {@code CV_8UC1}, {@code CV_8UC3}, {@code CV_8UC4}). Used by
 * the SQL functions and by the job's Parquet input. A struct type is an image struct when it has,
 * looked up by name, INT fields {@code height}, {@code width}, {@code nChannels}, {@code mode} and a
 * BINARY field {@code data}; an {@code origin} field, when present, must be a STRING; other fields
 * are ignored.
 */
public final class ImageStructs {

    /** The struct Spark's image data source gives, as named in config errors. */
    public static final String SCHEMA =
            "struct<origin: string, height: int, width: int, nChannels: int, mode: int, data: binary>";

    /** The origin field: the image's source URI. */
    public static final String ORIGIN = "origin";

    private static final String[] INT_FIELDS = {"height", "width", "nChannels", "mode"};
    private static final String DATA = "data";

    private ImageStructs() {
    }

    /** True when {@code type} is an image struct (see the class comment). */
    public static boolean isImageStruct(DataType type) {
        if (!(type instanceof StructType struct)) {
            return false;
        }
        for (String f : INT_FIELDS) {
            if (!hasField(struct, f, DataTypes.IntegerType)) {
                return false;
            }
        }
        if (!hasField(struct, DATA, DataTypes.BinaryType)) {
            return false;
        }
        Option<Object> origin = struct.getFieldIndex(ORIGIN);
        return origin.isEmpty() || struct.fields()[(Integer) origin.get()].dataType().equals(DataTypes.StringType);
    }

    /** True when {@code type} is an image struct with an {@code origin} field. */
    public static boolean hasOrigin(DataType type) {
        return isImageStruct(type) && ((StructType) type).getFieldIndex(ORIGIN).isDefined();
    }

    private static boolean hasField(StructType struct, String name, DataType type) {
        Option<Object> i = struct.getFieldIndex(name);
        if (i.isEmpty()) {
            return false;
        }
        StructField f = struct.fields()[(Integer) i.get()];
        return f.dataType().equals(type);
    }

    /**
     * One image cell as the scorer's input: encoded bytes ({@code byte[]}), or an image struct
     * ({@link Row} with its schema). A null cell is empty input. Anything else decodes to an
     * {@code UNSUPPORTED_FORMAT} error (the source checks the column types, so that is a bug).
     */
    public static ImageInput input(Object cell) {
        if (cell == null || cell instanceof byte[]) {
            return ImageInput.encoded((byte[]) cell);
        }
        if (cell instanceof Row row && row.schema() != null) {
            StructType s = row.schema();
            return new OpenCvPixels(intField(row, s, "height"), intField(row, s, "width"),
                    intField(row, s, "nChannels"), intField(row, s, "mode"), (byte[]) row.get(s.fieldIndex(DATA)));
        }
        String type = cell.getClass().getName();
        return options -> {
            throw new DecodeException(ErrorCode.UNSUPPORTED_FORMAT,
                    "an image cell must be BINARY or an image struct, got " + type);
        };
    }

    private static Integer intField(Row row, StructType s, String name) {
        return (Integer) row.get(s.fieldIndex(name));
    }
}
