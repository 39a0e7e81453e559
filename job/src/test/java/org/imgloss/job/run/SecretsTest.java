package org.imgloss.job.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.imgloss.job.TestImages;
import org.imgloss.job.TestSpark;
import org.imgloss.job.cli.CliRun;
import org.imgloss.job.config.Secrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No credential of the config, of a {@code --set} override or of a path's user-info reaches any byte a run
 * writes (tables, Delta logs, checksums) nor what the CLI prints.
 */
class SecretsTest {

    /** One marker per kind of credential. */
    static final List<String> MARKERS = List.of("MARKER_AZURE_KEY_7f3a", "MARKER_AZURE_SAS_81bc",
            "MARKER_GCS_PRIVATE_KEY_2d9e", "MARKER_S3A_ENC_KEY_4a1f", "MARKER_S3A_SSE_KEY_c07b",
            "MARKER_EXECENV_CREDS_5e62", "MARKER_ADL_CREDENTIAL_93d0", "MARKER_S3A_SECRET_0aa1",
            "MARKER_REGEX_APIAUTH_77e4", "MARKER_SET_OVERRIDE_e5d2", "MARKER_USERINFO_ROW_b3c8",
            "MARKER_USERINFO_PATH_f19a");

    @TempDir
    Path dir;

    @Test
    void noCredentialReachesWhatARunWritesOrPrints() throws IOException {
        TestSpark.session();
        int[] a = TestImages.base(1);
        TestImages.write(dir.resolve("recon/a.png"), TestImages.png(TestImages.noisy(a, 5, 1)));
        TestImages.write(dir.resolve("orig/a.png"), TestImages.png(a));
        TestImages.write(dir.resolve("manifest.csv"), String.join("\n", "key,reconstruction,original",
                "a,recon/a.png,orig/a.png",
                "b,file://someone:MARKER_USERINFO_ROW_b3c8@/nonexistent/b.png,"
                        + "file://someone:MARKER_USERINFO_ROW_b3c8@/nonexistent/b0.png", "")
                .getBytes(StandardCharsets.UTF_8));
        Path config = Files.writeString(dir.resolve("audit.yaml"), """
                name: secrets
                input: {type: manifest, path: manifest.csv}
                metrics: [mse, psnr]
                output: {path: out}
                spark:
                  conf:
                    spark.redaction.regex: "(?i)apiauth"
                    spark.hadoop.fs.azure.account.key.acct.blob.core.windows.net: MARKER_AZURE_KEY_7f3a
                    spark.hadoop.fs.azure.sas.cont.acct.blob.core.windows.net: MARKER_AZURE_SAS_81bc
                    spark.hadoop.fs.gs.auth.service.account.private.key: MARKER_GCS_PRIVATE_KEY_2d9e
                    spark.hadoop.fs.s3a.encryption.key: MARKER_S3A_ENC_KEY_4a1f
                    spark.hadoop.fs.s3a.server-side-encryption.key: MARKER_S3A_SSE_KEY_c07b
                    spark.executorEnv.DB_CREDENTIALS: MARKER_EXECENV_CREDS_5e62
                    spark.hadoop.fs.adl.oauth2.credential: MARKER_ADL_CREDENTIAL_93d0
                    spark.hadoop.fs.myvendor.apiauth: MARKER_REGEX_APIAUTH_77e4
                """);
        StringBuilder printed = new StringBuilder();
        for (String format : List.of("delta", "parquet", "csv", "json")) {
            CliRun r = CliRun.of("run", config.toString(), "--base-dir", dir.toString(), "--progress-seconds", "0",
                    "--set", "output.format=" + format, "--set", "output.path=out/" + format,
                    "--set", "spark.conf.spark.hadoop.fs.s3a.secret.key=MARKER_SET_OVERRIDE_e5d2",
                    "--set", "run_id=r_" + format);
            assertEquals(0, r.exitCode(), r.err());
            printed.append(r.out()).append(r.err());
        }
        CliRun v = CliRun.of("validate", config.toString(), "--base-dir", dir.toString(),
                "--set", "spark.conf.spark.hadoop.fs.s3a.secret.key=MARKER_SET_OVERRIDE_e5d2");
        assertEquals(0, v.exitCode(), v.err());
        printed.append(v.out()).append(v.err());
        String userInfoPath = "file://someone:MARKER_USERINFO_PATH_f19a@/nonexistent/manifest.csv";
        for (String command : List.of("validate", "run")) {
            CliRun bad = CliRun.of(command, config.toString(), "--base-dir", dir.toString(), "--progress-seconds",
                    "0", "--set", "input.path=" + userInfoPath, "--set", "output.path=out/bad");
            assertNotEquals(0, bad.exitCode(), bad.out() + bad.err());
            assertTrue((bad.out() + bad.err()).contains("file://***@/nonexistent/manifest.csv")
                    || command.equals("validate") && bad.exitCode() != 0, bad.out() + bad.err());
            printed.append(bad.out()).append(bad.err());
        }

        List<String> found = new ArrayList<>();
        for (String m : MARKERS) {
            if (printed.toString().contains(m)) {
                found.add(m + " in the CLI's output");
            }
        }
        byte[][] markers = MARKERS.stream().map(m -> m.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir.resolve("out"))) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.size() > 20, files.toString());
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            for (int i = 0; i < markers.length; i++) {
                if (indexOf(bytes, markers[i]) >= 0) {
                    found.add(MARKERS.get(i) + " in " + dir.relativize(f));
                }
            }
        }
        assertTrue(found.isEmpty(), String.join("\n", found) + "\n---\n" + printed);
        // the runs were real: the bad pair failed with its path masked, and the redaction is visible
        assertTrue(printed.toString().contains("2 pairs, 1 scored, 1 failed"), printed.toString());
        assertFalse(printed.toString().contains("MARKER_"), printed.toString());
    }

    @Test
    void theRuleMatchesKeySegments() throws IOException {
        for (String key : List.of("spark.hadoop.fs.azure.account.key.acct.blob.core.windows.net",
                "spark.hadoop.fs.azure.sas.cont.acct.blob.core.windows.net",
                "spark.hadoop.fs.gs.auth.service.account.private.key", "spark.hadoop.fs.s3a.encryption.key",
                "spark.hadoop.fs.s3a.server-side-encryption.key", "spark.executorEnv.DB_CREDENTIALS",
                "spark.hadoop.fs.adl.oauth2.credential", "spark.hadoop.fs.s3a.secret.key",
                "spark.hadoop.fs.s3a.session.token", "spark.ssl.keyStorePassword", "spark.ssl.keyPassword",
                "spark.hadoop.javax.jdo.option.ConnectionPassword", "spark.hadoop.fs.s3a.access.key",
                "spark.hadoop.fs.s3a.bucket.b.secret.key", "spark.x.PASSPHRASE", "spark.x.passwd",
                "spark.x.api_token")) {
            assertTrue(Secrets.isSecretKey(key), key);
        }
        for (String key : List.of("max_pixels", "keyColumn", "spark.sql.shuffle.partitions",
                "spark.hadoop.fs.s3a.endpoint", "spark.sql.keyColumnBoost",
                "spark.hadoop.fs.s3a.path.style.access")) {
            assertFalse(Secrets.isSecretKey(key), key);
        }
        assertTrue(Secrets.isSecretKey("spark.hadoop.fs.myvendor.apiauth", "(?i)apiauth"));
        assertFalse(Secrets.isSecretKey("spark.hadoop.fs.myvendor.apiauth"));
        java.util.regex.Pattern spark = java.util.regex.Pattern.compile(Secrets.sparkRedactionRegex("(?i)apiauth"));
        assertTrue(spark.matcher("spark.hadoop.fs.azure.sas.c.a.blob.core.windows.net").find());
        assertTrue(spark.matcher("spark.executorEnv.DB_CREDENTIALS").find());
        assertTrue(spark.matcher("spark.hadoop.fs.myvendor.apiauth").find());
        assertFalse(spark.matcher("spark.sql.keyColumnBoost").find());
        // imgloss's own keys are not free-form settings: only spark.conf (and URL parameters) are candidates
        ObjectNode tree = (ObjectNode) new ObjectMapper().readTree("""
                {"input": {"type": "manifest", "path": "s3a://A:S@b/m.csv", "key_column": "id"},
                 "spark": {"conf": {"spark.hadoop.fs.s3a.access.key": "AK", "spark.sql.shuffle.partitions": "4"}},
                 "output": {"jdbc": {"url": "jdbc:postgresql://h/db?user=u&sslpassword=SP&api_token=T&sslkey=/k&ssl=true"}}}
                """);
        ObjectNode redacted = Secrets.redact(tree);
        assertEquals("id", redacted.path("input").path("key_column").asText());
        assertEquals("s3a://***@b/m.csv", redacted.path("input").path("path").asText());
        assertEquals(Secrets.REDACTED, redacted.path("spark").path("conf").path("spark.hadoop.fs.s3a.access.key").asText());
        assertEquals("4", redacted.path("spark").path("conf").path("spark.sql.shuffle.partitions").asText());
        assertEquals("jdbc:postgresql://h/db?user=u&sslpassword=***&api_token=***&sslkey=/k&ssl=true",
                redacted.path("output").path("jdbc").path("url").asText());
        assertEquals("s3a://A:S@b/m.csv", tree.path("input").path("path").asText()); // a copy
        assertEquals("s3a://***@bucket/manifest.csv", Secrets.maskUserInfo("s3a://ACCESS:SECRET@bucket/manifest.csv"));
        assertEquals("cannot read 's3a://***@b/x.csv' or 'hdfs://***@nn:8020/y'",
                Secrets.maskUserInfo("cannot read 's3a://A:S@b/x.csv' or 'hdfs://u@nn:8020/y'"));
        assertEquals("s3a://bucket/a@b.png", Secrets.maskUserInfo("s3a://bucket/a@b.png"));
        assertEquals("/local/a@b.png", Secrets.maskUserInfo("/local/a@b.png"));
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
