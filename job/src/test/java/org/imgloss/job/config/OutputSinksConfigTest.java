package org.imgloss.job.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code output.catalog} and {@code output.jdbc}: defaults, every mistake before Spark starts, no secret kept. */
class OutputSinksConfigTest {

    private static final String SECRET = "s3cr3t-Pa55";
    private static final Map<String, String> ENV = Map.of("PG_PASSWORD", SECRET);

    @TempDir
    Path dir;
    private ConfigLoader loader;

    @BeforeEach
    void folders() throws IOException {
        Files.createDirectories(dir.resolve("recon"));
        Files.createDirectories(dir.resolve("orig"));
        loader = new ConfigLoader(dir, Instant.parse("2026-11-23T02:30:05Z"), ENV::get);
    }

    private static String config(String output) {
        return """
                name: sample
                input: {type: directories, reconstructions: recon, originals: orig}
                metrics: [psnr]
                output:
                """ + output.indent(2);
    }

    private List<String> errors(String yaml, String... overrides) {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(yaml, List.of(overrides)));
        return e.errors();
    }

    @Test
    void sinksAreOffByDefault() throws ConfigException {
        AuditConfig c = loader.parse(config("path: out"), List.of());
        assertNull(c.output().catalog());
        assertNull(c.output().jdbc());
    }

    @Test
    void catalogDatabase() throws ConfigException {
        AuditConfig c = loader.parse(config("path: out\ncatalog: {database: audits}"), List.of());
        assertEquals("audits", c.output().catalog().database());
        assertEquals("`audits`.`scores`", c.output().catalog().quotedTable("scores"));
        assertEquals("`main`.`audits`", loader.parse(config("path: out"), List.of("output.catalog.database=main.audits"))
                .output().catalog().quotedDatabase());
        assertEquals(List.of("output.catalog.database: must be a name of letters, digits and '_' (or catalog.name),"
                + " got 'my-db'"), errors(config("path: out\ncatalog: {database: my-db}")));
        assertEquals(List.of("output.catalog.database: required: the database of the scores, summary and runs tables"
                + " in Spark's catalog"), errors(config("path: out\ncatalog: {}")));
        assertEquals(List.of("output.catalog.db: unknown key (known: database)"),
                errors(config("path: out\ncatalog: {database: a, db: b}")));
    }

    @Test
    void jdbcWithPasswordFromTheEnvironment() throws ConfigException {
        AuditConfig c = loader.parse(config("""
                path: out
                jdbc:
                  url: jdbc:postgresql://127.0.0.1:5432/dash
                  user: grafana
                  password_env: PG_PASSWORD
                  schema: imgloss
                """), List.of());
        JdbcConfig j = c.output().jdbc();
        assertEquals("jdbc:postgresql://127.0.0.1:5432/dash", j.url());
        assertEquals("grafana", j.user());
        assertEquals("imgloss", j.schema());
        assertEquals(List.of("runs", "summary", "checks"), j.tables());
        assertEquals(SECRET, j.password().reveal());
        assertFalse(j.toString().contains(SECRET), j.toString());
        assertFalse(c.toString().contains(SECRET));
        assertFalse(c.yaml().contains(SECRET), c.yaml());
        assertTrue(c.yaml().contains("password_env: PG_PASSWORD"), c.yaml());
    }

    @Test
    void jdbcMistakesAreReportedBeforeSparkStarts() {
        List<String> e = errors(config("""
                path: out
                jdbc:
                  url: postgresql://h/db?password=hunter2
                  password_env: MISSING_VAR
                  tables: [runs, scores]
                """));
        assertEquals(List.of("output.jdbc.url: must start with 'jdbc:', got 'postgresql://h/db?password=***'",
                "output.jdbc.password_env: the environment variable MISSING_VAR is not set (it must hold the"
                        + " database password)",
                "output.jdbc.tables[1]: must be one of runs, summary, checks, regressions, got 'scores'"), e);
        assertEquals(List.of("output.jdbc.url: required: the JDBC URL of the database, e.g."
                + " jdbc:postgresql://host:5432/dashboards"), errors(config("path: out\njdbc: {tables: runs}")));
        // a password written where the variable's name belongs is not echoed
        List<String> pasted = errors(config("path: out\njdbc: {url: 'jdbc:x:y', password_env: 'p@ss word!'}"));
        assertEquals(1, pasted.size());
        assertFalse(pasted.get(0).contains("p@ss"), pasted.get(0));
        assertEquals(List.of("output.jdbc.password: unknown key (known: url, user, password_env, schema, tables)"),
                errors(config("path: out\njdbc: {url: 'jdbc:x:y', password: " + SECRET + "}")));
        assertEquals(List.of("output.jdbc.tables: must name at least one of runs, summary, checks, regressions"),
                errors(config("path: out\njdbc: {url: 'jdbc:x:y', tables: []}")));
    }

    @Test
    void urlPasswordsAreMaskedInTheStoredConfig() throws ConfigException {
        AuditConfig c = loader.parse(config("path: out\njdbc: {url: 'jdbc:postgresql://h/db?user=u&password=hunter2&ssl=true'}"),
                List.of());
        assertFalse(c.yaml().contains("hunter2"), c.yaml());
        assertTrue(c.yaml().contains("password=***&ssl=true"), c.yaml());
        assertEquals("jdbc:mysql://u:***@host/db", JdbcConfig.maskUrl("jdbc:mysql://u:pw@host/db"));
        assertEquals("jdbc:postgresql://host:5432/db", JdbcConfig.maskUrl("jdbc:postgresql://host:5432/db"));
        assertEquals("jdbc:sqlserver://h;user=u;password=***", JdbcConfig.maskUrl("jdbc:sqlserver://h;user=u;password=x"));
    }
}
