package org.imgloss.job.it;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.TestSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit job on a real HDFS: an in-process {@link MiniDFSCluster} (one NameNode, one DataNode,
 * on 127.0.0.1) holds the pairs; {@code imgloss run} reads them through {@code hdfs://} URIs and
 * writes its tables to HDFS (directories input) or to a local folder (manifest input), and the
 * scores equal scoring the same bytes locally.
 */
class HdfsRunIT {

    @TempDir
    static Path dir;
    static MiniDFSCluster cluster;
    static SparkSession spark;
    static String hdfs;
    static final RemotePairs PAIRS = new RemotePairs();

    @BeforeAll
    static void setUp() throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
        conf.set("dfs.namenode.rpc-address", "127.0.0.1:0");
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        conf.setInt("dfs.heartbeat.interval", 1);
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).storagesPerDatanode(1).build();
        cluster.waitActive();
        hdfs = "hdfs://127.0.0.1:" + cluster.getNameNodePort();
        // a client of its own, not the JVM-wide cached one that the job will build from its config
        try (FileSystem fs = FileSystem.newInstance(URI.create(hdfs + "/"), conf)) {
            PAIRS.upload(fs, hdfs + "/data");
            PAIRS.uploadManifest(fs, hdfs + "/data");
        }
        spark = TestSpark.session();
    }

    @AfterAll
    static void tearDown() throws IOException {
        try {
            // cached hdfs://127.0.0.1:<port> clients would outlive the cluster in this JVM
            FileSystem.closeAll();
        } finally {
            if (cluster != null) {
                cluster.shutdown(true);
            }
        }
    }

    @Test
    void directoriesOnHdfsWithTablesWrittenToHdfs() throws IOException {
        String out = hdfs + "/audits/remote";
        Path config = RemotePairs.writeConfig(dir, "hdfs.yaml", """
                name: hdfs-audit
                run_id: hdfs-1
                spark:
                  master: "local[2]"
                  conf:
                    # test speed only: a busy one-DataNode cluster acknowledges blocks late, and the
                    # client's first wait before asking again whether a written file is complete is 400 ms
                    spark.hadoop.dfs.client.block.write.locateFollowingBlock.initial.delay.ms: 50
                input:
                  type: directories
                  reconstructions: %1$s/data/recon
                  originals: %1$s/data/orig
                  group_by: [folder]
                metrics: [psnr, mse, mae]
                output: {path: %2$s, format: parquet}
                """.formatted(hdfs, out));
        RemotePairs.Cli run = RemotePairs.run(config);
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.out().contains(out + "/scores"), run.describe());

        List<Row> scores = spark.read().parquet(out + "/scores").where(col("run_id").equalTo("hdfs-1"))
                .collectAsList();
        PAIRS.assertScores(scores, hdfs + "/data/");
        for (Row r : scores) {
            assertEquals("hdfs-audit", r.getAs("name"));
        }

        List<Row> pairs = spark.read().parquet(out + "/summary")
                .where(col("run_id").equalTo("hdfs-1").and(col("metric").equalTo("_pairs"))).collectAsList();
        long in = 0;
        for (Row r : pairs) {
            in += (long) r.getAs("pairs");
        }
        assertEquals(PAIRS.size(), in, pairs.toString());

        Row runs = spark.read().parquet(out + "/runs").where(col("run_id").equalTo("hdfs-1")).first();
        assertEquals(PAIRS.size(), (long) runs.getAs("pairs_in"));
        assertEquals(3L, (long) runs.getAs("pairs_failed"));
        assertTrue(((String) runs.getAs("input_location")).contains(hdfs + "/data/recon"), runs.toString());
    }

    @Test
    void manifestOnHdfsWithRelativePathsAndLocalTables() throws IOException {
        Path out = dir.resolve("local-out");
        Path config = RemotePairs.writeConfig(dir, "hdfs-manifest.yaml", """
                name: hdfs-manifest
                run_id: manifest-1
                spark: {master: "local[2]"}
                input:
                  type: manifest
                  path: %s/data/manifest.csv
                  group_by: [model]
                metrics: [psnr, mse, mae]
                output: {path: %s, format: csv}
                """.formatted(hdfs, out.toUri()));
        // the config itself read from HDFS, as a driver in cluster deploy mode reads it
        String onHdfs = hdfs + "/conf/hdfs-manifest.yaml";
        try (FileSystem fs = FileSystem.newInstance(URI.create(hdfs + "/"), new Configuration())) {
            RemotePairs.write(fs, onHdfs, Files.readAllBytes(config));
        }
        RemotePairs.Cli run = RemotePairs.run(onHdfs);
        assertEquals(0, run.exitCode(), run.describe());

        List<Row> scores = spark.read().option("header", "true").csv(out.resolve("scores").toString()).where(col("run_id").equalTo("manifest-1"))
                .selectExpr("key", "reconstruction_path", "original_path", "model",
                        "cast(width as int) width", "cast(height as int) height", "cast(channels as int) channels",
                        "cast(psnr as double) psnr", "cast(mse as double) mse", "cast(mae as double) mae",
                        "error_code", "error_message", "name")
                .collectAsList();
        PAIRS.assertScores(scores, hdfs + "/data/");
        for (Row r : scores) {
            String key = r.getAs("key");
            assertEquals(key.startsWith("a/") ? "unet" : "vae", r.getAs("model"), r.toString());
        }
    }
}
