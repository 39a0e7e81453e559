package org.imgloss.job.it;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.imgloss.job.TestSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit job on S3: an in-process S3-compatible server (s3proxy with a file system blob store,
 * on 127.0.0.1, AWS v2/v4 signatures) holds the pairs; {@code imgloss run} reads them through
 * {@code s3a://} URIs (hadoop-aws with the AWS SDK v2 modules) and writes its tables back to S3.
 * The s3a endpoint, path-style access and credentials come only from the config's
 * {@code spark.conf} ({@code spark.hadoop.fs.s3a.*}), as a user would set them.
 */
class S3RunIT {

    static final String ACCESS_KEY = "imgloss-test-ak";
    static final String SECRET_KEY = "imgloss-test-sk";
    static final String BUCKET = "imgloss";
    /** A bucket the runs are given a wrong secret for (per-bucket s3a settings). */
    static final String LOCKED_BUCKET = "imgloss-locked";

    @TempDir
    static Path dir;
    static S3Proxy proxy;
    static SparkSession spark;
    static String endpoint;
    static final RemotePairs PAIRS = new RemotePairs();

    @BeforeAll
    static void setUp() throws Exception {
        Path blobs = Files.createDirectories(dir.resolve("blobs"));
        BlobStore store = new FilesystemNio2BlobStore(blobs.toString());
        proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        store.createContainer(BUCKET);
        store.createContainer(LOCKED_BUCKET);
        endpoint = "http://127.0.0.1:" + proxy.getPort();

        // upload with a client of its own (not the JVM-wide FileSystem cache), so that the job's
        // s3a client is built from the run's config alone
        Configuration conf = new Configuration();
        for (Map.Entry<String, String> e : s3aSettings().entrySet()) {
            conf.set(e.getKey().substring("spark.hadoop.".length()), e.getValue());
        }
        try (FileSystem fs = FileSystem.newInstance(URI.create("s3a://" + BUCKET + "/"), conf)) {
            PAIRS.upload(fs, "s3a://" + BUCKET + "/data");
            PAIRS.uploadManifest(fs, "s3a://" + BUCKET + "/data");
        }
        spark = TestSpark.session();
    }

    @AfterAll
    static void tearDown() throws Exception {
        try {
            FileSystem.closeAll();
        } finally {
            if (proxy != null) {
                proxy.stop();
            }
        }
    }

    /** The s3a settings for the endpoint, as spark.conf keys. */
    static Map<String, String> s3aSettings() {
        return Map.of(
                "spark.hadoop.fs.s3a.endpoint", endpoint,
                "spark.hadoop.fs.s3a.endpoint.region", "us-east-1",
                "spark.hadoop.fs.s3a.path.style.access", "true",
                "spark.hadoop.fs.s3a.connection.ssl.enabled", "false",
                "spark.hadoop.fs.s3a.access.key", ACCESS_KEY,
                "spark.hadoop.fs.s3a.secret.key", SECRET_KEY,
                "spark.hadoop.fs.s3a.aws.credentials.provider",
                "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    }

    static String sparkConfYaml() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : s3aSettings().entrySet()) {
            b.append("    ").append(e.getKey()).append(": \"").append(e.getValue()).append("\"\n");
        }
        return b.toString();
    }

    @Test
    void directoriesOnS3WithTablesWrittenToS3() throws IOException {
        String out = "s3a://" + BUCKET + "/audits/remote";
        Path config = RemotePairs.writeConfig(dir, "s3.yaml", """
                name: s3-audit
                run_id: s3-1
                spark:
                  master: "local[2]"
                  conf:
                %s\
                input:
                  type: directories
                  reconstructions: s3a://%s/data/recon
                  originals: s3a://%s/data/orig
                  group_by: [folder]
                metrics: [psnr, mse, mae]
                output: {path: %s, format: parquet}
                """.formatted(sparkConfYaml(), BUCKET, BUCKET, out));
        RemotePairs.Cli run = RemotePairs.run(config);
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.out().contains(out + "/scores"), run.describe());

        List<Row> scores = spark.read().parquet(out + "/scores").where(col("run_id").equalTo("s3-1"))
                .collectAsList();
        PAIRS.assertScores(scores, "s3a://" + BUCKET + "/data/");

        Row runs = spark.read().parquet(out + "/runs").where(col("run_id").equalTo("s3-1")).first();
        assertEquals(PAIRS.size(), (long) runs.getAs("pairs_in"));
        assertEquals(3L, (long) runs.getAs("pairs_failed"));
        // the secret is in spark.conf: it must not be copied into the runs table
        String yaml = runs.getAs("config_yaml");
        assertFalse(yaml.contains(SECRET_KEY), yaml);
    }

    @Test
    void missingFolderIsAConfigErrorAndRefusedAccessAFailedRun() throws IOException {
        Path missing = RemotePairs.writeConfig(dir, "s3-missing.yaml", """
                name: s3-missing
                spark:
                  master: "local[2]"
                  conf:
                %s\
                input:
                  type: directories
                  reconstructions: s3a://%s/no/such/recon
                  originals: s3a://%s/data/orig
                metrics: [psnr]
                output: {path: %s}
                """.formatted(sparkConfYaml(), BUCKET, BUCKET, dir.resolve("missing-out").toUri()));
        RemotePairs.Cli run = RemotePairs.run(missing);
        assertEquals(2, run.exitCode(), run.describe());
        assertTrue(run.err().contains("input.reconstructions: cannot read 's3a://" + BUCKET + "/no/such/recon'"),
                run.describe());
        assertFalse(Files.exists(dir.resolve("missing-out")), run.describe());

        Path locked = RemotePairs.writeConfig(dir, "s3-locked.yaml", """
                name: s3-locked
                spark:
                  master: "local[2]"
                  conf:
                %s\
                    spark.hadoop.fs.s3a.bucket.%s.secret.key: not-the-secret
                    spark.hadoop.fs.s3a.bucket.%s.retry.limit: 1
                input:
                  type: directories
                  reconstructions: s3a://%s/recon
                  originals: s3a://%s/orig
                metrics: [psnr]
                output: {path: %s}
                """.formatted(sparkConfYaml(), LOCKED_BUCKET, LOCKED_BUCKET, LOCKED_BUCKET, LOCKED_BUCKET,
                dir.resolve("locked-out").toUri()));
        run = RemotePairs.run(locked);
        assertEquals(1, run.exitCode(), run.describe());
        assertTrue(run.err().contains("s3a://" + LOCKED_BUCKET + "/recon"), run.describe());
        assertFalse(run.err().contains("not-the-secret"), run.describe());
    }

    @Test
    void manifestOnS3WithRelativePaths() throws IOException {
        Path out = dir.resolve("local-out");
        Path config = RemotePairs.writeConfig(dir, "s3-manifest.yaml", """
                name: s3-manifest
                run_id: manifest-1
                spark:
                  master: "local[2]"
                  conf:
                %s\
                input:
                  type: manifest
                  path: s3a://%s/data/manifest.csv
                  group_by: [model]
                metrics: [psnr, mse, mae]
                output: {path: %s, format: parquet}
                """.formatted(sparkConfYaml(), BUCKET, out.toUri()));
        RemotePairs.Cli run = RemotePairs.run(config);
        assertEquals(0, run.exitCode(), run.describe());

        List<Row> scores = spark.read().parquet(out.resolve("scores").toString())
                .where(col("run_id").equalTo("manifest-1")).collectAsList();
        PAIRS.assertScores(scores, "s3a://" + BUCKET + "/data/");
        for (Row r : scores) {
            String key = r.getAs("key");
            assertEquals(key.startsWith("a/") ? "unet" : "vae", r.getAs("model"), r.toString());
        }
    }
}
