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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.TestImages;
import org.imgloss.job.TestSpark;
import org.imgloss.job.VisibleHistory;
import org.imgloss.job.config.OutputConfig;
import org.imgloss.job.config.OutputFormat;
import org.imgloss.job.output.History;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application jar on a real Spark standalone cluster, and what faults do to a run there: a Master
 * and two Workers (2 cores each), each in its own JVM on 127.0.0.1, started once from Spark's jars as
 * Maven resolved them (a stand-in SPARK_HOME whose {@code jars/} links to them, Delta Lake included),
 * and {@code spark-submit --class org.imgloss.job.Main imgloss-job-VERSION.jar run CONFIG} against
 * {@code spark://127.0.0.1:PORT}. The executors fetch the application jar from the driver, so this
 * checks the thin jar itself (its classes, bundled libraries and service files), not the test
 * classpath. One dataset of 407 pairs (400 grey ramps of {@link #SIDE}² pixels, a few kilobytes each, and
 * {@link RemotePairs}), one Delta history, in one test, in this order:
 * <ol>
 *   <li>local mode, in this JVM, run {@code ref}: the undisturbed reference;</li>
 *   <li>client mode, run {@code kill}: one executor JVM that is running a task killed (SIGKILL, by its process
 *       id) once a third of the pairs are scored; the run exits 0 with one scores row per pair, scores bit-identical to
 *       {@code ref}'s, the summary of {@code ref}, its retries in {@code runs}, and no progress line above
 *       100%;</li>
 *   <li>client mode, a re-run of {@code ref} whose driver is killed (SIGKILL) while it scores: the
 *       history reads as before;</li>
 *   <li>cluster deploy mode, a re-run of {@code ref} with the config read from a {@code file:} URI (a
 *       Hadoop path): it replaces {@code ref} with bit-identical scores (local mode and the cluster, a run
 *       and its re-run), and the thin jar's scores equal scoring the same bytes in this JVM.</li>
 * </ol>
 *
 * <p>An integration test (failsafe, job/pom.xml): runs in Maven's {@code integration-test} phase,
 * after {@code package} has built the jar. Every JVM it starts is stopped by its own process id,
 * with the executors and drivers the Workers started.
 */
class ClusterRunIT {

    @TempDir
    static Path dir;
    static final List<Process> PROCESSES = new ArrayList<>();
    static final RemotePairs PAIRS = new RemotePairs();
    /**
     * The pairs added to {@link #PAIRS}, so that a run lasts long enough to be hit mid-way and is scored
     * in several waves of tasks on both executors: {@link #SIDE}² pixels each, enough estimated cost
     * for eight scoring partitions (the job gives a partition at least {@code CostPlan.MIN_PARTITION_COST}).
     */
    static final int NOISE_PAIRS = 400;
    static final int SIDE = 640;
    static final int TOTAL = NOISE_PAIRS + PAIRS.size();
    static final List<String> METRICS = List.of("psnr", "mse", "mae", "ssim");
    static Path sparkHome;
    static Path appJar;
    static String master;
    static SparkSession spark;
    /** The JVMs' logs, kept under target/ after the test. */
    static Path logs;
    static final List<Process> WORKERS = new ArrayList<>();

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
                logger.dag.name = org.apache.spark.scheduler.DAGScheduler
                logger.dag.level = info
                logger.tasks.name = org.apache.spark.scheduler.TaskSetManager
                logger.tasks.level = info
                """);
        logs = Files.createDirectories(target.resolve("cluster-test/logs"));

        int masterPort = freePort();
        master = "spark://127.0.0.1:" + masterPort;
        Process m = start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(freePort()));
        awaitLog(m, "master", "I have been elected leader", 120);
        for (int i = 1; i <= 2; i++) {
            WORKERS.add(start("worker" + i, "org.apache.spark.deploy.worker.Worker", master, "--host", "127.0.0.1",
                    "--webui-port", String.valueOf(freePort()), "--cores", "2", "--memory", "1g",
                    "--work-dir", Files.createDirectories(dir.resolve("work" + i)).toString()));
        }
        for (int i = 1; i <= 2; i++) {
            awaitLog(WORKERS.get(i - 1), "worker" + i, "Successfully registered with master", 120);
        }

        // the pairs, on the local file system that the driver and the executors share
        try (FileSystem fs = FileSystem.newInstance(dir.toUri(), new Configuration())) {
            PAIRS.upload(fs, dir.resolve("data").toUri().toString());
        }
        for (int i = 0; i < NOISE_PAIRS; i++) {
            String name = String.format("n/p%03d.png", i);
            TestImages.write(dir.resolve("data/recon/" + name), TestImages.rampPng(SIDE, SIDE, i));
            TestImages.write(dir.resolve("data/orig/" + name), TestImages.rampPng(SIDE, SIDE, i + 1000));
        }
        spark = TestSpark.session();
    }

    @AfterAll
    static void tearDown() throws InterruptedException {
        for (int i = PROCESSES.size() - 1; i >= 0; i--) {
            stop(PROCESSES.get(i));
        }
    }

    static Path config() throws IOException {
        return RemotePairs.writeConfig(dir, "cluster.yaml", """
                name: cluster-audit
                run_id: ref
                spark:
                  master: "local[2]"     # ignored under spark-submit
                  conf:
                    spark.sql.shuffle.partitions: 2
                input:
                  type: directories
                  reconstructions: %s
                  originals: %s
                metrics: %s
                output: {path: %s}
                report: {enabled: false}   # not what this test is about
                """.formatted(dir.resolve("data/recon").toUri(), dir.resolve("data/orig").toUri(), METRICS,
                dir.resolve("history").toUri()));
    }

    /** spark-submit of the application jar; {@code config} is a local file or a Hadoop path. */
    static Process submit(String name, String deployMode, String config, String... more) throws IOException {
        List<String> submit = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit",
                "--master", master, "--deploy-mode", deployMode,
                "--class", "org.imgloss.job.Main",
                "--driver-memory", "512m", "--executor-memory", "512m",
                "--executor-cores", "1", "--total-executor-cores", "2",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.standalone.submit.waitAppCompletion=true",
                appJar.toString(), "run", config));
        submit.addAll(List.of(more));
        return start(name, submit.toArray(new String[0]));
    }

    static String log(String name) throws IOException {
        return Files.readString(logs.resolve(name + ".log"), StandardCharsets.UTF_8);
    }

    static void assertExit0(Process driver, String name) throws Exception {
        boolean finished = driver.waitFor(12, TimeUnit.MINUTES);
        if (!finished) {
            Process jstack = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                    Long.toString(driver.pid())).redirectErrorStream(true)
                    .redirectOutput(logs.resolve(name + ".jstack").toFile()).start();
            jstack.waitFor(1, TimeUnit.MINUTES);
        }
        assertTrue(finished, name + " did not finish in time (its threads: " + logs.resolve(name + ".jstack") + "):\n"
                + tail(log(name)));
        assertEquals(0, driver.exitValue(), tail(log(name)));
    }

    @Test
    @Timeout(value = 45, unit = TimeUnit.MINUTES)
    void runsOnAStandaloneClusterThroughAKilledExecutorAKilledDriverAndInClusterDeployMode() throws Exception {
        OutputConfig history = new OutputConfig(dir.resolve("history").toUri().toString(), OutputFormat.DELTA, null,
                null, null);
        Path config = config();

        // 1. the undisturbed reference: local mode, in this JVM, into the same history
        RemotePairs.Cli local = RemotePairs.run(config.toString());
        assertEquals(0, local.exitCode(), local.describe());
        Map<String, List<Object>> refScores = scores(history, "ref");
        List<List<Object>> refSummary = summary(history, "ref");

        // 2. one executor killed (SIGKILL) once a third of the pairs are scored
        long t0 = System.nanoTime();
        Process kill = submit("kill", "client", config.toString(), "--set", "run_id=kill", "--progress-seconds", "0.2");
        waitFor(kill, "kill", "a third of the pairs scored", () -> scoredSoFar(log("kill")) >= TOTAL / 3);
        ProcessHandle executor = executorWithARunningTask("kill");
        Process k = new ProcessBuilder("kill", "-KILL", Long.toString(executor.pid())).inheritIO().start();
        assertEquals(0, k.waitFor(), "kill -KILL " + executor.pid());
        assertTrue(executor.onExit().get(1, TimeUnit.MINUTES) != null);
        long killedAt = scoredSoFar(log("kill"));
        assertExit0(kill, "kill");
        double killSeconds = (System.nanoTime() - t0) / 1e9;
        for (int i = 1; i <= 2; i++) {
            assertTrue(log("worker" + i).contains("Asked to launch executor"), "the work ran on both workers");
        }
        assertTrue(log("kill").contains("run kill: " + TOTAL + " pairs, " + (TOTAL - 3) + " scored, 3 failed"),
                tail(log("kill")));
        assertEquals(refScores, scores(history, "kill"), "one row per pair, none lost, none twice, the same values"
                + " as the undisturbed run in local mode: bit-identical");
        assertSummary(refSummary, summary(history, "kill"), "the summary of the undisturbed run");
        Row runs = History.complete(spark, history, "runs").where(col("run_id").equalTo("kill")).first();
        assertEquals(1L, (long) runs.getAs("executors_lost"), runs.toString());
        assertTrue((long) runs.getAs("tasks_failed") >= 1, runs.toString());
        Matcher progress = PROGRESS.matcher(log("kill"));
        int lines = 0;
        while (progress.find()) {
            lines++;
            assertEquals(TOTAL, Long.parseLong(progress.group(2)));
            assertTrue(Long.parseLong(progress.group(1)) <= TOTAL, progress.group());
        }
        assertTrue(lines > 1, log("kill"));

        // 3. a re-run of ref whose driver is killed (SIGKILL) while it scores: the history as it was
        List<List<Row>> before = VisibleHistory.of(history);
        Process driver = submit("driver-killed", "client", config.toString(), "--progress-seconds", "0.2");
        waitFor(driver, "driver-killed", "the first progress line", () -> log("driver-killed").contains("imgloss: processed "));
        Process d = new ProcessBuilder("kill", "-KILL", Long.toString(driver.pid())).inheritIO().start();
        assertEquals(0, d.waitFor(), "kill -KILL " + driver.pid());
        assertTrue(driver.waitFor(1, TimeUnit.MINUTES), "the driver ended");
        assertEquals(before, VisibleHistory.of(history), "the history after the driver was killed");

        // 4. cluster deploy mode: the driver on a worker, the config read from a Hadoop path
        Process cluster = submit("cluster-mode", "cluster", config.toUri().toString(), "--progress-seconds", "0");
        boolean finished = cluster.waitFor(12, TimeUnit.MINUTES);
        String driverLog = driverLogs();
        assertTrue(finished, "cluster deploy mode did not finish:\n" + tail(log("cluster-mode")) + tail(driverLog));
        assertTrue(driverLog.contains("run ref: " + TOTAL + " pairs, " + (TOTAL - 3) + " scored, 3 failed"),
                tail(log("cluster-mode")) + "\n" + tail(driverLog));
        assertEquals(0, cluster.exitValue(), tail(log("cluster-mode")));
        assertEquals(refScores, scores(history, "ref"), "a run and its re-run, local mode and the cluster: bit-identical");
        assertSummary(refSummary, summary(history, "ref"), "a run and its re-run on the cluster");
        PAIRS.assertScores(History.complete(spark, history, "scores").where(col("run_id").equalTo("ref"))
                .where(col("key").isin(PAIRS.recon.keySet().toArray())).collectAsList(), "file:" + dir.resolve("data"));
        Row refRuns = History.complete(spark, history, "runs").where(col("run_id").equalTo("ref")).first();
        assertEquals(0L, (long) refRuns.getAs("executors_lost"), refRuns.toString());
        assertEquals(0L, (long) refRuns.getAs("tasks_failed"), refRuns.toString());
        System.out.printf(java.util.Locale.ROOT, "ClusterRunIT: executor killed at %d/%d pairs scored: scoring %.1f s"
                        + " (%d task(s) failed), run %.1f s; undisturbed on the cluster: scoring %.1f s%n",
                killedAt, TOTAL, (double) runs.getAs("scoring_seconds"), (long) runs.getAs("tasks_failed"), killSeconds,
                (double) refRuns.getAs("scoring_seconds"));
    }

    static final Pattern PROGRESS = Pattern.compile("imgloss: processed (\\d+)/(\\d+) pairs");

    /** The pairs the last progress line of a driver's log counts, 0 before the first. */
    static long scoredSoFar(String log) {
        Matcher m = PROGRESS.matcher(log);
        long n = 0;
        while (m.find()) {
            n = Long.parseLong(m.group(1));
        }
        return n;
    }

    static final Pattern TASK_STARTED = Pattern.compile("Starting task \\S+ in stage \\S+ \\(TID (\\d+)\\) \\([^,]+,\\s*executor (\\d+),");
    static final Pattern TASK_ENDED = Pattern.compile("(?:Finished|Lost) task \\S+ in stage \\S+ \\(TID (\\d+)\\)");

    /**
     * The JVM of an executor that is running a task of the application whose driver logs to
     * {@code <name>.log} (its TaskSetManager's lines), waiting for one: an idle executor's loss fails no task.
     */
    static ProcessHandle executorWithARunningTask(String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            String log = log(name);
            Map<String, String> running = new java.util.HashMap<>();
            Matcher started = TASK_STARTED.matcher(log);
            while (started.find()) {
                running.put(started.group(1), started.group(2));
            }
            Matcher ended = TASK_ENDED.matcher(log);
            while (ended.find()) {
                running.remove(ended.group(1));
            }
            for (String executorId : new java.util.TreeSet<>(running.values())) {
                java.util.Optional<ProcessHandle> jvm = WORKERS.stream().flatMap(Process::descendants)
                        .filter(ProcessHandle::isAlive)
                        .filter(h -> h.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                        .filter(h -> h.info().commandLine().orElse("").contains("--executor-id " + executorId + " "))
                        .findFirst();
                if (jvm.isPresent()) {
                    return jvm.get();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no executor with a running task:\n" + tail(log(name)));
    }

    /** The standard output and error of the drivers the Workers ran (cluster deploy mode). */
    static String driverLogs() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 2; i++) {
            try (Stream<Path> files = Files.walk(dir.resolve("work" + i))) {
                for (Path f : files.filter(p -> p.getParent().getFileName().toString().startsWith("driver-")
                        && (p.getFileName().toString().equals("stdout") || p.getFileName().toString().equals("stderr")))
                        .toList()) {
                    sb.append(Files.readString(f, StandardCharsets.UTF_8));
                }
            }
        }
        return sb.toString();
    }

    /** A run's scores by key: size and error code, then every metric as a Double (equal only when bit-identical). */
    static Map<String, List<Object>> scores(OutputConfig history, String runId) {
        Map<String, List<Object>> byKey = new java.util.TreeMap<>();
        for (Row r : History.complete(spark, history, "scores").where(col("run_id").equalTo(runId)).collectAsList()) {
            List<Object> values = new ArrayList<>(List.of(String.valueOf((Object) r.getAs("width")),
                    String.valueOf((Object) r.getAs("height")), String.valueOf((Object) r.getAs("error_code"))));
            for (String m : METRICS) {
                values.add(r.<Double>getAs(m));
            }
            assertEquals(null, byKey.put(r.getAs("key"), values), "two rows of " + r.getAs("key"));
        }
        assertEquals(TOTAL, byKey.size(), "one scores row per pair of " + runId);
        return byKey;
    }

    static final List<String> SUMMARY_COLUMNS = List.of("metric", "pairs", "count", "errors", "infinite", "min",
            "p05", "p50", "p95", "max", "error_codes", "mean", "stddev", "psnr_pooled");
    /** Columns that add doubles up: Spark may add them in another order on another cluster shape. */
    static final int ORDER_DEPENDENT = SUMMARY_COLUMNS.indexOf("mean");
    /** The relative tolerance of those: a few ulps of a sum of a few hundred terms. */
    static final double SUM_TOLERANCE = 1e-12;

    static List<List<Object>> summary(OutputConfig history, String runId) {
        List<List<Object>> rows = new ArrayList<>();
        for (Row r : History.complete(spark, history, "summary").where(col("run_id").equalTo(runId))
                .orderBy("metric").collectAsList()) {
            List<Object> values = new ArrayList<>();
            for (String c : SUMMARY_COLUMNS) {
                Object v = r.getAs(c);
                values.add(v instanceof scala.collection.Map<?, ?> m
                        ? new java.util.TreeMap<>(scala.jdk.javaapi.CollectionConverters.asJava(m)).toString() : v);
            }
            rows.add(values);
        }
        return rows;
    }

    /** Equal, the sums (mean, stddev, pooled PSNR) within {@link #SUM_TOLERANCE}; prints how far they were. */
    static void assertSummary(List<List<Object>> expected, List<List<Object>> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        double worst = 0;
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).subList(0, ORDER_DEPENDENT), actual.get(i).subList(0, ORDER_DEPENDENT), what);
            for (int c = ORDER_DEPENDENT; c < SUMMARY_COLUMNS.size(); c++) {
                Double e = (Double) expected.get(i).get(c);
                Double a = (Double) actual.get(i).get(c);
                if (e == null || a == null || e.equals(a)) {
                    assertEquals(e, a, what + " " + expected.get(i).get(0) + " " + SUMMARY_COLUMNS.get(c));
                    continue;
                }
                double rel = Math.abs(e - a) / Math.max(Math.abs(e), Double.MIN_NORMAL);
                worst = Math.max(worst, rel);
                assertTrue(rel <= SUM_TOLERANCE, what + " " + expected.get(i).get(0) + " "
                        + SUMMARY_COLUMNS.get(c) + ": " + e + " vs " + a);
            }
        }
        System.out.println("ClusterRunIT: summary, " + what + ": largest relative difference of the sums " + worst);
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits until {@code condition} holds, while the driver runs. */
    static void waitFor(Process p, String name, String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (Files.exists(logs.resolve(name + ".log")) && condition.holds()) {
                return;
            }
            assertTrue(p.isAlive(), name + " ended before " + what + ":\n" + tail(log(name)));
            Thread.sleep(20);
        }
        throw new AssertionError("no " + what + " in time:\n" + tail(log(name)));
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
                .redirectOutput(logs.resolve(name + ".log").toFile()).directory(dir.toFile());
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
        Path log = logs.resolve(name + ".log");
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
