package org.imgloss.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.TestImages;
import org.imgloss.job.TestSpark;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.ConfigLoader;
import org.imgloss.job.run.AuditJobAccess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code output.jdbc} against a real PostgreSQL server (password authentication, the password only in
 * the environment the config is read with): the runs and summary rows read back with plain JDBC equal
 * the tables written; re-running a run id replaces its rows and keeps the other runs'; a failed copy
 * leaves the database as it was (one transaction); no password in the rows, the stored config or the
 * error messages.
 */
class PostgresSinkIT {

    @RegisterExtension
    static final PostgresServer PG = new PostgresServer();
    static final String PASSWORD_ENV = "IMGLOSS_TEST_PG_PASSWORD";

    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void setUp() {
        spark = TestSpark.session();
        for (int i = 1; i <= 3; i++) {
            int[] p = TestImages.base(i);
            String folder = i == 3 ? "b" : "a";
            TestImages.write(dir.resolve("recon/" + folder + "/p" + i + ".png"), TestImages.png(TestImages.noisy(p, 5 + i, i)));
            TestImages.write(dir.resolve("orig/" + folder + "/p" + i + ".png"), TestImages.png(p));
        }
        TestImages.write(dir.resolve("recon/b/only_recon.png"), TestImages.png(TestImages.base(4)));
    }


    private static AuditConfig config(Map<String, String> env, String... overrides) throws ConfigException {
        return new ConfigLoader(dir, Instant.now(), env::get).parse("""
                name: pg
                input: {type: directories, reconstructions: recon, originals: orig, group_by: [folder]}
                metrics: [psnr, mse]
                output:
                  path: out
                  jdbc:
                    url: %s
                    user: %s
                    password_env: %s
                    schema: dash
                    tables: [runs, summary, checks]
                """.formatted(PG.url(), PostgresServer.USER, PASSWORD_ENV), List.of(overrides));
    }

    private static AuditConfig config(String... overrides) throws ConfigException {
        return config(Map.of(PASSWORD_ENV, PG.password()), overrides);
    }

    private static List<Map<String, Object>> query(String sql) throws SQLException {
        try (Connection c = PG.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<Map<String, Object>> rows = new java.util.ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static long count(String sql) throws SQLException {
        return ((Number) query("SELECT count(*) AS n FROM " + sql).get(0).get("n")).longValue();
    }

    @Test
    void runsAndSummaryInPostgres() throws Exception {
        AuditConfig c = config("run_id=pg-1");
        AuditJobAccess.run(spark, c);

        // runs: one row, as written to the runs table, without the password
        Row written = spark.read().parquet(c.output().table("runs")).filter("run_id = 'pg-1'").first();
        List<Map<String, Object>> runs = query("SELECT * FROM dash.runs WHERE run_id = 'pg-1'");
        assertEquals(1, runs.size());
        Map<String, Object> run = runs.get(0);
        assertEquals("pg-1", run.get("run_id"));
        assertEquals("pg", run.get("name"));
        assertEquals(4L, run.get("pairs_in"));
        assertEquals(1L, run.get("pairs_failed"));
        assertEquals(0L, run.get("tasks_failed"));
        assertEquals(0L, run.get("executors_lost"));
        assertEquals((double) written.getAs("scoring_seconds"), (double) run.get("scoring_seconds"), 0);
        assertEquals(LocalDateTime.ofInstant(((Timestamp) written.getAs("start_time")).toInstant(), ZoneOffset.UTC),
                ((Timestamp) run.get("start_time")).toLocalDateTime());
        assertEquals(written.getAs("config_yaml"), run.get("config_yaml"));
        assertFalse(((String) run.get("config_yaml")).contains(PG.password()));
        assertTrue(((String) run.get("config_yaml")).contains("password_env: " + PASSWORD_ENV));
        assertTrue(((String) run.get("metrics")).startsWith("[\""), (String) run.get("metrics")); // JSON text

        // summary: every row, typed columns
        List<Row> summary = spark.read().parquet(c.output().table("summary")).filter("run_id = 'pg-1'")
                .collectAsList();
        Map<String, Map<String, Object>> pgSummary = new HashMap<>();
        for (Map<String, Object> r : query("SELECT * FROM dash.summary WHERE run_id = 'pg-1'")) {
            pgSummary.put(r.get("folder") + "/" + r.get("metric"), r);
        }
        assertEquals(summary.size(), pgSummary.size(), pgSummary.keySet().toString());
        for (Row s : summary) {
            Map<String, Object> r = pgSummary.get(s.getAs("folder") + "/" + s.getAs("metric"));
            assertEquals((long) s.getAs("pairs"), r.get("pairs"));
            assertEquals((long) s.getAs("count"), r.get("count"));
            assertEquals(s.getAs("mean"), r.get("mean"));
            assertEquals(s.getAs("p95"), r.get("p95"));
            assertEquals(s.getAs("psnr_pooled"), r.get("psnr_pooled"));
        }
        assertEquals("{\"MISSING_ORIGINAL\":1}", pgSummary.get("b/_pairs").get("error_codes"));
        Map<String, String> types = new HashMap<>();
        for (Map<String, Object> col : query("SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = 'dash' AND table_name IN ('summary', 'runs')")) {
            types.put((String) col.get("column_name"), (String) col.get("data_type"));
        }
        assertEquals("double precision", types.get("mean"));
        assertEquals("bigint", types.get("pairs"));
        assertEquals("text", types.get("error_codes"));
        assertEquals("timestamp without time zone", types.get("start_time"));
        // the default tables: runs, summary and checks; regressions only when named
        assertEquals(1, count("information_schema.tables WHERE table_schema = 'dash' AND table_name = 'checks'"));
        assertEquals(0, count("information_schema.tables WHERE table_schema = 'dash' AND table_name = 'regressions'"));
    }

    @Test
    void rerunReplacesItsRowsAndKeepsOtherRuns() throws Exception {
        AuditJobAccess.run(spark, config("run_id=re-1"));
        AuditJobAccess.run(spark, config("run_id=re-2"));
        long summaryRows = count("dash.summary WHERE run_id = 're-2'");
        assertEquals(6, summaryRows); // 2 folders x (psnr, mse, _pairs)
        // re-run re-1 on folder a only: its rows replaced, re-2's kept
        AuditJobAccess.run(spark, config("run_id=re-1", "input.reconstructions=recon/a", "input.originals=orig/a"));
        assertEquals(1, count("dash.runs WHERE run_id = 're-1'"));
        assertEquals(2L, query("SELECT pairs_in FROM dash.runs WHERE run_id = 're-1'").get(0).get("pairs_in"));
        assertEquals(3, count("dash.summary WHERE run_id = 're-1'"));
        assertEquals(1, count("dash.runs WHERE run_id = 're-2'"));
        assertEquals(summaryRows, count("dash.summary WHERE run_id = 're-2'"));
    }

    @Test
    void aFailedCopyChangesNothing() throws Exception {
        AuditJobAccess.run(spark, config("run_id=tx-1"));
        long runsBefore = count("dash.runs");
        try (Connection c = PG.connect(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE dash.summary ADD CONSTRAINT no_tx CHECK (run_id NOT LIKE 'tx-%') NOT VALID");
        }
        try {
            // runs is copied first, then summary fails: runs must not keep the new row
            assertThrows(IllegalStateException.class, () -> AuditJobAccess.run(spark, config("run_id=tx-2")));
            assertEquals(runsBefore, count("dash.runs"));
            assertEquals(0, count("dash.runs WHERE run_id = 'tx-2'"));
            // tx-1's rows survive the failed re-run (its DELETE was rolled back)
            assertThrows(IllegalStateException.class, () -> AuditJobAccess.run(spark, config("run_id=tx-1")));
            assertEquals(1, count("dash.runs WHERE run_id = 'tx-1'"));
        } finally {
            try (Connection c = PG.connect(); Statement st = c.createStatement()) {
                st.execute("ALTER TABLE dash.summary DROP CONSTRAINT no_tx");
            }
        }
    }

    @Test
    void passwordsStayOutOfMessages() throws Exception {
        String wrong = "Wrong-Password-4711";
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AuditJobAccess.run(spark, config(Map.of(PASSWORD_ENV, wrong), "run_id=pw-1")));
        assertFalse(e.toString().contains(wrong), e.toString());
        assertTrue(e.getMessage().contains("password authentication failed"), e.getMessage());

        String inUrl = PG.url() + "?password=" + wrong;
        e = assertThrows(IllegalStateException.class, () -> AuditJobAccess.run(spark, config(Map.of(),
                "run_id=pw-2", "output.jdbc.password_env=null", "output.jdbc.url=" + inUrl)));
        assertFalse(e.toString().contains(wrong), e.toString());
        assertTrue(e.getMessage().contains("password=***"), e.getMessage());
        assertEquals(0, count("dash.runs WHERE run_id LIKE 'pw-%'"));

        ConfigException unset = assertThrows(ConfigException.class, () -> config(Map.of(), "run_id=pw-3"));
        assertEquals(List.of("output.jdbc.password_env: the environment variable " + PASSWORD_ENV
                + " is not set (it must hold the database password)"), unset.errors());
    }
}
