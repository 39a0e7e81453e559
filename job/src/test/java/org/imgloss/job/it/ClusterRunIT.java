package org.imgloss.job.it;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.TestSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application jar on a real Spark standalone cluster: a Master and one Worker (2 cores), each
 * in its own JVM on 127.0.0.1, started from Spark's jars as Maven resolved them (a stand-in
 * SPARK_HOME whose {@code jars/} links to them), and {@code spark-submit --class
 * org.imgloss.job.Main imgloss-job-VERSION.jar run CONFIG} in client mode against
 * {@code spark://127.0.0.1:PORT}. The executors fetch the application jar from the driver, so this
 * checks the thin jar itself (its classes, bundled libraries and service files), not the test
 * classpath.
 *
 * <p>An integration test (failsafe, job/pom.xml): runs in Maven's {@code integration-test} phase,
 * after {@code package} has built the jar. Every JVM it starts is stopped by its own process id,
 * with the executors the Worker started.
 */
class ClusterRunIT {

    @TempDir
    static Path dir;
    static final List<Process> PROCESSES = new ArrayList<>();
    static final RemotePairs PAIRS = new RemotePairs();
    static Path sparkHome;
    static Path appJar;
    static String master;
    static SparkSession spark;

    /** Spark's own module flags (JavaModuleOptions, 4.2), as spark-submit and the Worker add them. */
    static final List<String> OPENS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true", "-Djava.awt.headless=true");

    @BeforeAll
    static void setUp() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Path classpath = target.resolve("classpath-spark.txt");
        try (Stream<Path> files = Files.list(target)) {
            appJar = files.filter(p -> p.getFileName().toString().matches("imgloss-job-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElse(null);
        }
        assertTrue(appJar != null && Files.exists(classpath), "ClusterRunIT needs the application jar and "
                + classpath + ": it runs in the integration-test phase (mvn verify, failsafe), after package");

        // a stand-in SPARK_HOME; under target/, as its links point outside (JUnit warns when it
        // deletes such links in a temporary folder)
        sparkHome = target.resolve("cluster-test/spark-home");
        deleteTree(sparkHome);
        Files.createDirectories(sparkHome);
        Path jars = Files.createDirectories(sparkHome.resolve("jars"));
        for (String entry : Files.readString(classpath).trim().split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry);
            Path link = jars.resolve(jar.getFileName());
            if (entry.endsWith(".jar") && !Files.exists(link)) {
                Files.createSymbolicLink(link, jar);
            }
        }
        Path conf = Files.createDirectories(sparkHome.resolve("conf"));
        Files.writeString(conf.resolve("log4j2.properties"), """
                rootLogger.level = warn
                rootLogger.appenderRef.stdout.ref = console
                appender.console.type = Console
                appender.console.name = console
                appender.console.target = SYSTEM_ERR
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n%ex
                logger.nativecode.name = org.apache.hadoop.util.NativeCodeLoader
                logger.nativecode.level = error
                logger.master.name = org.apache.spark.deploy.master.Master
                logger.master.level = info
                logger.worker.name = org.apache.spark.deploy.worker.Worker
                logger.worker.level = info
                """);

        int masterPort = freePort();
        master = "spark://127.0.0.1:" + masterPort;
        Process m = start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(freePort()));
        awaitLog(m, "master", "I have been elected leader", 120);
        Process w = start("worker", "org.apache.spark.deploy.worker.Worker", master, "--host", "127.0.0.1",
                "--webui-port", String.valueOf(freePort()), "--cores", "2", "--memory", "1g",
                "--work-dir", Files.createDirectories(dir.resolve("work")).toString());
        awaitLog(w, "worker", "Successfully registered with master", 120);

        // the pairs, on the local file system that the driver and the executors share
        try (FileSystem fs = FileSystem.newInstance(dir.toUri(), new Configuration())) {
            PAIRS.upload(fs, dir.resolve("data").toUri().toString());
        }
    }

    @AfterAll
    static void tearDown() throws InterruptedException {
        for (int i = PROCESSES.size() - 1; i >= 0; i--) {
            stop(PROCESSES.get(i));
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void sparkSubmitOfTheApplicationJarOnAStandaloneCluster() throws Exception {
        Path out = dir.resolve("out");
        Path config = RemotePairs.writeConfig(dir, "cluster.yaml", """
                name: cluster-audit
                run_id: cluster-1
                spark:
                  master: "local[1]"     # ignored under spark-submit
                  conf:
                    spark.sql.shuffle.partitions: 2
                input:
                  type: directories
                  reconstructions: %s
                  originals: %s
                metrics: [psnr, mse, mae]
                output: {path: %s, format: parquet}
                """.formatted(dir.resolve("data/recon").toUri(), dir.resolve("data/orig").toUri(), out.toUri()));
        List<String> submit = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit",
                "--master", master, "--deploy-mode", "client",
                "--class", "org.imgloss.job.Main",
                "--executor-memory", "512m", "--total-executor-cores", "2",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.ui.enabled=false",
                appJar.toString(), "run", config.toString(), "--progress-seconds", "0"));
        Process driver = start("driver", submit.toArray(new String[0]));
        boolean finished = driver.waitFor(6, TimeUnit.MINUTES);
        String log = Files.readString(dir.resolve("driver.log"), StandardCharsets.UTF_8);
        assertTrue(finished, "spark-submit did not finish in time:\n" + tail(log));
        assertEquals(0, driver.exitValue(), tail(log));
        assertTrue(log.contains("run cluster-1: " + PAIRS.size() + " pairs, 4 scored, 3 failed"), tail(log));
        assertTrue(Files.readString(dir.resolve("worker.log")).contains("Asked to launch executor"),
                "the work ran on the cluster's executors");

        spark = TestSpark.session();
        List<Row> scores = spark.read().parquet(out.resolve("scores").toString())
                .where(col("run_id").equalTo("cluster-1")).collectAsList();
        PAIRS.assertScores(scores, "file:" + dir.resolve("data"));
    }

    // ------------------------------------------------------------------ processes

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts a JVM on Spark's jars, output to {@code <name>.log}; remembers it for tear-down. */
    static Process start(String name, String... mainAndArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(OPENS);
        cmd.add("-Xmx512m");
        cmd.add("-Dlog4j2.configurationFile=" + sparkHome.resolve("conf/log4j2.properties").toUri());
        cmd.add("-cp");
        cmd.add(sparkHome.resolve("conf") + java.io.File.pathSeparator + sparkHome.resolve("jars") + "/*");
        cmd.addAll(List.of(mainAndArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        PROCESSES.add(p);
        return p;
    }

    static void awaitLog(Process p, String name, String line, int seconds) throws IOException, InterruptedException {
        Path log = dir.resolve(name + ".log");
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited with " + p.exitValue() + ":\n"
                        + tail(Files.readString(log)));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not log '" + line + "' within " + seconds + " s:\n"
                + tail(Files.readString(log)));
    }

    /** Stops a JVM and every process it started (the Worker's executors), by process id. */
    static void stop(Process p) throws InterruptedException {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle c : children) {
            if (c.isAlive()) {
                c.destroy();
                try {
                    c.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    c.destroyForcibly();
                }
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static String tail(String log) {
        return log.length() <= 6000 ? log : "...\n" + log.substring(log.length() - 6000);
    }
}
