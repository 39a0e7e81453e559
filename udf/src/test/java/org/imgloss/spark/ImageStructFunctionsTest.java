package org.imgloss.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.imgloss.image.OpenCvPixels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SQL functions take Spark image structs ({@code spark.read.format("image")}'s BGR(A) bytes) as
 * well as encoded bytes: the values equal, exactly, those of the same pixels as PNG bytes.
 */
class ImageStructFunctionsTest {

    private static SparkSession spark;

    static final StructType IMAGE = new StructType()
            .add("origin", DataTypes.StringType)
            .add("height", DataTypes.IntegerType)
            .add("width", DataTypes.IntegerType)
            .add("nChannels", DataTypes.IntegerType)
            .add("mode", DataTypes.IntegerType)
            .add("data", DataTypes.BinaryType);

    @BeforeAll
    static void start() {
        spark = TestSpark.session();
        ImgLossFunctions.register(spark);
        StructType schema = new StructType().add("id", DataTypes.StringType)
                .add("r", DataTypes.BinaryType).add("o", DataTypes.BinaryType)
                .add("rs", IMAGE).add("os", IMAGE).add("ms", IMAGE).add("m", DataTypes.BinaryType);
        byte[] mask = TestImages.png(23, 17, 1, 5);
        List<Row> rows = new ArrayList<>();
        for (int channels : new int[] {1, 3}) {
            byte[] r = TestImages.noisy(23, 17, channels, channels, 7);
            byte[] o = TestImages.png(23, 17, channels, channels);
            rows.add(RowFactory.create("c" + channels, r, o, struct(r), struct(o), struct(mask), mask));
        }
        byte[] o = TestImages.png(23, 17, 3, 3);
        Row good = struct(o);
        byte[] data = (byte[]) good.get(5);
        Row shortData = RowFactory.create("short", 17, 23, 3, OpenCvPixels.CV_8UC3, Arrays.copyOf(data, 100));
        rows.add(RowFactory.create("short", o, o, shortData, good, null, null));
        rows.add(RowFactory.create("nullStruct", o, o, null, good, null, null));
        spark.createDataFrame(rows, schema).createOrReplaceTempView("images");
    }

    /** The image struct of a PNG's pixels: BGR bytes (gray as is), OpenCV mode. */
    static Row struct(byte[] png) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            Raster raster = img.getRaster();
            int c = raster.getNumBands();
            int[] s = raster.getPixels(0, 0, img.getWidth(), img.getHeight(), (int[]) null); // R, G, B
            byte[] d = new byte[s.length];
            for (int i = 0; i < s.length; i += c) {
                for (int k = 0; k < c; k++) {
                    d[i + k] = (byte) s[i + (c == 3 ? 2 - k : k)];
                }
            }
            return RowFactory.create("mem:", img.getHeight(), img.getWidth(), c,
                    c == 1 ? OpenCvPixels.CV_8UC1 : OpenCvPixels.CV_8UC3, d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Row> byId(String sql) {
        Map<String, Row> out = new HashMap<>();
        for (Row row : spark.sql(sql).collectAsList()) {
            out.put(row.getString(0), row);
        }
        return out;
    }

    @Test
    void metricFunctionsOnStructsEqualThoseOnPngBytes() {
        Map<String, Row> rows = byId("SELECT id, ssim(r, o), ssim(rs, os), psnr(r, o, 'data_range=1'),"
                + " psnr(rs, os, 'data_range=1'), mse(rs, o), mse(r, o), ssim(rs, os, 'color=y_bt601'),"
                + " ssim(r, o, 'color=y_bt601') FROM images");
        for (String id : List.of("c1", "c3")) {
            Row row = rows.get(id);
            for (int i = 1; i < 9; i += 2) {
                assertNotNull(row.get(i), id + " column " + i);
                assertEquals((Double) row.get(i), (Double) row.get(i + 1), id + " column " + i);
            }
        }
        assertNull(rows.get("short").get(2));
        assertNull(rows.get("nullStruct").get(2));
    }

    @Test
    void scorePairOnStructsEqualsScorePairOnPngBytesAndReportsBadStructs() {
        Map<String, Row> rows = byId("SELECT id, score_pair(r, o, 'mse, ssim') AS b, score_pair(rs, os, 'mse, ssim') AS s,"
                + " score_pair(r, o, 'enl', NULL, named_struct('mask', m)) AS bm,"
                + " score_pair(rs, os, 'enl', NULL, named_struct('mask', ms)) AS sm FROM images");
        for (String id : List.of("c1", "c3")) {
            Row b = rows.get(id).getStruct(1);
            Row s = rows.get(id).getStruct(2);
            assertNull(s.getAs("error_code"), String.valueOf(s.<Object>getAs("error_message")));
            assertEquals((Double) b.getAs("mse"), (Double) s.getAs("mse"), id);
            assertEquals((Double) b.getAs("ssim"), (Double) s.getAs("ssim"), id);
            assertEquals((Integer) b.getAs("channels"), (Integer) s.getAs("channels"), id);
            Row bm = rows.get(id).getStruct(3);
            Row sm = rows.get(id).getStruct(4);
            assertNotNull(bm.getAs("enl"), id + " " + bm.getAs("metric_errors"));
            assertEquals((Double) bm.getAs("enl"), (Double) sm.getAs("enl"), id);
        }
        Row bad = rows.get("short").getStruct(2);
        assertEquals("UNDECODABLE", bad.getAs("error_code"));
        assertEquals("reconstruction: image struct: data has 100 bytes, height x width x nChannels = 17x23x3 = 1173",
                bad.getAs("error_message"));
        assertEquals("EMPTY_INPUT", rows.get("nullStruct").getStruct(2).getAs("error_code"));
    }

    @Test
    void dataFrameHelpersTakeStructColumnsToo() {
        Row row = spark.table("images").filter("id = 'c3'").select(
                ImgLossFunctions.metric("ssim", org.apache.spark.sql.functions.col("r"),
                        org.apache.spark.sql.functions.col("o")),
                ImgLossFunctions.metric("ssim", org.apache.spark.sql.functions.col("rs"),
                        org.apache.spark.sql.functions.col("os")),
                ImgLossFunctions.scorePair(org.apache.spark.sql.functions.col("rs"),
                        org.apache.spark.sql.functions.col("o"), "mse").getField("mse"),
                ImgLossFunctions.scorePair(org.apache.spark.sql.functions.col("r"),
                        org.apache.spark.sql.functions.col("o"), "mse").getField("mse")).first();
        assertNotNull(row.get(0));
        assertEquals((Double) row.get(0), (Double) row.get(1));
        assertNotNull(row.get(2));
        assertEquals((Double) row.get(3), (Double) row.get(2));
    }

    @Test
    void aStructThatIsNotAnImageIsAnAnalysisError() {
        AnalysisException e = assertThrows(AnalysisException.class,
                () -> spark.sql("SELECT ssim(named_struct('height', 1, 'data', r), o) FROM images"));
        assertTrue(e.getMessage().contains("argument 1") && e.getMessage().contains("image struct")
                && e.getMessage().contains(ImageStructs.SCHEMA), e.getMessage());
    }
}
