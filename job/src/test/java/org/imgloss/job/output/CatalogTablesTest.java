package org.imgloss.job.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.TestImages;
import org.imgloss.job.TestSpark;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code output.catalog} on a local session's in-memory catalog, Delta and file formats: the database
 * and the three tables are created on the first run, over the written folders; later runs (a new metric, a re-run) are visible
 * through the same tables, with no duplicate rows.
 */
class CatalogTablesTest {

    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void setUp() {
        spark = TestSpark.session();
        int[] p1 = TestImages.base(1);
        int[] p2 = TestImages.base(2);
        TestImages.write(dir.resolve("recon/p1.png"), TestImages.png(TestImages.noisy(p1, 6, 11)));
        TestImages.write(dir.resolve("orig/p1.png"), TestImages.png(p1));
        TestImages.write(dir.resolve("recon/p2.png"), TestImages.png(TestImages.noisy(p2, 9, 3)));
        TestImages.write(dir.resolve("orig/p2.png"), TestImages.png(p2));
    }


    private static void run(String format, String runId, String metrics) throws Exception {
        AuditConfig c = new ConfigLoader(dir, Instant.now()).parse("""
                name: cat
                input: {type: directories, reconstructions: recon, originals: orig}
                metrics: [psnr]
                output: {path: out, catalog: {database: audits}}
                """, List.of("run_id=" + runId, "metrics=" + metrics, "output.format=" + format,
                "output.path=out-" + format, "output.catalog.database=audits_" + format));
        // the job's own class lives in run; the test calls it as the CLI does
        org.imgloss.job.run.AuditJobAccess.run(spark, c);
    }

    @Test
    void tablesInTheSessionCatalog() throws Exception {
        String db = "audits_parquet";
        run("parquet", "r1", "[psnr]");
        assertTrue(spark.catalog().databaseExists(db));
        assertEquals(2, spark.table(db + ".scores").count());
        assertEquals(1, spark.table(db + ".runs").count());
        assertEquals(2, spark.table(db + ".summary").filter("run_id = 'r1'").count()); // psnr, _pairs

        run("parquet", "r2", "[psnr, mse]"); // a new column
        run("parquet", "r1", "[psnr]"); // a re-run replaces its rows
        assertEquals(4, spark.table(db + ".scores").count());
        assertEquals(2, spark.table(db + ".runs").count());
        assertEquals(List.of("r1", "r2"), spark.table(db + ".runs").select("run_id").orderBy("run_id")
                .collectAsList().stream().map(r -> r.getString(0)).toList());
        List<Row> mse = spark.table(db + ".scores").filter("run_id = 'r2'").select("mse").collectAsList();
        assertEquals(2, mse.size());
        assertTrue(mse.stream().allMatch(r -> !r.isNullAt(0) && r.getDouble(0) > 0), mse.toString());
        assertEquals(3, spark.sql("SELECT * FROM " + db + ".summary WHERE run_id = 'r2' AND metric = 'mse'"
                + " OR run_id = 'r1'").count());
    }

    /**
     * Delta tables (the default format) in the session's catalog: created over the Delta folders, their
     * columns and runs from the Delta log; a new metric and a re-run are visible through the same tables,
     * and the re-run's earlier attempt is gone from them.
     */
    @Test
    void deltaTablesInTheSessionCatalog() throws Exception {
        String db = "audits_delta";
        run("delta", "r1", "[psnr]");
        assertTrue(spark.catalog().databaseExists(db));
        assertEquals("delta", spark.sql("DESCRIBE DETAIL " + db + ".scores").first().getAs("format"));
        assertEquals(2, spark.table(db + ".scores").count());
        assertEquals(1, spark.table(db + ".runs").count());

        run("delta", "r2", "[psnr, mse]"); // a new column
        run("delta", "r1", "[psnr]"); // a re-run replaces its rows
        assertEquals(4, spark.table(db + ".scores").count());
        assertEquals(List.of("r1", "r2"), spark.table(db + ".runs").select("run_id").orderBy("run_id")
                .collectAsList().stream().map(r -> r.getString(0)).toList());
        assertEquals(1, spark.table(db + ".scores").filter("run_id = 'r1'").select("_attempt").distinct().count());
        List<Row> mse = spark.table(db + ".scores").filter("run_id = 'r2'").select("mse").collectAsList();
        assertTrue(mse.size() == 2 && mse.stream().allMatch(r -> !r.isNullAt(0) && r.getDouble(0) > 0), mse.toString());
        assertEquals(3, spark.sql("SELECT * FROM " + db + ".summary WHERE run_id = 'r2' AND metric = 'mse'"
                + " OR run_id = 'r1'").count());
    }

    /** CSV tables are read by column position: runs with the same columns share the table. */
    @Test
    void csvTablesInTheSessionCatalog() throws Exception {
        String db = "audits_csv";
        run("csv", "r1", "[psnr]");
        run("csv", "r2", "[psnr]");
        assertEquals(4, spark.table(db + ".scores").count());
        assertEquals(2, spark.table(db + ".scores").filter("run_id = 'r2' AND psnr > 10").count());
        assertEquals(2, spark.table(db + ".runs").count());
        assertEquals(4, spark.table(db + ".summary").count());
    }
}
