package org.imgloss.job.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.imgloss.job.TestImages;
import org.imgloss.job.TestSpark;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.ConfigLoader;
import org.imgloss.job.output.History;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit history: runs and re-runs into one Delta history (no duplicates, time travel to the
 * old version), a re-run that fails midway, concurrent run ids, carried columns of different types,
 * a schema or format conflict refused before scoring, and the file formats' swap.
 */
class HistoryTest {

    @TempDir
    static Path dir;
    static SparkSession spark;

    static final int[] P1 = TestImages.base(1);
    static final int[] P2 = TestImages.base(2);
    static final int[] P3 = TestImages.base(3);

    @BeforeAll
    static void setUp() {
        spark = TestSpark.session();
        Path r = dir.resolve("pairs/recon");
        Path o = dir.resolve("pairs/orig");
        int i = 0;
        for (int[] p : List.of(P1, P2, P3, P1, P2, P3)) {
            i++;
            TestImages.write(r.resolve("f" + (i % 2) + "/p" + i + ".png"), TestImages.png(TestImages.noisy(p, i, 7)));
            TestImages.write(o.resolve("f" + (i % 2) + "/p" + i + ".png"), TestImages.png(p));
        }
    }


    static final String DIRECTORIES = """
            name: hist
            input: {type: directories, reconstructions: pairs/recon, originals: pairs/orig, group_by: [folder]}
            metrics: [mse]
            output: {path: out/x}
            """;

    private static AuditConfig config(String yaml, String... overrides) throws ConfigException {
        return new ConfigLoader(dir, Instant.now()).parse(yaml, List.of(overrides));
    }

    private static AuditJob job() {
        return new AuditJob(spark, new PrintWriter(new StringWriter()), 0);
    }

    private static Dataset<Row> delta(String out, String table) {
        return spark.read().format("delta").load(dir.resolve(out).resolve(table).toString());
    }

    private static long deltaVersion(String out, String table) {
        return spark.sql("DESCRIBE HISTORY delta.`" + dir.resolve(out).resolve(table) + "`")
                .agg(org.apache.spark.sql.functions.max("version")).first().getLong(0);
    }

    @Test
    void twoRunsAndARerunIntoOneDeltaHistory() throws Exception {
        job().run(config(DIRECTORIES, "run_id=h1", "output.path=out/two"), Instant.now());
        job().run(config(DIRECTORIES, "run_id=h2", "output.path=out/two", "metrics=[mse, psnr]"), Instant.now());
        job().run(config(DIRECTORIES, "run_id=h1", "output.path=out/two", "input.reconstructions=pairs/recon/f1",
                "input.originals=pairs/orig/f1"), Instant.now());
        Dataset<Row> scores = delta("out/two", "scores");
        assertEquals(3, scores.filter("run_id = 'h1'").count(), "the re-run replaced h1: 3 pairs, no duplicates");
        assertEquals(6, scores.filter("run_id = 'h2'").count());
        assertEquals(3, scores.filter("run_id = 'h1'").select("key").distinct().count());
        assertTrue(List.of(scores.columns()).contains("psnr"), "the second run's new metric added a column");
        assertEquals(2, delta("out/two", "runs").count());
        assertEquals(1, delta("out/two", "runs").filter("run_id = 'h1'").count());
        // time travel: version 0 is the first run as it was
        Path scoresPath = dir.resolve("out/two/scores");
        assertEquals(6, spark.sql("SELECT count(*) FROM delta.`" + scoresPath + "` VERSION AS OF 0").first().getLong(0));
        assertEquals(6, spark.sql("SELECT count(*) FROM delta.`" + scoresPath + "` VERSION AS OF 1 WHERE run_id = 'h2'")
                .first().getLong(0));
        assertEquals(9, spark.sql("SELECT count(*) FROM delta.`" + scoresPath + "`").first().getLong(0));
    }

    @Test
    void aRerunWhoseScoringThrowsMidwayLeavesTheEarlierRunUnchanged() throws Exception {
        AuditConfig c = config(DIRECTORIES, "run_id=f1", "output.path=out/fail");
        job().run(c, Instant.now());
        List<Row> before = delta("out/fail", "scores").orderBy("key").collectAsList();
        long version = deltaVersion("out/fail", "scores");
        Row runBefore = delta("out/fail", "runs").first();
        Exception e = assertThrows(Exception.class, () -> job().injectFailureAfterPairs(1)
                .run(config(DIRECTORIES, "run_id=f1", "output.path=out/fail", "metrics=[mse, psnr]"), Instant.now()));
        assertTrue(String.valueOf(e).contains("injected failure") || String.valueOf(e.getCause()).contains("injected"),
                String.valueOf(e));
        assertEquals(before, delta("out/fail", "scores").orderBy("key").collectAsList());
        assertEquals(version, deltaVersion("out/fail", "scores"), "no commit");
        assertEquals(runBefore, delta("out/fail", "runs").first());
        assertTrue(spark.sharedState().cacheManager().isEmpty());
        for (String format : List.of("parquet", "csv")) {
            String out = "out/fail-" + format;
            AuditConfig f = config(DIRECTORIES, "run_id=f1", "output.path=" + out, "output.format=" + format);
            job().run(f, Instant.now());
            assertThrows(Exception.class, () -> job().injectFailureAfterPairs(1).run(f, Instant.now()));
            assertEquals(6, History.read(spark, f.output(), "scores").count(), format);
            assertEquals(1, History.read(spark, f.output(), "runs").count(), format);
        }
    }

    private static List<Row> complete(AuditConfig c, String table) {
        return History.complete(spark, c.output(), table).orderBy("run_id", table.equals("summary") ? "metric" : "run_id",
                table.equals("scores") ? "key" : table.equals("summary") ? "folder" : "run_id").collectAsList();
    }

    /**
     * A re-run that fails after writing some of its tables (its scores, then also its summary) leaves the
     * history as readers saw it, in every table and every format; the next re-run replaces the run in all
     * tables and removes the rows of the failed attempts.
     */
    @Test
    void aRerunFailingBetweenItsTablesLeavesTheEarlierRunInEveryTable() throws Exception {
        for (String format : List.of("delta", "parquet", "csv", "json")) {
            String out = "output.path=out/between-" + format;
            AuditConfig c = config(DIRECTORIES, "run_id=b1", out, "output.format=" + format);
            job().run(c, Instant.now());
            job().run(config(DIRECTORIES, "run_id=b2", out, "output.format=" + format), Instant.now());
            List<List<Row>> before = History.TABLES.stream().map(t -> complete(c, t)).toList();
            assertEquals(12, before.get(0).size(), format);
            for (String failAfter : List.of("scores", "summary")) {
                AuditConfig rerun = config(DIRECTORIES, "run_id=b1", out, "output.format=" + format,
                        "input.reconstructions=pairs/recon/f1", "input.originals=pairs/orig/f1");
                Exception e = assertThrows(IllegalStateException.class,
                        () -> job().injectFailureAfterTable(failAfter).run(rerun, Instant.now()));
                assertTrue(e.getMessage().contains("injected failure after writing " + failAfter), e.getMessage());
                for (int t = 0; t < History.TABLES.size(); t++) {
                    assertEquals(before.get(t), complete(c, History.TABLES.get(t)),
                            format + ", failed after " + failAfter + ": " + History.TABLES.get(t));
                }
                assertTrue(spark.sharedState().cacheManager().isEmpty());
            }
            job().run(config(DIRECTORIES, "run_id=b1", out, "output.format=" + format,
                    "input.reconstructions=pairs/recon/f1", "input.originals=pairs/orig/f1"), Instant.now());
            assertEquals(3, History.complete(spark, c.output(), "scores").filter("run_id = 'b1'").count(), format);
            assertEquals(3, History.complete(spark, c.output(), "summary")
                    .filter("run_id = 'b1' AND metric = '_pairs'").collectAsList().stream()
                    .mapToLong(r -> ((Number) r.getAs("pairs")).longValue()).sum(), format);
            assertEquals(List.of(3L, 6L), History.complete(spark, c.output(), "runs").orderBy("run_id")
                    .collectAsList().stream().map(r -> ((Number) r.getAs("pairs_in")).longValue()).toList(), format);
            // the failed attempts and the replaced run are gone from the stored tables too (regressions
            // has no row for this run: no per-pair check)
            for (String table : History.TABLES) {
                assertEquals(table.equals("regressions") ? 0 : 1, History.read(spark, c.output(), table)
                        .filter("run_id = 'b1'").select(History.ATTEMPT).distinct().count(), format + " " + table);
            }
            assertEquals(3, History.read(spark, c.output(), "scores").filter("run_id = 'b1'").count(), format);
            if (!format.equals("delta")) {
                fileFormatsSwapTheRunInWithRunIdInsideTheFiles(c, format);
            }
        }
    }

    /**
     * The file formats after two runs and a re-run of the first (the history of
     * {@link #aRerunFailingBetweenItsTablesLeavesTheEarlierRunInEveryTable}): the re-run swapped in, one
     * folder per run id, and the files carry {@code run_id} themselves.
     */
    private static void fileFormatsSwapTheRunInWithRunIdInsideTheFiles(AuditConfig c, String format) throws Exception {
        Dataset<Row> scores = History.read(spark, c.output(), "scores");
        assertEquals(3, scores.filter("run_id = 'b1'").count(), format);
        assertEquals(6, scores.filter("run_id = 'b2'").count(), format);
        Path out = dir.resolve("out/between-" + format);
        try (Stream<Path> files = Files.list(out.resolve("scores"))) {
            assertEquals(List.of("run_id=b1", "run_id=b2"), files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".") && !n.startsWith("_")).sorted().toList(), format);
        }
        // the files carry run_id themselves
        Dataset<Row> oneFolder = spark.read().format(format).option("header", "true")
                .load(out.resolve("scores/run_id=b1").toString());
        assertTrue(List.of(oneFolder.columns()).contains("run_id"), format);
        assertEquals(List.of("b1"), oneFolder.select("run_id").distinct()
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList(), format);
    }

    @Test
    void twoRunIdsWritingAtTheSameTimeBothLand() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<AuditJob.Result>> runs = new ArrayList<>();
            for (String id : List.of("c1", "c2")) {
                AuditConfig c = config(DIRECTORIES, "run_id=" + id, "output.path=out/concurrent");
                runs.add(pool.submit(() -> job().run(c, Instant.now())));
            }
            for (Future<AuditJob.Result> f : runs) {
                assertEquals(6, f.get().pairsIn());
            }
        } finally {
            pool.shutdown();
        }
        Dataset<Row> scores = delta("out/concurrent", "scores");
        assertEquals(6, scores.filter("run_id = 'c1'").count());
        assertEquals(6, scores.filter("run_id = 'c2'").count());
        assertEquals(2, delta("out/concurrent", "runs").count());
        assertEquals(2, delta("out/concurrent", "summary").filter("metric = '_pairs'").select("run_id").distinct()
                .count());
    }

    @Test
    void autoRunIdsOfTheSameMomentDiffer() throws Exception {
        Instant now = Instant.parse("2026-11-23T02:51:57.123Z");
        ConfigLoader loader = new ConfigLoader(dir, now);
        String a = loader.parse(DIRECTORIES, List.of()).runId();
        String b = loader.parse(DIRECTORIES, List.of()).runId();
        assertTrue(a.startsWith("20261123T025157.123Z-"), a);
        assertNotEquals(a, b);
    }

    private static void parquetPairs(String name, DataType splitType, Object split) {
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("split", splitType)
                .add("r", DataTypes.BinaryType).add("o", DataTypes.BinaryType);
        List<Row> rows = List.of(RowFactory.create(1, split, TestImages.png(TestImages.noisy(P1, 3, 3)),
                TestImages.png(P1)), RowFactory.create(2, split, TestImages.png(P2), TestImages.png(P2)));
        spark.createDataFrame(rows, schema).write().mode("overwrite").parquet(dir.resolve(name).toString());
    }

    static final String PARQUET = """
            name: typed
            input: {type: parquet, path: ints.parquet, key_column: id, reconstruction_column: r, original_column: o,
                    group_by: [split]}
            metrics: [mse]
            output: {path: out/typed}
            """;

    @Test
    void carriedColumnsOfDifferentTypesShareTheHistory() throws Exception {
        parquetPairs("ints.parquet", DataTypes.IntegerType, 7);
        parquetPairs("strings.parquet", DataTypes.StringType, "seven");
        for (String format : List.of("delta", "parquet")) {
            String out = "output.path=out/typed-" + format;
            AuditConfig c = config(PARQUET, "run_id=i", out, "output.format=" + format);
            job().run(c, Instant.now());
            job().run(config(PARQUET, "run_id=s", out, "output.format=" + format, "input.path=strings.parquet"),
                    Instant.now());
            Dataset<Row> scores = History.read(spark, c.output(), "scores");
            assertEquals(DataTypes.StringType, scores.schema().apply("split").dataType(), format);
            assertEquals(List.of("7", "seven"), scores.select("split").distinct().orderBy("split").as(
                    org.apache.spark.sql.Encoders.STRING()).collectAsList(), format);
            assertEquals(4, History.read(spark, c.output(), "summary").filter("metric = '_pairs'").collectAsList()
                    .stream().mapToLong(r -> r.<Long>getAs("pairs")).sum() * 1, format);
        }
    }

    @Test
    void aColumnOfAnotherTypeThanInTheHistoryIsRefusedBeforeScoring() throws Exception {
        parquetPairs("ints2.parquet", DataTypes.IntegerType, 7);
        job().run(config(PARQUET, "run_id=a", "output.path=out/clash", "input.path=ints2.parquet"), Instant.now());
        // a metric alias 'split' (DOUBLE) where the history has the carried column 'split' (STRING)
        AuditConfig clash = config(DIRECTORIES, "run_id=b", "output.path=out/clash", "input.group_by=[]",
                "metrics=['mse as split']");
        ConfigException e = assertThrows(ConfigException.class, () -> job().run(clash, Instant.now()));
        assertEquals(List.of("output: column 'split' of scores is DOUBLE in this run but STRING in the history at "
                + clash.output().path() + "; rename it (a metric's 'as') or choose another output.path"), e.errors());
        assertEquals(1, delta("out/clash", "runs").count());
    }
}
