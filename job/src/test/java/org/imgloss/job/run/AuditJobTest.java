package org.imgloss.job.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.imgloss.errors.ErrorCode;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.ConfigLoader;
import org.imgloss.job.source.PairColumns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.imgloss.job.TestImages;
import org.imgloss.job.TestSpark;

/**
 * Each input type end to end on tiny data, with carried columns and group_by; the summary's counts
 * add up to the pairs that went in; re-running a run id replaces exactly that run.
 */
class AuditJobTest {

    @TempDir
    static Path dir;
    static SparkSession spark;

    static final int[] P1 = TestImages.base(1);
    static final int[] P1R = TestImages.noisy(P1, 6, 11);
    static final int[] P2 = TestImages.base(2);
    static final int[] P2R = TestImages.noisy(P2, 12, 12);
    static final int[] P3 = TestImages.base(3);

    @BeforeAll
    static void setUp() {
        spark = TestSpark.session();
        Path r = dir.resolve("pairs/recon");
        Path o = dir.resolve("pairs/orig");
        TestImages.write(r.resolve("a/p1.png"), TestImages.png(P1R));
        TestImages.write(o.resolve("a/p1.png"), TestImages.png(P1));
        TestImages.write(r.resolve("a/p2.png"), TestImages.png(P2R));
        TestImages.write(o.resolve("a/p2.png"), TestImages.png(P2));
        TestImages.write(r.resolve("b/identical.png"), TestImages.png(P3));
        TestImages.write(o.resolve("b/identical.png"), TestImages.png(P3));
        TestImages.write(r.resolve("b/only_recon.png"), TestImages.png(P1));
        TestImages.write(o.resolve("b/only_orig.png"), TestImages.png(P2));
        TestImages.write(r.resolve("b/corrupt.png"), TestImages.corruptPng(P2));
        TestImages.write(o.resolve("b/corrupt.png"), TestImages.png(P2));
        TestImages.write(r.resolve("_SUCCESS"), new byte[0]);
    }

    private static AuditConfig config(String yaml, String... overrides) throws ConfigException {
        return new ConfigLoader(dir, Instant.parse("2026-11-23T00:00:00Z")).parse(yaml, List.of(overrides));
    }

    private static AuditJob.Result run(AuditConfig c) throws ConfigException {
        return new AuditJob(spark, new PrintWriter(new StringWriter()), 0).run(c, Instant.now());
    }

    private static Dataset<Row> table(AuditConfig c, String name) {
        var reader = spark.read().format(c.output().format().configName()).option("header", "true");
        if (c.output().format() == org.imgloss.job.config.OutputFormat.CSV) {
            reader = reader.option("multiLine", "true").option("escape", "\""); // config_yaml spans lines
        }
        return reader.load(c.output().table(name));
    }

    private static Map<String, Row> byKey(Dataset<Row> scores) {
        Map<String, Row> out = new HashMap<>();
        for (Row row : scores.collectAsList()) {
            out.put(row.getAs("key"), row);
        }
        return out;
    }

    static final String DIRECTORIES = """
            name: dirs
            run_id: r1
            input:
              type: directories
              reconstructions: pairs/recon
              originals: pairs/orig
              group_by: [folder]
            metrics: [psnr, mse, {name: ssim, as: ssim_wang}]
            output: {path: out/dirs}
            """;

    @Test
    void directoriesEndToEnd() throws ConfigException {
        AuditConfig c = config(DIRECTORIES);
        AuditJob.Result result = run(c);
        assertEquals(6, result.pairsIn());
        assertEquals(3, result.pairsFailed());
        // one pass: the scores feed three writes and two aggregations, yet each pair was scored once
        assertEquals(6, result.pairsScoredByTasks());

        Map<String, Row> scores = byKey(table(c, AuditJob.SCORES));
        assertEquals(6, scores.size(), scores.keySet().toString());
        Row p1 = scores.get("a/p1.png");
        assertNull(p1.getAs("error_code"));
        assertEquals("a", p1.getAs("folder"));
        assertEquals(TestImages.W, (int) p1.getAs("width"));
        assertEquals(TestImages.H, (int) p1.getAs("height"));
        assertEquals(1, (int) p1.getAs("channels"));
        assertEquals(TestImages.mse(P1R, P1), p1.getAs("mse"), 1e-12);
        assertEquals(10 * Math.log10(1 / TestImages.mse(P1R, P1)), p1.getAs("psnr"), 1e-9);
        double ssim = p1.getAs("ssim_wang");
        assertTrue(ssim > 0.5 && ssim < 1, "ssim " + ssim);
        assertEquals("dirs", p1.getAs("name"));
        assertEquals("r1", p1.getAs("run_id"));
        assertTrue(((String) p1.getAs("reconstruction_path")).endsWith("pairs/recon/a/p1.png"));

        assertEquals(Double.POSITIVE_INFINITY, scores.get("b/identical.png").getAs("psnr"));
        assertEquals(ErrorCode.MISSING_ORIGINAL.code(), scores.get("b/only_recon.png").getAs("error_code"));
        assertNull(scores.get("b/only_recon.png").getAs("original_path"));
        assertEquals(ErrorCode.MISSING_RECONSTRUCTION.code(), scores.get("b/only_orig.png").getAs("error_code"));
        assertEquals("UNDECODABLE", scores.get("b/corrupt.png").getAs("error_code"));
        assertTrue(((String) scores.get("b/corrupt.png").getAs("error_message")).startsWith("reconstruction"));
        assertNull(scores.get("b/corrupt.png").getAs("psnr"));

        Dataset<Row> summary = table(c, AuditJob.SUMMARY);
        Map<String, Row> rows = new HashMap<>();
        long pairsTotal = 0;
        for (Row s : summary.collectAsList()) {
            rows.put(s.getAs("folder") + "/" + s.getAs("metric"), s);
            long pairs = s.getAs("pairs");
            assertEquals(pairs, (long) s.getAs("count") + (long) s.getAs("errors"), s.toString());
            if (SummaryNames.PAIRS.equals(s.getAs("metric"))) {
                pairsTotal += pairs;
            }
        }
        assertEquals(6, pairsTotal);
        assertEquals(8, rows.size(), rows.keySet().toString()); // 2 folders x (3 metrics + _pairs)
        Row pairsB = rows.get("b/_pairs");
        assertEquals(4L, (long) pairsB.getAs("pairs"));
        assertEquals(1L, (long) pairsB.getAs("count"));
        assertEquals(Map.of("MISSING_ORIGINAL", 1L, "MISSING_RECONSTRUCTION", 1L, "UNDECODABLE", 1L),
                scala.jdk.javaapi.CollectionConverters.asJava(pairsB.<scala.collection.Map<String, Long>>getAs("error_codes")));
        Row psnrA = rows.get("a/psnr");
        double mse1 = TestImages.mse(P1R, P1);
        double mse2 = TestImages.mse(P2R, P2);
        assertEquals(10 * Math.log10(2 / (mse1 + mse2)), psnrA.getAs("psnr_pooled"), 1e-9);
        assertEquals((10 * Math.log10(1 / mse1) + 10 * Math.log10(1 / mse2)) / 2, psnrA.getAs("mean"), 1e-9);
        assertEquals(2L, (long) psnrA.getAs("count"));
        Row psnrB = rows.get("b/psnr");
        assertEquals(1L, (long) psnrB.getAs("infinite"));
        assertEquals(Double.POSITIVE_INFINITY, psnrB.getAs("psnr_pooled"));
        assertNull(rows.get("a/mse").getAs("psnr_pooled"));

        Row runs = table(c, AuditJob.RUNS).first();
        assertEquals(6L, (long) runs.getAs("pairs_in"));
        assertEquals(3L, (long) runs.getAs("pairs_scored"));
        assertEquals(3L, (long) runs.getAs("pairs_failed"));
        assertTrue(((String) runs.getAs("config_yaml")).contains("run_id: r1"));
        assertEquals(64, ((String) runs.getAs("config_sha256")).length());
        assertTrue((double) runs.getAs("scoring_seconds") > 0);
        assertEquals(0L, (long) runs.getAs("tasks_failed"), "a run without faults retried nothing");
        assertEquals(0L, (long) runs.getAs("executors_lost"));
    }

    @Test
    void rerunReplacesExactlyThatRun() throws ConfigException {
        AuditConfig first = config(DIRECTORIES, "run_id=x1", "output.path=out/rerun", "metrics=[mse]");
        run(first);
        run(config(DIRECTORIES, "run_id=x2", "output.path=out/rerun", "metrics=[mse]"));
        run(config(DIRECTORIES, "run_id=x1", "output.path=out/rerun", "metrics=[mse]", "input.originals=pairs/orig/a",
                "input.reconstructions=pairs/recon/a"));
        Dataset<Row> scores = table(first, AuditJob.SCORES);
        assertEquals(2, scores.filter("run_id = 'x1'").count());
        assertEquals(6, scores.filter("run_id = 'x2'").count());
        assertEquals(2, table(first, AuditJob.RUNS).count());
        assertEquals(1, table(first, AuditJob.SUMMARY).filter("run_id = 'x1' AND metric = '_pairs'").count());
    }

    @Test
    void rerunWithNoPairsReplacesThatRunWithEmptyTables() throws Exception {
        Files.createDirectories(dir.resolve("empty/recon"));
        Files.createDirectories(dir.resolve("empty/orig"));
        for (String format : List.of("parquet", "csv", "json")) {
            String out = "output.path=out/empty-" + format;
            AuditConfig first = config(DIRECTORIES, "run_id=e1", out, "metrics=[mse]", "output.format=" + format,
                    "input.group_by=[]");
            run(first);
            run(config(DIRECTORIES, "run_id=e2", out, "metrics=[mse]", "output.format=" + format,
                    "input.group_by=[]"));
            AuditJob.Result r = run(config(DIRECTORIES, "run_id=e1", out, "metrics=[mse]", "output.format=" + format,
                    "input.group_by=[]", "input.reconstructions=empty/recon", "input.originals=empty/orig"));
            assertEquals(0, r.pairsIn(), format);
            Dataset<Row> scores = table(first, AuditJob.SCORES);
            assertEquals(0, scores.filter("run_id = 'e1'").count(), format + ": the old run's scores are gone");
            assertEquals(6, scores.filter("run_id = 'e2'").count(), format);
            Dataset<Row> summary = table(first, AuditJob.SUMMARY).filter("run_id = 'e1'");
            assertEquals(1, summary.count(), format + ": only the _pairs row of the empty run");
            Row pairs = summary.first();
            assertEquals("_pairs", pairs.getAs("metric"));
            assertEquals(0L, Long.parseLong(String.valueOf(pairs.<Object>getAs("pairs"))), format);
            assertEquals(2, table(first, AuditJob.RUNS).count(), format);
        }
    }

    @Test
    void csvQuotesAsRfc4180() throws Exception {
        String weird = "we\"ird, näme.png";
        TestImages.write(dir.resolve("quotes/recon/" + weird), TestImages.png(P1R));
        TestImages.write(dir.resolve("quotes/orig/" + weird), TestImages.png(P1));
        AuditConfig c = config(DIRECTORIES, "input.reconstructions=quotes/recon", "input.originals=quotes/orig",
                "output.path=out/quotes", "input.group_by=[]", "metrics=[mse]", "output.format=csv");
        run(c);
        StringBuilder text = new StringBuilder();
        try (var files = Files.walk(dir.resolve("out/quotes/scores"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".csv")).toList()) {
                text.append(Files.readString(f));
            }
        }
        // a quote inside a quoted field is doubled (RFC 4180, what pandas and spreadsheets read), not \"
        assertTrue(text.toString().contains("\"we\"\"ird, näme.png\""), text.toString());
        assertEquals(weird, table(c, AuditJob.SCORES).first().getAs("key"));
    }

    @Test
    void aFailedRunLeavesNothingCached() throws Exception {
        Files.writeString(dir.resolve("not-a-folder"), "x");
        AuditConfig c = config(DIRECTORIES, "run_id=fail", "output.path=not-a-folder/out", "metrics=[mse]",
                "input.group_by=[]");
        assertThrows(Exception.class, () -> run(c)); // Spark throws the checked ParentNotDirectoryException
        assertTrue(spark.sharedState().cacheManager().isEmpty(), "the failed run's pairs and scores are unpersisted");
    }

    @Test
    void stemMatchingAndDuplicateKeys() throws ConfigException {
        TestImages.write(dir.resolve("stem/recon/x.png"), TestImages.png(P1R));
        TestImages.write(dir.resolve("stem/recon/x.jpg"), TestImages.png(P1R));
        TestImages.write(dir.resolve("stem/orig/x.tif"), TestImages.png(P1));
        TestImages.write(dir.resolve("stem/recon/y.png"), TestImages.png(P2R));
        TestImages.write(dir.resolve("stem/orig/y.bmp"), TestImages.png(P2));
        AuditConfig c = config(DIRECTORIES, "input.reconstructions=stem/recon", "input.originals=stem/orig",
                "input.match=stem", "output.path=out/stem", "input.group_by=[]", "metrics=[mse]", "output.format=json");
        AuditJob.Result r = run(c);
        assertEquals(3, r.pairsIn());
        List<Row> rows = table(c, AuditJob.SCORES).orderBy("key", "reconstruction_path").collectAsList();
        assertEquals("x", rows.get(0).getAs("key"));
        assertEquals(ErrorCode.DUPLICATE_KEY.code(), rows.get(0).getAs("error_code"));
        assertEquals(ErrorCode.DUPLICATE_KEY.code(), rows.get(1).getAs("error_code"));
        assertTrue(((String) rows.get(0).getAs("error_message")).contains("2 reconstructions"));
        assertEquals("y", rows.get(2).getAs("key"));
        assertNull(rows.get(2).getAs("error_code"));
        assertEquals(TestImages.mse(P2R, P2), (double) rows.get(2).getAs("mse"), 1e-12);
    }

    @Test
    void manifestEndToEndAsCsv() throws Exception {
        Files.writeString(dir.resolve("pairs/manifest.csv"), """
                key,reconstruction,original,model,split
                k1,recon/a/p1.png,orig/a/p1.png,unet,test
                k2,recon/a/p2.png,%s,unet,train
                k3,recon/b/identical.png,orig/b/identical.png,bicubic,test
                k4,recon/b/only_recon.png,,bicubic,test
                k4,recon/b/corrupt.png,orig/b/corrupt.png,bicubic,test
                k5,recon/nothing_here.png,orig/a/p1.png,bicubic,test
                """.formatted(dir.resolve("pairs/orig/a/p2.png").toUri()));
        AuditConfig c = config("""
                name: man
                run_id: m1
                input: {type: manifest, path: pairs/manifest.csv, group_by: [model]}
                metrics: [psnr, mse]
                output: {path: out/manifest, format: csv}
                """);
        AuditJob.Result r = run(c);
        assertEquals(6, r.pairsIn());
        Dataset<Row> scores = table(c, AuditJob.SCORES);
        List<String> columns = List.of(scores.columns());
        assertEquals(List.of("key", "reconstruction_path", "original_path", "model", "split", "width", "height",
                "channels", "psnr", "mse", "metric_errors", "error_code", "error_message", "name", "run_id", "_attempt"),
                columns);
        Map<String, Row> rows = new HashMap<>();
        for (Row row : scores.collectAsList()) {
            rows.put(row.getAs("key") + ":" + row.getAs("reconstruction_path"), row);
        }
        Row k1 = rows.get("k1:file:" + dir.resolve("pairs/recon/a/p1.png"));
        assertEquals("unet", k1.getAs("model"));
        assertEquals("test", k1.getAs("split"));
        assertEquals(TestImages.mse(P1R, P1), Double.parseDouble(k1.getAs("mse")), 1e-12);
        assertEquals("{}", k1.getAs("metric_errors"));
        Row k2 = rows.get("k2:file:" + dir.resolve("pairs/recon/a/p2.png"));
        assertNull(k2.getAs("error_code"));
        assertEquals(TestImages.mse(P2R, P2), Double.parseDouble(k2.getAs("mse")), 1e-12);
        assertEquals(ErrorCode.DUPLICATE_KEY.code(),
                rows.get("k4:file:" + dir.resolve("pairs/recon/b/only_recon.png")).getAs("error_code"));
        assertEquals(ErrorCode.DUPLICATE_KEY.code(),
                rows.get("k4:file:" + dir.resolve("pairs/recon/b/corrupt.png")).getAs("error_code"));
        Row k5 = rows.get("k5:file:" + dir.resolve("pairs/recon/nothing_here.png"));
        assertEquals(ErrorCode.READ_FAILED.code(), k5.getAs("error_code"));
        assertTrue(((String) k5.getAs("error_message")).contains("FileNotFoundException"), k5.toString());

        List<Row> pairs = table(c, AuditJob.SUMMARY).filter("metric = '_pairs'").orderBy("model").collectAsList();
        assertEquals("bicubic", pairs.get(0).getAs("model"));
        assertEquals(4, Integer.parseInt(pairs.get(0).getAs("pairs").toString()));
        assertEquals("unet", pairs.get(1).getAs("model"));
        assertEquals(2, Integer.parseInt(pairs.get(1).getAs("pairs").toString()));
        assertTrue(((String) pairs.get(0).getAs("error_codes")).contains("\"DUPLICATE_KEY\":2"));
    }

    @Test
    void manifestWithMissingOriginalGivesMissingOriginal() throws Exception {
        Files.writeString(dir.resolve("pairs/m2.csv"), "reconstruction,original,split\nrecon/a/p1.png,,x\n");
        AuditConfig c = config("""
                name: man2
                run_id: m2
                input: {type: manifest, path: pairs/m2.csv}
                metrics: [mse]
                output: {path: out/manifest2}
                """);
        run(c);
        Row row = table(c, AuditJob.SCORES).first();
        assertEquals(ErrorCode.MISSING_ORIGINAL.code(), row.getAs("error_code"));
        assertEquals("file:" + dir.resolve("pairs/recon/a/p1.png"), row.getAs("key"));
    }

    @Test
    void manifestCsvWithRfc4180QuotingIsRead() throws Exception {
        TestImages.write(dir.resolve("mq/r/q\"x, 1.png"), TestImages.png(P1R));
        TestImages.write(dir.resolve("mq/o/q\"x, 1.png"), TestImages.png(P1));
        // as pandas, Excel or Python's csv module write it: a quote inside a quoted field is doubled
        Files.writeString(dir.resolve("mq/m.csv"),
                "key,reconstruction,original,note\nk1,\"r/q\"\"x, 1.png\",\"o/q\"\"x, 1.png\",\"say \"\"hi\"\"\"\n");
        AuditConfig c = config("""
                name: mq
                run_id: mq
                input: {type: manifest, path: mq/m.csv}
                metrics: [mse]
                output: {path: out/mq}
                """);
        run(c);
        Row row = table(c, AuditJob.SCORES).first();
        assertNull(row.getAs("error_code"), String.valueOf(row.<Object>getAs("error_message")));
        assertEquals("say \"hi\"", row.getAs("note"));
        assertEquals(TestImages.mse(P1R, P1), (double) row.getAs("mse"), 1e-12);
    }

    @Test
    void parquetEndToEnd() throws ConfigException {
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("split", DataTypes.StringType)
                .add("r", DataTypes.BinaryType).add("o", DataTypes.BinaryType);
        List<Row> rows = List.of(
                RowFactory.create(1, "test", TestImages.png(P1R), TestImages.png(P1)),
                RowFactory.create(2, "test", TestImages.png(P2R), TestImages.png(P2)),
                RowFactory.create(3, "train", TestImages.png(P3), null),
                RowFactory.create(4, "train", TestImages.corruptPng(P3), TestImages.png(P3)));
        spark.createDataFrame(rows, schema).write().mode("overwrite").parquet(dir.resolve("pairs.parquet").toString());
        AuditConfig c = config("""
                name: pq
                run_id: p1
                input: {type: parquet, path: pairs.parquet, key_column: id, reconstruction_column: r,
                        original_column: o, group_by: [split]}
                metrics: [mse]
                output: {path: out/parquet}
                """);
        AuditJob.Result r = run(c);
        assertEquals(4, r.pairsIn());
        Map<String, Row> scores = byKey(table(c, AuditJob.SCORES));
        assertEquals(TestImages.mse(P2R, P2), scores.get("2").getAs("mse"), 1e-12);
        assertEquals("test", scores.get("2").getAs("split"));
        assertNull(scores.get("2").getAs("reconstruction_path"));
        assertEquals(ErrorCode.MISSING_ORIGINAL.code(), scores.get("3").getAs("error_code"));
        assertEquals("UNDECODABLE", scores.get("4").getAs("error_code"));
        List<Row> summary = table(c, AuditJob.SUMMARY).filter("metric = 'mse'").orderBy("split").collectAsList();
        assertEquals(2L, (long) summary.get(0).getAs("count"));
        assertEquals((TestImages.mse(P1R, P1) + TestImages.mse(P2R, P2)) / 2, summary.get(0).getAs("mean"), 1e-12);
        assertEquals(0L, (long) summary.get(1).getAs("count"));
        assertEquals(2L, (long) summary.get(1).getAs("errors"));
    }

    @Test
    void summaryErrorCodesAddUpToErrors() {
        StructType schema = new StructType().add("mse", DataTypes.DoubleType)
                .add(org.imgloss.job.output.ScoresSchema.METRIC_ERRORS,
                        DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
                .add(org.imgloss.job.output.ScoresSchema.ERROR_CODE, DataTypes.StringType);
        List<Row> rows = List.of(
                RowFactory.create(1.0, Map.of(), null),
                RowFactory.create(null, Map.of(), null),
                RowFactory.create(null, Map.of("mse", "NOT_APPLICABLE"), null),
                RowFactory.create(null, Map.of(), "UNDECODABLE"));
        Dataset<Row> scores = spark.createDataFrame(rows.stream().map(row -> RowFactory.create(row.get(0),
                scala.jdk.javaapi.CollectionConverters.asScala((Map<?, ?>) row.get(1)), row.get(2))).toList(), schema);
        Row mse = org.imgloss.job.output.SummaryTable.build(scores,
                        List.of(new org.imgloss.job.config.MetricConfig("mse", "mse", Map.of(), List.of())), List.of(), "s", "r")
                .filter("metric = 'mse'").first();
        assertEquals(4L, (long) mse.getAs("pairs"));
        assertEquals(3L, (long) mse.getAs("errors"));
        assertEquals(Map.of(org.imgloss.job.output.SummaryTable.NULL_VALUE_CODE, 1L, "NOT_APPLICABLE", 1L,
                "UNDECODABLE", 1L), mse.getJavaMap(mse.fieldIndex("error_codes")));
    }

    /** Parquet rows hold the images: they are scored where they are read, never shuffled. */
    @Test
    void parquetImageBytesAreNeverShuffled() throws Exception {
        StructType schema = new StructType().add("key", DataTypes.StringType)
                .add("reconstruction", DataTypes.BinaryType).add("original", DataTypes.BinaryType);
        List<Row> rows = new java.util.ArrayList<>();
        long imageBytes = 0;
        for (int i = 0; i < 4; i++) {
            byte[] r = TestImages.noisePng(128, 128, 100 + i);
            byte[] o = TestImages.noisePng(128, 128, 200 + i);
            imageBytes += r.length + o.length;
            rows.add(RowFactory.create("k" + i, r, o));
        }
        spark.createDataFrame(rows, schema).write().mode("overwrite").parquet(dir.resolve("big.parquet").toString());
        AuditConfig c = config("""
                name: big
                run_id: b1
                input: {type: parquet, path: big.parquet}
                metrics: [mse]
                output: {path: out/big}
                """);
        java.util.concurrent.atomic.AtomicLong shuffled = new java.util.concurrent.atomic.AtomicLong();
        org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
                if (end.taskMetrics() != null) {
                    shuffled.addAndGet(end.taskMetrics().shuffleWriteMetrics().bytesWritten());
                }
            }
        };
        spark.sparkContext().addSparkListener(listener);
        try {
            AuditJob.Result r = run(c);
            assertEquals(4, r.pairsIn());
            assertEquals(0, r.pairsFailed());
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
        assertTrue(imageBytes > 100_000, "fixture too small: " + imageBytes);
        assertTrue(shuffled.get() < imageBytes / 4, "shuffled " + shuffled.get() + " bytes for " + imageBytes
                + " bytes of images");
    }

    /** What only the data can tell (Parquet columns) is checked after Spark starts, before scoring. */
    @Test
    void groupByAColumnThatIsNotCarriedIsAConfigErrorAndNothingIsWritten() throws ConfigException {
        StructType schema = new StructType().add("key", DataTypes.StringType)
                .add("reconstruction", DataTypes.BinaryType).add("original", DataTypes.BinaryType);
        spark.createDataFrame(List.of(RowFactory.create("k", TestImages.png(P1R), TestImages.png(P1))), schema)
                .write().mode("overwrite").parquet(dir.resolve("nomodel.parquet").toString());
        AuditConfig c = config("""
                name: nomodel
                input: {type: parquet, path: nomodel.parquet, group_by: [model]}
                metrics: [mse]
                output: {path: out/never}
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> run(c));
        assertEquals(List.of("input.group_by[0]: 'model' is not a carried column (carried: none)"), e.errors());
        assertFalse(Files.exists(dir.resolve("out/never")));
    }

    /** Names used in the summary table. */
    static final class SummaryNames {
        static final String PAIRS = org.imgloss.job.output.SummaryTable.PAIRS_METRIC;
    }
}
