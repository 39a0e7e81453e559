package org.imgloss.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.OpenCvPixels;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.ConfigLoader;
import org.imgloss.spark.ImageStructs;
import org.imgloss.job.source.PairColumns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.imgloss.job.run.AuditJob;

/**
 * Parquet input whose image columns are Spark image structs (as {@code spark.read.format("image")}
 * gives: OpenCV BGR(A) bytes): the scores equal, exactly, those of the same pixels given as PNG bytes;
 * null, malformed and undecoded structs are error rows; the reconstruction's origin is the key when
 * there is no key column.
 */
class ImageStructParquetTest {

    @TempDir
    static Path dir;
    static SparkSession spark;

    static final Path SAMPLES = Path.of("").toAbsolutePath().getParent().resolve("data-samples/pairs");

    /** Interleaved 8-bit samples in R, G, B(, A) order (1 per pixel for gray). */
    record Pixels(int w, int h, int channels, int[] s) {
    }

    static final StructType IMAGE = new StructType()
            .add("origin", DataTypes.StringType)
            .add("height", DataTypes.IntegerType)
            .add("width", DataTypes.IntegerType)
            .add("nChannels", DataTypes.IntegerType)
            .add("mode", DataTypes.IntegerType)
            .add("data", DataTypes.BinaryType);

    static final List<String> GOOD = List.of("scene01", "gray02", "rgba04", "scene05");
    static final Map<String, Pixels[]> PAIRS = new HashMap<>();
    static Pixels mask;

    @BeforeAll
    static void setUp() {
        spark = TestSpark.session();
        PAIRS.put("scene01", new Pixels[] {read("recon/rgb8/scene01.png"), read("orig/rgb8/scene01.png")});
        PAIRS.put("gray02", new Pixels[] {gray(read("recon/rgb8/scene02.png")), gray(read("orig/rgb8/scene02.png"))});
        PAIRS.put("rgba04", new Pixels[] {withAlpha(read("recon/rgb8/scene04.png"), 3),
                withAlpha(read("orig/rgb8/scene04.png"), 5)});
        PAIRS.put("scene05", new Pixels[] {read("recon/rgb8/scene05.png"), read("orig/rgb8/scene05.png")});
        Pixels any = PAIRS.get("scene01")[0];
        int[] m = new int[any.w() * any.h()];
        for (int i = 0; i < m.length; i++) {
            m[i] = (i % any.w()) < any.w() / 2 ? 255 : 0;
        }
        mask = new Pixels(any.w(), any.h(), 1, m);
    }

    static Pixels read(String file) {
        try {
            BufferedImage img = ImageIO.read(SAMPLES.resolve(file).toFile());
            Raster r = img.getRaster();
            int c = r.getNumBands();
            assertEquals(3, c, file);
            int[] s = new int[img.getWidth() * img.getHeight() * c];
            r.getPixels(0, 0, img.getWidth(), img.getHeight(), s); // bands R, G, B
            return new Pixels(img.getWidth(), img.getHeight(), c, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Pixels gray(Pixels p) {
        int[] g = new int[p.w() * p.h()];
        for (int i = 0; i < g.length; i++) {
            g[i] = (p.s()[3 * i] + p.s()[3 * i + 1] + p.s()[3 * i + 2]) / 3;
        }
        return new Pixels(p.w(), p.h(), 1, g);
    }

    /** The RGB pixels with a varying alpha (which scoring drops, as for RGBA PNGs). */
    static Pixels withAlpha(Pixels p, int step) {
        int n = p.w() * p.h();
        int[] s = new int[4 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(p.s(), 3 * i, s, 4 * i, 3);
            s[4 * i + 3] = (i * step) % 256;
        }
        return new Pixels(p.w(), p.h(), 4, s);
    }

    static byte[] png(Pixels p) {
        int type = switch (p.channels()) {
            case 1 -> BufferedImage.TYPE_BYTE_GRAY;
            case 3 -> BufferedImage.TYPE_3BYTE_BGR;
            default -> BufferedImage.TYPE_4BYTE_ABGR;
        };
        BufferedImage img = new BufferedImage(p.w(), p.h(), type);
        img.getRaster().setPixels(0, 0, p.w(), p.h(), p.s()); // bands R, G, B, A
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            assertTrue(ImageIO.write(img, "png", out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The image struct Spark's image data source would make: BGR(A) bytes, OpenCV mode. */
    static Row struct(String origin, Pixels p) {
        int c = p.channels();
        byte[] d = new byte[p.s().length];
        for (int i = 0; i < d.length; i += c) {
            for (int k = 0; k < c; k++) {
                d[i + k] = (byte) p.s()[i + (c >= 3 && k < 3 ? 2 - k : k)];
            }
        }
        int mode = c == 1 ? OpenCvPixels.CV_8UC1 : c == 3 ? OpenCvPixels.CV_8UC3 : OpenCvPixels.CV_8UC4;
        return RowFactory.create(origin, p.h(), p.w(), c, mode, d);
    }

    private static AuditConfig config(String yaml) throws ConfigException {
        return new ConfigLoader(dir, Instant.parse("2026-11-23T00:00:00Z")).parse(yaml, List.of());
    }

    private static AuditJob.Result run(AuditConfig c) throws ConfigException {
        return new AuditJob(spark, new PrintWriter(new StringWriter()), 0).run(c, Instant.now());
    }

    private static Map<String, Row> scores(AuditConfig c) {
        Map<String, Row> out = new HashMap<>();
        for (Row row : spark.read().parquet(c.output().table(AuditJob.SCORES)).collectAsList()) {
            out.put(row.getAs("key"), row);
        }
        return out;
    }

    private static String audit(String name, String table, String decode) {
        return """
                name: %s
                run_id: r1
                input: {type: parquet, path: %s, key_column: id, reconstruction_column: r, original_column: o,
                        decode: %s}
                metrics: [mse, psnr, ssim, {name: enl, mask: m}]
                output: {path: out/%s}
                """.formatted(name, table, decode, name);
    }

    static final List<String> METRICS = List.of("mse", "psnr", "ssim", "enl");

    @Test
    void structScoresEqualThoseOfTheSamePixelsAsPngAndBadStructsAreErrorRows() throws ConfigException {
        StructType structs = new StructType().add("id", DataTypes.StringType)
                .add("r", IMAGE).add("o", IMAGE).add("m", IMAGE);
        StructType bytes = new StructType().add("id", DataTypes.StringType)
                .add("r", DataTypes.BinaryType).add("o", DataTypes.BinaryType).add("m", DataTypes.BinaryType);
        List<Row> structRows = new ArrayList<>();
        List<Row> pngRows = new ArrayList<>();
        for (String k : GOOD) {
            Pixels[] p = PAIRS.get(k);
            structRows.add(RowFactory.create(k, struct("file:/r/" + k, p[0]), struct("file:/o/" + k, p[1]),
                    struct("file:/m", mask)));
            pngRows.add(RowFactory.create(k, png(p[0]), png(p[1]), png(mask)));
        }
        Pixels[] s1 = PAIRS.get("scene01");
        Row good = struct("file:/o/scene01", s1[1]);
        Row full = struct("file:/r/scene01", s1[0]);
        byte[] data = (byte[]) full.get(5);
        Row shortData = RowFactory.create("file:/r/short", full.get(1), full.get(2), 3, OpenCvPixels.CV_8UC3,
                Arrays.copyOf(data, data.length - 1));
        Row undecoded = RowFactory.create("file:/r/broken.png", -1, -1, -1, OpenCvPixels.UNDEFINED, new byte[0]);
        Row sixteenBit = RowFactory.create("file:/r/wide", full.get(1), full.get(2), 1, 2, new byte[2 * s1[0].w() * s1[0].h()]);
        structRows.add(RowFactory.create("null_recon", null, good, null));
        structRows.add(RowFactory.create("short", shortData, good, null));
        structRows.add(RowFactory.create("undecoded", undecoded, good, null));
        structRows.add(RowFactory.create("mode2", sixteenBit, good, null));
        spark.createDataFrame(structRows, structs).write().mode("overwrite").parquet(dir.resolve("structs.parquet").toString());
        spark.createDataFrame(pngRows, bytes).write().mode("overwrite").parquet(dir.resolve("pngs.parquet").toString());

        for (String decode : List.of("{}", "{color: y_bt601}")) {
            String suffix = decode.equals("{}") ? "" : "_y";
            AuditConfig sc = config(audit("structs" + suffix, "structs.parquet", decode));
            AuditConfig pc = config(audit("pngs" + suffix, "pngs.parquet", decode));
            AuditJob.Result sr = run(sc);
            run(pc);
            assertEquals(8, sr.pairsIn());
            Map<String, Row> fromStructs = scores(sc);
            Map<String, Row> fromPngs = scores(pc);
            assertEquals(8, fromStructs.size());
            for (String k : GOOD) {
                Row s = fromStructs.get(k);
                Row p = fromPngs.get(k);
                assertNull(s.getAs("error_code"), k + ": " + s.getAs("error_message"));
                assertNull(p.getAs("error_code"), k + ": " + p.getAs("error_message"));
                for (String m : METRICS) {
                    assertNotNull(p.getAs(m), k + " " + m + " " + p.getAs("metric_errors"));
                    assertEquals((Double) p.getAs(m), (Double) s.getAs(m), k + " " + m + " " + decode);
                }
                assertEquals((Integer) p.getAs("channels"), (Integer) s.getAs("channels"), k);
                assertEquals(decode.equals("{}") && !k.startsWith("gray") ? 3 : 1, (int) s.getAs("channels"), k);
                assertEquals("file:/r/" + k, s.getAs("reconstruction_path"));
                assertEquals("file:/o/" + k, s.getAs("original_path"));
                assertNull(p.getAs("reconstruction_path"));
            }
            assertEquals(ErrorCode.MISSING_RECONSTRUCTION.code(), fromStructs.get("null_recon").getAs("error_code"));
            assertEquals("column 'r' is null", fromStructs.get("null_recon").getAs("error_message"));
            Row shortRow = fromStructs.get("short");
            assertEquals("UNDECODABLE", shortRow.getAs("error_code"));
            assertEquals("reconstruction: image struct: data has " + (data.length - 1) + " bytes, height x width x"
                    + " nChannels = 168x176x3 = " + data.length, shortRow.getAs("error_message"));
            assertEquals("UNDECODABLE", fromStructs.get("undecoded").getAs("error_code"));
            assertTrue(fromStructs.get("undecoded").<String>getAs("error_message").contains("mode -1"));
            assertEquals("UNSUPPORTED_FORMAT", fromStructs.get("mode2").getAs("error_code"));
            assertNull(fromStructs.get("mode2").getAs("mse"));
        }
    }

    @Test
    void withoutAKeyColumnTheReconstructionOriginIsTheKey() throws ConfigException {
        StructType schema = new StructType().add("reconstruction", IMAGE).add("original", IMAGE);
        Pixels[] p = PAIRS.get("scene01");
        List<Row> rows = List.of(
                RowFactory.create(struct("file:/data/r/a.png", p[0]), struct("file:/data/o/a.png", p[1])),
                RowFactory.create(struct(" file:/data/r/b.png ", p[0]), struct("file:/data/o/b.png", p[1])),
                RowFactory.create(struct("file:/data/r/b.png", p[0]), struct("file:/data/o/b2.png", p[1])),
                RowFactory.create(struct(null, p[0]), struct(null, p[1])));
        spark.createDataFrame(rows, schema).write().mode("overwrite").parquet(dir.resolve("origins.parquet").toString());
        AuditConfig c = config("""
                name: origins
                run_id: o1
                input: {type: parquet, path: origins.parquet}
                metrics: [mse]
                output: {path: out/origins}
                """);
        assertEquals(4, run(c).pairsIn());
        List<Row> out = spark.read().parquet(c.output().table(AuditJob.SCORES)).orderBy("key", "original_path")
                .collectAsList();
        assertEquals(4, out.size());
        assertEquals("file:/data/r/a.png", out.get(0).getAs("key"));
        assertEquals("file:/data/o/a.png", out.get(0).getAs("original_path"));
        assertNull(out.get(0).getAs("error_code"));
        for (int i = 1; i <= 2; i++) {
            assertEquals("file:/data/r/b.png", out.get(i).getAs("key"));
            assertEquals(ErrorCode.DUPLICATE_KEY.code(), out.get(i).getAs("error_code"));
        }
        assertTrue(out.get(3).<String>getAs("key").startsWith("row-"), out.get(3).<String>getAs("key"));
        assertNull(out.get(3).getAs("reconstruction_path"));
        assertNull(out.get(3).getAs("error_code"));
        assertEquals((Double) out.get(0).getAs("mse"), (Double) out.get(3).getAs("mse"));
    }

    @Test
    void anImageColumnOfAnotherTypeIsAConfigErrorNamingBothAcceptedTypes() throws ConfigException {
        StructType notImage = new StructType().add("height", DataTypes.IntegerType).add("data", DataTypes.BinaryType);
        StructType schema = new StructType().add("reconstruction", notImage).add("original", DataTypes.StringType);
        spark.createDataFrame(List.of(RowFactory.create(RowFactory.create(1, new byte[1]), "x")), schema)
                .write().mode("overwrite").parquet(dir.resolve("wrongtypes.parquet").toString());
        AuditConfig c = config("""
                name: wrong
                input: {type: parquet, path: wrongtypes.parquet}
                metrics: [mse]
                output: {path: out/wrong}
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> run(c));
        assertEquals(List.of(
                "input.reconstruction_column: column 'reconstruction' must be BINARY (encoded image bytes) or an image"
                        + " struct (" + ImageStructs.SCHEMA + ", as spark.read.format(\"image\") gives), got"
                        + " struct<height:int,data:binary>",
                "input.original_column: column 'original' must be BINARY (encoded image bytes) or an image struct ("
                        + ImageStructs.SCHEMA + ", as spark.read.format(\"image\") gives), got string"), e.errors());
    }
}
