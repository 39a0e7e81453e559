package org.imgloss.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.DecodeOptions;
import org.imgloss.image.Image;
import org.imgloss.image.ImageDecoder;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.ConfigLoader;
import org.imgloss.job.output.MetamerFiles;
import org.imgloss.job.score.PairScorer;
import org.imgloss.job.source.PairColumns;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.PairInputs;
import org.imgloss.scoring.PairScore;
import org.imgloss.scoring.PairScoring;
import org.imgloss.metrics.metamer.MetamerMseLoss;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.imgloss.job.run.AuditJob;

/**
 * What a pair carries into its metrics, end to end through the job: {@code enl} / {@code enl_loss}
 * masks read per pair from a carried column (relative, absolute, missing, corrupt, empty, wrong
 * size, Parquet bytes), gaze columns for the metamer losses, and {@code output.metamers}: one 16-bit
 * PNG per scored pair equal to the metamer, replaced on re-run.
 */
class PairInputsJobTest {

    @TempDir
    static Path dir;
    static SparkSession spark;

    static final int[] P1 = TestImages.base(1);
    static final int[] P1R = TestImages.noisy(P1, 6, 11);
    static final int[] P2 = TestImages.base(2);
    static final int[] P2R = TestImages.noisy(P2, 12, 12);
    static final int[] MASK = new int[TestImages.W * TestImages.H];
    static final int MW = 32;
    static final int MH = 32;

    @BeforeAll
    static void setUp() {
        spark = TestSpark.session();
        for (int i = 0; i < MASK.length; i++) {
            MASK[i] = (i % TestImages.W) < TestImages.W / 2 ? 255 : 0;
        }
        TestImages.write(dir.resolve("m/recon/p1.png"), TestImages.png(P1R));
        TestImages.write(dir.resolve("m/orig/p1.png"), TestImages.png(P1));
        TestImages.write(dir.resolve("m/recon/p2.png"), TestImages.png(P2R));
        TestImages.write(dir.resolve("m/orig/p2.png"), TestImages.png(P2));
        TestImages.write(dir.resolve("m/masks/half.png"), TestImages.png(MASK));
        TestImages.write(dir.resolve("m/masks/corrupt.png"), "not an image".getBytes());
        TestImages.write(dir.resolve("m/masks/small.png"), TestImages.noisePng(8, 8, 3));
        String absolute = dir.resolve("m/masks/half.png").toAbsolutePath().toString();
        TestImages.write(dir.resolve("m/manifest.csv"), String.join("\n",
                "key,reconstruction,original,mask,region",
                "relative,recon/p1.png,orig/p1.png,masks/half.png,a",
                "absolute,recon/p2.png,orig/p2.png," + absolute + ",a",
                "missing,recon/p1.png,orig/p1.png,masks/none.png,b",
                "corrupt,recon/p2.png,orig/p2.png,masks/corrupt.png,b",
                "empty,recon/p1.png,orig/p1.png,,b",
                "small,recon/p2.png,orig/p2.png,masks/small.png,b", "").getBytes());

        for (int i = 0; i < 2; i++) {
            TestImages.write(dir.resolve("g/orig/v" + i + ".png"), rgbPng(100 + i, 0));
            TestImages.write(dir.resolve("g/recon/v" + i + ".png"), rgbPng(100 + i, 20));
        }
        TestImages.write(dir.resolve("g/manifest.csv"), String.join("\n",
                "key,reconstruction,original,gx,gy",
                "a/v0,recon/v0.png,orig/v0.png,0.3,0.6",
                "v1,recon/v1.png,orig/v1.png,0.7,0.25", "").getBytes());
    }

    /** An RGB test scene with smooth structure, plus uniform noise of +-noise levels. */
    static byte[] rgbPng(long seed, int noise) {
        Random r = new Random(seed);
        Random n = new Random(seed + 1000);
        double phase = r.nextDouble() * 6;
        BufferedImage img = new BufferedImage(MW, MH, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < MH; y++) {
            for (int x = 0; x < MW; x++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    double v = 128 + 90 * Math.sin(0.4 * x + 0.25 * y * (c + 1) + phase);
                    int s = (int) Math.max(0, Math.min(255, Math.round(v) + (noise == 0 ? 0 : n.nextInt(2 * noise + 1) - noise)));
                    rgb = (rgb << 8) | s;
                }
                img.setRGB(x, y, rgb);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static AuditConfig config(String yaml, String... overrides) throws ConfigException {
        return new ConfigLoader(dir, Instant.parse("2026-11-23T00:00:00Z")).parse(yaml, List.of(overrides));
    }

    private static AuditJob.Result run(AuditConfig c) throws ConfigException {
        return new AuditJob(spark, new PrintWriter(new StringWriter()), 0).run(c, Instant.now());
    }

    private static Map<String, Row> scores(AuditConfig c) {
        Map<String, Row> out = new HashMap<>();
        for (Row r : spark.read().parquet(c.output().table(AuditJob.SCORES)).collectAsList()) {
            out.put(r.getAs("key"), r);
        }
        return out;
    }

    private static String metricError(Row row, String alias) {
        scala.collection.Map<String, String> m = row.getAs("metric_errors");
        return m.get(alias).isDefined() ? m.get(alias).get() : null;
    }

    private static byte[] read(String relative) throws IOException {
        return Files.readAllBytes(dir.resolve(relative));
    }

    private static final String MASK_METRICS = """
            metrics:
              - mse
              - {name: enl_loss, mask: mask}
              - {name: enl, mask: mask, image: original, as: enl_masked}
              - {name: enl, mask: auto, as: enl_auto}
            """;

    /**
     * {@link PairScorer} scoring rows in chunks (as it does when a metric batches) gives the same
     * rows, in the same order, as pair by pair: source errors, read failures, undecodable images,
     * shape mismatches, mask problems and good pairs mixed within and across chunks.
     */
    @Test
    void chunkedScoringGivesTheSameRowsInTheSameOrder() throws Exception {
        AuditConfig c = config("""
                name: chunks
                run_id: c1
                input: {type: manifest, path: m/manifest.csv}
                """ + MASK_METRICS + """
                output: {path: out/chunks}
                """);
        StructType schema = new StructType()
                .add(PairColumns.KEY, DataTypes.StringType)
                .add(PairColumns.RECONSTRUCTION_PATH, DataTypes.StringType)
                .add(PairColumns.ORIGINAL_PATH, DataTypes.StringType)
                .add(PairColumns.SOURCE_ERROR_CODE, DataTypes.StringType)
                .add(PairColumns.SOURCE_ERROR_MESSAGE, DataTypes.StringType)
                .add("mask", DataTypes.StringType);
        String m = dir.resolve("m").toAbsolutePath() + "/";
        String[][] pairs = {
                {"recon/p1.png", "orig/p1.png", "masks/half.png"},
                {"recon/p2.png", "orig/p2.png", "masks/corrupt.png"},
                {"recon/none.png", "orig/p1.png", "masks/half.png"},       // READ_FAILED
                {"masks/corrupt.png", "orig/p2.png", null},                // undecodable
                {"masks/small.png", "orig/p1.png", "masks/half.png"},     // size mismatch
                {"recon/p2.png", "orig/p2.png", "masks/small.png"},       // mask of the wrong size
                {"recon/p1.png", "orig/p1.png", null},
                {"recon/p2.png", "orig/p2.png", "masks/half.png"},
                {"recon/p1.png", "orig/p2.png", "masks/none.png"}};
        List<Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < pairs.length; i++) {
            rows.add(RowFactory.create("k" + i, m + pairs[i][0], m + pairs[i][1], null, null, pairs[i][2]));
        }
        rows.add(3, RowFactory.create("dup", m + "recon/p1.png", m + "orig/p1.png", ErrorCode.DUPLICATE_KEY.code(),
                "duplicate", null));
        org.apache.spark.broadcast.Broadcast<org.apache.spark.util.SerializableConfiguration> conf =
                org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
                        .broadcast(new org.apache.spark.util.SerializableConfiguration(
                                spark.sparkContext().hadoopConfiguration()));
        List<List<Row>> outputs = new java.util.ArrayList<>();
        for (int chunk : new int[] {1, 4, 64}) {
            org.apache.spark.util.LongAccumulator counted = spark.sparkContext().longAccumulator();
            PairScorer scorer = new PairScorer(schema, List.of("mask"), c.metrics(), c.input().decode(), conf,
                    counted, "chunks", "c1", m, null, null).chunkSize(chunk);
            List<Row> out = new java.util.ArrayList<>();
            scorer.call(rows.iterator()).forEachRemaining(out::add);
            assertEquals(rows.size(), counted.value(), "chunk " + chunk);
            outputs.add(out);
        }
        List<Row> single = outputs.get(0);
        assertEquals(rows.size(), single.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(rows.get(i).get(0), single.get(i).get(0), "row order");
        }
        assertEquals(single, outputs.get(1), "chunks of 4");
        assertEquals(single, outputs.get(2), "one chunk");
        // the mix really is mixed
        StructType scores = org.imgloss.job.output.ScoresSchema.of(schema, List.of("mask"), c.metrics());
        int code = scores.fieldIndex("error_code");
        int mse = scores.fieldIndex("mse");
        assertEquals(ErrorCode.DUPLICATE_KEY.code(), single.get(3).get(code));
        assertEquals(ErrorCode.READ_FAILED.code(), single.get(2).get(code));
        assertEquals(ErrorCode.SIZE_MISMATCH.code(), single.get(5).get(code));
        assertNull(single.get(0).get(code));
        assertTrue(Double.isFinite((Double) single.get(0).get(mse)));
        assertNull(single.get(6).get(code));
    }

    @Test
    void masksAreReadPerPairFromTheMaskColumn() throws Exception {
        AuditConfig c = config("""
                name: masks
                run_id: m1
                input: {type: manifest, path: m/manifest.csv, group_by: [region]}
                """ + MASK_METRICS + """
                output: {path: out/masks}
                """);
        AuditJob.Result r = run(c);
        assertEquals(6, r.pairsIn());
        assertEquals(0, r.pairsFailed());
        Map<String, Row> s = scores(c);

        // the same numbers as scoring the pair directly with the decoded mask in its inputs
        PairScoring direct = new PairScoring(List.of(MetricSpec.of("enl_loss", Map.of("mask", "mask")),
                MetricSpec.of("enl", Map.of("mask", "mask", "image", "original"))), DecodeOptions.DEFAULT);
        PairInputs inputs = new PairInputs(Map.of(), Map.of("mask", ImageDecoder.decode(read("m/masks/half.png"))));
        PairScore p1 = direct.score(read("m/recon/p1.png"), read("m/orig/p1.png"), inputs);
        PairScore p2 = direct.score(read("m/recon/p2.png"), read("m/orig/p2.png"), inputs);
        assertEquals(p1.values().get("enl_loss"), s.get("relative").getAs("enl_loss"));
        assertEquals(p1.values().get("enl"), s.get("relative").getAs("enl_masked"));
        assertEquals(p2.values().get("enl_loss"), s.get("absolute").getAs("enl_loss"));
        assertEquals("masks/half.png", s.get("relative").getAs("mask")); // carried as written
        assertNotEquals(s.get("relative").<Double>getAs("enl_masked"), s.get("relative").<Double>getAs("enl_auto"));

        // a mask that cannot be read or decoded: those metrics null with MASK_UNREADABLE, others computed
        for (String key : List.of("missing", "corrupt")) {
            Row row = s.get(key);
            assertNull(row.getAs("error_code"), key);
            assertNull(row.getAs("enl_loss"), key);
            assertNull(row.getAs("enl_masked"), key);
            assertEquals(ErrorCode.MASK_UNREADABLE.code(), metricError(row, "enl_loss"), key);
            assertEquals(ErrorCode.MASK_UNREADABLE.code(), metricError(row, "enl_masked"), key);
            assertTrue(Double.isFinite(row.<Double>getAs("mse")), key);
            assertTrue(Double.isFinite(row.<Double>getAs("enl_auto")), key);
        }
        // no mask for the pair, or one of another size: the kernel's NOT_APPLICABLE
        for (String key : List.of("empty", "small")) {
            assertNull(s.get(key).getAs("enl_loss"), key);
            assertEquals("NOT_APPLICABLE", metricError(s.get(key), "enl_loss"), key);
            assertTrue(Double.isFinite(s.get(key).<Double>getAs("mse")), key);
        }
    }

    @Test
    void parquetMaskColumnsMayHoldTheEncodedMask() throws Exception {
        StructType schema = new StructType().add("key", DataTypes.StringType).add("reconstruction", DataTypes.BinaryType)
                .add("original", DataTypes.BinaryType).add("mask", DataTypes.BinaryType);
        spark.createDataFrame(List.of(RowFactory.create("k", read("m/recon/p1.png"), read("m/orig/p1.png"),
                read("m/masks/half.png"))), schema).write().mode("overwrite").parquet(dir.resolve("masks.parquet").toString());
        AuditConfig c = config("""
                name: pqmasks
                run_id: m2
                input: {type: parquet, path: masks.parquet}
                """ + MASK_METRICS + """
                output: {path: out/pqmasks}
                """);
        run(c);
        Row row = scores(c).get("k");
        PairScoring direct = new PairScoring(List.of(MetricSpec.of("enl_loss", Map.of("mask", "mask"))),
                DecodeOptions.DEFAULT);
        PairScore p = direct.score(read("m/recon/p1.png"), read("m/orig/p1.png"),
                new PairInputs(Map.of(), Map.of("mask", ImageDecoder.decode(read("m/masks/half.png")))));
        assertEquals(p.values().get("enl_loss"), row.getAs("enl_loss"));
    }

    @Test
    void aMaskColumnThatIsNotCarriedIsAConfigError() throws Exception {
        // local CSV manifest: known before Spark starts
        ConfigException e = assertThrows(ConfigException.class, () -> config("""
                name: bad
                input: {type: manifest, path: m/manifest.csv}
                metrics: [mse, {name: enl, mask: masks}, {name: enl_loss, mask: ones}, {name: enl, mask: AUTO, as: e2}]
                output: {path: out/never}
                """));
        assertEquals(1, e.errors().size(), e.errors().toString());
        assertTrue(e.errors().get(0).startsWith("metrics[1].mask: 'masks' is not a carried column of the input"),
                e.errors().toString());
        // directories carry only 'folder'
        ConfigException d = assertThrows(ConfigException.class, () -> config("""
                name: bad
                input: {type: directories, reconstructions: m/recon, originals: m/orig}
                metrics: [{name: enl_loss, mask: mask}]
                output: {path: out/never}
                """));
        assertTrue(d.errors().get(0).startsWith("metrics[0].mask: 'mask' is not a carried column"), d.errors().toString());
        // Parquet: checked when the run opens the table, before anything is scored
        StructType schema = new StructType().add("key", DataTypes.StringType)
                .add("reconstruction", DataTypes.BinaryType).add("original", DataTypes.BinaryType);
        spark.createDataFrame(List.of(RowFactory.create("k", read("m/recon/p1.png"), read("m/orig/p1.png"))), schema)
                .write().mode("overwrite").parquet(dir.resolve("nomask.parquet").toString());
        AuditConfig c = config("""
                name: nomask
                input: {type: parquet, path: nomask.parquet}
                metrics: [mse, {name: enl_loss, mask: mask}]
                output: {path: out/never}
                """);
        ConfigException p = assertThrows(ConfigException.class, () -> run(c));
        assertEquals(List.of("metrics[1].mask: 'mask' is not a carried column of the input (carried: none);"
                + " give a column holding mask image paths, or auto / ones"), p.errors());
        assertFalse(Files.exists(dir.resolve("out/never")));
    }

    private static final String METAMER_CONFIG = """
            name: metamers
            run_id: g1
            input: {type: manifest, path: g/manifest.csv}
            metrics:
              - {name: metamer_mse, gaze_x_column: gx, gaze_y_column: gy, n_pyramid_levels: 3, as: mm}
              - {name: metameric, gaze_x_column: gx, gaze_y_column: gy, n_pyramid_levels: 3}
            output: {path: out/metamers, metamers: {metric: mm}}
            """;

    @Test
    void metamersAreWrittenAs16BitPngsOnePerPairAndReplacedOnRerun() throws Exception {
        AuditConfig c = config(METAMER_CONFIG);
        run(c);
        Path folder = dir.resolve("out/metamers/metamers/run_id=g1");
        Files.writeString(folder.resolve("stale.png"), "from an earlier run");
        run(c); // the same run id: the folder is replaced
        Map<String, Row> s = scores(c);
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(MetamerFiles.fileStem("a/v0") + ".png", "v1.png"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        assertTrue(MetamerFiles.fileStem("a/v0").matches("a_v0-[0-9a-f]{8}"), MetamerFiles.fileStem("a/v0"));
        String[][] pairs = {{"a/v0", "v0", "0.3", "0.6"}, {"v1", "v1", "0.7", "0.25"}};
        MetamerMseLoss kernel = MetamerMseLoss.fromParameters(Map.of("gaze_x_column", "gx", "gaze_y_column", "gy",
                "n_pyramid_levels", 3));
        for (String[] p : pairs) {
            assertTrue(s.get(p[0]).<Double>getAs("mm") > 0);
            assertTrue(s.get(p[0]).<Double>getAs("metameric") > 0);
            Image original = ImageDecoder.decode(read("g/orig/" + p[1] + ".png"));
            Image expected = kernel.metamer(original, new PairInputs(Map.of("gx", p[2], "gy", p[3]), Map.of()));
            BufferedImage png = ImageIO.read(folder.resolve(MetamerFiles.fileStem(p[0]) + ".png").toFile());
            assertEquals(16, png.getColorModel().getComponentSize(0));
            Raster raster = png.getRaster();
            assertEquals(MW, raster.getWidth());
            assertEquals(MH, raster.getHeight());
            assertEquals(3, raster.getNumBands());
            double worst = 0;
            for (int ch = 0; ch < 3; ch++) {
                double[] plane = expected.plane(ch);
                for (int y = 0; y < MH; y++) {
                    for (int x = 0; x < MW; x++) {
                        double want = Math.max(0, Math.min(1, plane[y * MW + x]));
                        worst = Math.max(worst, Math.abs(raster.getSample(x, y, ch) / 65535.0 - want));
                    }
                }
            }
            assertTrue(worst <= 1.0 / 65535, p[0] + ": " + worst);
        }
        // the gaze columns mattered: another gaze gives another metamer
        Image original = ImageDecoder.decode(read("g/orig/v0.png"));
        Image centre = kernel.metamer(original, PairInputs.NONE);
        Image atGaze = kernel.metamer(original, new PairInputs(Map.of("gx", "0.3", "gy", "0.6"), Map.of()));
        assertFalse(java.util.Arrays.equals(centre.plane(0), atGaze.plane(0)));
    }

    @Test
    void metamerOutputNeedsAMetamerMseMetric() throws ConfigException {
        assertNull(config(METAMER_CONFIG, "output.metamers.enabled=false").output().metamerMetric());
        assertEquals("mm", config(METAMER_CONFIG, "output.metamers={}").output().metamerMetric());
        assertEquals("mm", config(METAMER_CONFIG, "output.metamers={enabled: true}").output().metamerMetric());
        ConfigException e = assertThrows(ConfigException.class, () -> config(METAMER_CONFIG,
                "output.metamers.metric=metameric"));
        assertEquals(List.of("output.metamers.metric: 'metameric' is not the alias of a metamer_mse metric"
                + " (metamer_mse aliases: mm)"), e.errors());
        ConfigException none = assertThrows(ConfigException.class, () -> config("""
                name: x
                input: {type: manifest, path: g/manifest.csv}
                metrics: [psnr]
                output: {path: out/never, metamers: {enabled: true}}
                """));
        assertTrue(none.errors().get(0).startsWith("output.metamers.metric: writing metamers needs a metamer_mse"),
                none.errors().toString());
        ConfigException typo = assertThrows(ConfigException.class, () -> config(METAMER_CONFIG,
                "output.metamers.enable=true"));
        assertTrue(typo.errors().get(0).startsWith("output.metamers.enable: unknown key"), typo.errors().toString());
    }
}
