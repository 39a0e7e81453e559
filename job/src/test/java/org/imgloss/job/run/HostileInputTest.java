package org.imgloss.job.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.imgloss.errors.ErrorCode;
import org.imgloss.job.TestImages;
import org.imgloss.job.TestSpark;
import org.imgloss.job.cli.CliRun;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.ConfigLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input written to break the job: manifests with every kind of RFC 4180 quoting (written by Python's
 * {@code csv} module, {@code manifests/rfc4180.py}), keys with spaces or none at all, malformed manifest
 * records, corrupt Parquet part files among good ones, folder entries that cannot be listed. Good pairs
 * are always scored; what cannot be read is listed in the runs table and fails the run (exit 3) unless
 * {@code input.on_unreadable_file: warn}.
 */
class HostileInputTest {

    @TempDir
    static Path dir;
    static SparkSession spark;

    static final int[] P1 = TestImages.base(1);
    static final int[] P1R = TestImages.noisy(P1, 6, 11);

    @BeforeAll
    static void setUp() {
        spark = TestSpark.session();
    }

    private static AuditConfig config(String yaml, String... overrides) throws ConfigException {
        return new ConfigLoader(dir, Instant.parse("2026-12-05T00:00:00Z")).parse(yaml, List.of(overrides));
    }

    private static AuditJob.Result run(AuditConfig c) throws ConfigException {
        return new AuditJob(spark, new PrintWriter(new StringWriter()), 0).run(c, Instant.now());
    }

    private static Dataset<Row> table(AuditConfig c, String name) {
        return spark.read().format("delta").load(c.output().table(name));
    }

    private static void pair(Path folder, String name) {
        TestImages.write(folder.resolve("r/" + name), TestImages.png(P1R));
        TestImages.write(folder.resolve("o/" + name), TestImages.png(P1));
    }

    private static List<String> unreadableFiles(AuditConfig c) {
        Row runs = table(c, AuditJob.RUNS).filter("run_id = '" + c.runId() + "'").first();
        return runs.getList(runs.fieldIndex("unreadable_files"));
    }

    @Test
    void manifestQuotedByPythonsCsvModuleKeepsEveryKeyVerbatim() throws Exception {
        Path m = dir.resolve("rfc");
        for (int i = 0; i < 7; i++) {
            pair(m, "k" + i + ".png");
        }
        try (InputStream in = HostileInputTest.class.getResourceAsStream("/manifests/rfc4180.csv")) {
            Files.copy(in, m.resolve("pairs.csv"));
        }
        AuditConfig c = config("""
                name: rfc
                run_id: rfc1
                input: {type: manifest, path: rfc/pairs.csv}
                metrics: [mse]
                output: {path: out/rfc}
                """);
        AuditJob.Result r = run(c);
        assertEquals(7, r.pairsIn());
        assertEquals(List.of(), r.unreadable());
        Map<String, Row> byKey = new HashMap<>();
        Row noKey = null;
        for (Row row : table(c, AuditJob.SCORES).collectAsList()) {
            if (row.getAs("key") == null) {
                noKey = row;
            } else {
                byKey.put(row.getAs("key"), row);
            }
        }
        // the CSV parser reads a line break inside a quoted cell as \n, whichever line ends the file uses
        assertEquals(java.util.Set.of("line1\nline2", "comma, inside", "quote \"inside\"", " a ", "a",
                "crlf\ninside"), byKey.keySet());
        for (Row row : byKey.values()) {
            assertNull(row.getAs("error_code"), row.toString());
            assertEquals(TestImages.mse(P1R, P1), row.getAs("mse"), 1e-12);
        }
        assertEquals("multi\nline note", byKey.get("line1\nline2").getAs("note"));
        assertEquals("a,b,c", byKey.get("comma, inside").getAs("note"));
        assertEquals("he said \"hi\"", byKey.get("quote \"inside\"").getAs("note"));
        assertTrue(((String) byKey.get(" a ").getAs("reconstruction_path")).endsWith("/r/k3.png"));
        // an empty key cell is a pair-level error of its own, never the reconstruction's path as a key
        assertEquals(ErrorCode.MISSING_KEY.code(), noKey.getAs("error_code"));
        assertTrue(((String) noKey.getAs("error_message")).contains("r/k6.png"), noKey.toString());
    }

    @Test
    void malformedManifestRecordsAreListedAndTheRestIsScored() throws Exception {
        Path m = dir.resolve("badline");
        for (String k : List.of("a", "b", "c")) {
            pair(m, k + ".png");
        }
        Files.writeString(m.resolve("pairs.csv"), "key,reconstruction,original\n"
                + "a,r/a.png,o/a.png\n"
                + "x,r/x.png,o/x.png,extra,cells\n"
                + "b,r/b.png,o/b.png\n"
                + "c,r/c.png,o/c.png\n");
        Path yaml = Files.writeString(dir.resolve("badline.yaml"), """
                name: badline
                input: {type: manifest, path: badline/pairs.csv}
                metrics: [mse]
                output: {path: out/badline}
                """);
        CliRun failed = CliRun.of("run", yaml.toString(), "--base-dir", dir.toString(), "--progress-seconds", "0",
                "--set", "run_id=b1");
        assertEquals(3, failed.exitCode(), failed.err());
        assertTrue(failed.out().contains("run b1: 3 pairs, 3 scored, 0 failed"), failed.out());
        assertTrue(failed.out().contains("unreadable input (1, not scored):"), failed.out());
        assertTrue(failed.out().contains("'x,r/x.png,o/x.png,extra,cells'"), failed.out());
        assertTrue(failed.err().contains("input was lost"), failed.err());
        AuditConfig c = config(Files.readString(yaml), "run_id=b1");
        List<String> lost = unreadableFiles(c);
        assertEquals(1, lost.size(), lost.toString());
        assertTrue(lost.get(0).startsWith("file:" + m.resolve("pairs.csv") + ": malformed CSV record"), lost.get(0));

        CliRun warned = CliRun.of("run", yaml.toString(), "--base-dir", dir.toString(), "--progress-seconds", "0",
                "--set", "run_id=b2", "--set", "input.on_unreadable_file=warn");
        assertEquals(0, warned.exitCode(), warned.err());
        assertTrue(warned.err().contains("warning: run b2: 1 input file(s) or record(s) could not be read"),
                warned.err());
    }

    /** Null keys were once the empty key "", so two of them made DUPLICATE_KEY rows of good pairs. */
    @Test
    void parquetNullKeysAreMissingKeyRowsAndGoodPairsAreScored() throws ConfigException {
        StructType schema = new StructType().add("id", DataTypes.StringType)
                .add("r", DataTypes.BinaryType).add("o", DataTypes.BinaryType);
        byte[] r1 = TestImages.png(P1R);
        byte[] o1 = TestImages.png(P1);
        List<Row> rows = List.of(RowFactory.create(null, r1, o1), RowFactory.create(null, r1, o1),
                RowFactory.create("", r1, o1), RowFactory.create(" a ", r1, o1), RowFactory.create("a", r1, o1));
        spark.createDataFrame(rows, schema).write().mode("overwrite").parquet(dir.resolve("nullkeys.parquet").toString());
        AuditConfig c = config("""
                name: pqnull
                run_id: n1
                input: {type: parquet, path: nullkeys.parquet, key_column: id, reconstruction_column: r,
                        original_column: o}
                metrics: [mse]
                output: {path: out/nullkeys}
                """);
        AuditJob.Result r = run(c);
        assertEquals(5, r.pairsIn());
        assertEquals(3, r.pairsFailed());
        List<Row> scores = table(c, AuditJob.SCORES).orderBy("key").collectAsList();
        for (int i = 0; i < 3; i++) {
            assertNull(scores.get(i).getAs("key"));
            assertEquals(ErrorCode.MISSING_KEY.code(), scores.get(i).getAs("error_code"));
        }
        assertEquals(" a ", scores.get(3).getAs("key"));
        assertEquals("a", scores.get(4).getAs("key"));
        for (Row good : scores.subList(3, 5)) {
            assertNull(good.getAs("error_code"));
            assertEquals(TestImages.mse(P1R, P1), good.getAs("mse"), 1e-12);
        }
    }

    @Test
    void corruptParquetPartFilesAreListedAndTheGoodOnesScored() throws Exception {
        StructType schema = new StructType().add("key", DataTypes.StringType)
                .add("reconstruction", DataTypes.BinaryType).add("original", DataTypes.BinaryType);
        byte[] r1 = TestImages.png(P1R);
        byte[] o1 = TestImages.png(P1);
        List<Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(RowFactory.create("k" + i, r1, o1));
        }
        Path table = dir.resolve("parts.parquet");
        spark.createDataFrame(rows, schema).repartition(4).write().mode("overwrite").parquet(table.toString());
        Path good = Files.list(table).filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted()
                .findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(good);
        Files.write(table.resolve("part-99998-truncated.parquet"), Arrays.copyOf(bytes, bytes.length / 2));
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        Files.write(table.resolve("part-99999-garbage.parquet"), garbage);
        Path yaml = Files.writeString(dir.resolve("parts.yaml"), """
                name: parts
                input: {type: parquet, path: parts.parquet}
                metrics: [mse]
                output: {path: out/parts}
                """);
        CliRun r = CliRun.of("run", yaml.toString(), "--base-dir", dir.toString(), "--progress-seconds", "0",
                "--set", "run_id=p1");
        assertEquals(3, r.exitCode(), r.err());
        assertTrue(r.out().contains("run p1: 40 pairs, 40 scored, 0 failed"), r.out());
        AuditConfig c = config(Files.readString(yaml), "run_id=p1");
        List<String> lost = unreadableFiles(c).stream().sorted().toList();
        assertEquals(2, lost.size(), lost.toString());
        assertTrue(lost.get(0).startsWith("file:" + table.resolve("part-99998-truncated.parquet")
                + ": not readable as Parquet"), lost.get(0));
        assertTrue(lost.get(1).startsWith("file:" + table.resolve("part-99999-garbage.parquet")
                + ": not readable as Parquet"), lost.get(1));
        assertEquals(40, table(c, AuditJob.SCORES).filter("run_id = 'p1' AND error_code IS NULL").count());
    }

    @Test
    void folderEntriesThatCannotBeListedAreListedAsUnreadable() throws Exception {
        Path f = dir.resolve("links");
        pair(f, "a.png");
        pair(f, "b 12:30.png"); // a ':' in a local file name is read
        Files.createSymbolicLink(f.resolve("r/self"), f.resolve("r"));
        Files.createSymbolicLink(f.resolve("r/loop.png"), f.resolve("r/loop.png"));
        AuditConfig c = config("""
                name: links
                run_id: l1
                input: {type: directories, reconstructions: links/r, originals: links/o}
                metrics: [mse]
                output: {path: out/links}
                """);
        AuditJob.Result r = run(c);
        assertEquals(2, r.pairsIn());
        assertEquals(0, r.pairsFailed());
        assertEquals(1, r.unreadable().size(), r.unreadable().toString());
        assertEquals("file:" + f.resolve("r/loop.png"), r.unreadable().get(0).location());
        assertTrue(r.inputLost(c));
        assertEquals(List.of(r.unreadable().get(0).toString()), unreadableFiles(c));
    }

}
