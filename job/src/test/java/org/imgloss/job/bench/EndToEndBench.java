package org.imgloss.job.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.imgloss.image.DecodeOptions;
import org.imgloss.image.ImageDecoder;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.ConfigLoader;
import org.imgloss.job.run.AuditJob;
import org.imgloss.job.run.Sessions;

/**
 * The end-to-end benchmark behind {@code bench/e2e.sh}: in one JVM and one local[2] Spark session,
 * on the same PNG files, it times
 * <ul>
 *   <li>decode-only: read and decode both images of every pair, 2 threads (the job's ceiling), timed once
 *       before the jobs and once after them (when the collector has grown the heap to its working size;
 *       with the page faults and collector time per pair of each);</li>
 *   <li>the job ({@link AuditJob}, as {@code imgloss run} runs it) with {@code metrics: [ssim]} and with
 *       the metrics of {@code conf/local.yaml}, its own pairs per second (listing, JVM and Spark
 *       start-up excluded), each with its {@link ScoringProfile};</li>
 *   <li>the tiny-pairs series (64×64 pairs, 200 / 2,000 / 20,000) and the image-size series (256² …
 *       4096², {@code [ssim]}).</li>
 * </ul>
 * Everything runs once untimed first (JIT warm-up), then timed. One line per figure goes to standard
 * output, and every figure, with the machine's load, to the JSON file given by {@code --json}.
 *
 * <pre>
 *   EndToEndBench --data bench/data --json bench/results/e2e-X.json [--pairs 200] [--tiny 200,2000,20000]
 *                 [--sizes 256,512,1024,2048,4096] [--only main,tiny,sizes] [--conf conf/local.yaml]
 *                 [--catalogue false]   (main: skip the job with the catalogue of --conf)
 * </pre>
 */
public final class EndToEndBench {

    private final Path data;
    private final Path conf;
    private final Path work;
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private SparkSession spark;
    private boolean verbose;

    private EndToEndBench(Path data, Path conf) {
        this.data = data;
        this.conf = conf;
        this.work = data.resolve("out");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        Path data = Path.of(opts.getOrDefault("data", "bench/data"));
        EndToEndBench bench = new EndToEndBench(data, Path.of(opts.getOrDefault("conf", "conf/local.yaml")));
        bench.verbose = Boolean.parseBoolean(opts.getOrDefault("stages", "false"));
        List<String> only = List.of(opts.getOrDefault("only", "main,tiny,sizes").split(","));
        bench.figures.put("date_utc", Instant.now().toString());
        bench.figures.put("load_before", load());
        bench.figures.put("cpus", Runtime.getRuntime().availableProcessors());
        bench.figures.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        try {
            if (only.contains("main")) {
                bench.main(Integer.parseInt(opts.getOrDefault("pairs", "200")),
                        Boolean.parseBoolean(opts.getOrDefault("catalogue", "true")));
            }
            if (only.contains("tiny")) {
                bench.tiny(ints(opts.getOrDefault("tiny", "200,2000,20000")));
            }
            if (only.contains("sizes")) {
                bench.sizes(ints(opts.getOrDefault("sizes", "256,512,1024,2048,4096")));
            }
        } finally {
            bench.figures.put("load_after", load());
            if (opts.containsKey("json")) {
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(Path.of(opts.get("json")).toFile(),
                        bench.figures);
            }
            if (bench.spark != null) {
                bench.spark.stop();
            }
        }
    }

    /** The 512² RGB pairs: decode-only, {@code [ssim]}, the default catalogue, and their ratios. */
    private void main(int pairs, boolean withCatalogue) throws Exception {
        Path dir = E2eDataset.ensure(data, "rgb512-" + pairs, 512, pairs);
        decodeOnly(dir, 2); // warm-up
        double decode = timedDecodeOnly(dir, pairs, "decode_only", "");
        double ssim = job(dir, "ssim", List.of("metrics=[ssim]"), true);
        line("job_ssim_pairs_per_s", ssim, "imgloss job, metrics [ssim], local[2]");
        line("job_ssim_vs_decode_only", ssim / decode, "ratio (target >= 0.70)");
        double catalogue = Double.NaN;
        if (withCatalogue) {
            catalogue = job(dir, "catalogue", List.of(), true);
            line("job_catalogue_pairs_per_s", catalogue, "imgloss job, metrics of " + conf + ", local[2]");
            line("job_catalogue_vs_decode_only", catalogue / decode, "ratio");
        }
        // decode-only again, now that the jobs have grown the heap to its working size: the first figure
        // pays for the young generation's growth (fresh pages faulted in while the collector enlarges it)
        double warm = timedDecodeOnly(dir, pairs, "decode_only_after_jobs", ", after the job runs (heap grown)");
        line("job_ssim_vs_decode_only_after_jobs", ssim / warm, "ratio");
        if (withCatalogue) {
            line("job_catalogue_vs_decode_only_after_jobs", catalogue / warm, "ratio");
        }
    }

    /**
     * One timed decode-only pass, its pairs per second and, per pair, the JVM's CPU time (all threads),
     * the garbage collectors' time and the minor page faults (fresh memory the kernel zero-fills).
     */
    private double timedDecodeOnly(Path dir, int pairs, String key, String when) throws Exception {
        long cpu = processCpuNanos();
        long gc = gcMillis();
        long faults = minorFaults();
        double rate = decodeOnly(dir, 2);
        line(key + "_cpu_ms_per_pair", (processCpuNanos() - cpu) / 1e6 / pairs,
                "the JVM's CPU time per pair (all threads), decode-only" + when);
        line(key + "_gc_ms_per_pair", (gcMillis() - gc) / (double) pairs, "collector time per pair, decode-only" + when);
        line(key + "_minor_faults_per_pair", (minorFaults() - faults) / (double) pairs,
                "minor page faults per pair, decode-only" + when);
        line(key + "_pairs_per_s", rate, "512x512 RGB PNG pairs, read + decode, 2 threads, one JVM" + when);
        return rate;
    }

    private static long gcMillis() {
        long ms = 0;
        for (java.lang.management.GarbageCollectorMXBean b : java.lang.management.ManagementFactory
                .getGarbageCollectorMXBeans()) {
            ms += Math.max(0, b.getCollectionTime());
        }
        return ms;
    }

    /** Minor page faults of this process so far ({@code /proc/self/stat} field 10), 0 where there is no such file. */
    private static long minorFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Pairs per second of {@code [ssim]} on 64×64 pairs, for each count. */
    private void tiny(int[] counts) throws Exception {
        for (int n : counts) {
            Path dir = E2eDataset.ensure(data, "rgb64-" + n, 64, n);
            double rate = job(dir, "tiny" + n, List.of("metrics=[ssim]"), n <= 2000);
            line("tiny64_" + n + "_pairs_per_s", rate, n + " pairs of 64x64 RGB, [ssim], local[2]");
        }
    }

    /** Seconds per pair of {@code [ssim]} for each image size (per megapixel too, for the growth). */
    private void sizes(int[] sizes) throws Exception {
        for (int s : sizes) {
            int pairs = Math.max(4, (int) (64L * 256 * 256 / ((long) s * s)));
            Path dir = E2eDataset.ensure(data, "size" + s + "-" + pairs, s, pairs);
            double rate = job(dir, "size" + s, List.of("metrics=[ssim]"), s <= 1024);
            double msPerPair = 1000.0 / rate;
            line("size" + s + "_ms_per_pair", msPerPair, pairs + " pairs of " + s + "x" + s + " RGB, [ssim], local[2]");
            line("size" + s + "_ms_per_megapixel", msPerPair / (s * (double) s / 1e6), "the same, per megapixel of one image");
        }
    }

    /**
     * Reads and decodes both images of every pair with {@code threads} threads, as the job's tasks do
     * (whole file into memory, then {@link ImageDecoder}); pairs per second.
     */
    private static double decodeOnly(Path dir, int threads) throws Exception {
        List<Path[]> pairs = pairs(dir);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<Long>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    long pixels = 0;
                    for (int i = next.getAndIncrement(); i < pairs.size(); i = next.getAndIncrement()) {
                        for (Path p : pairs.get(i)) {
                            pixels += ImageDecoder.decode(Files.readAllBytes(p), DecodeOptions.DEFAULT).width();
                        }
                    }
                    return pixels;
                }));
            }
            for (Future<Long> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return pairs.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static List<Path[]> pairs(Path dir) throws IOException {
        List<Path[]> pairs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve("orig"))) {
            for (Path o : files.sorted().toList()) {
                pairs.add(new Path[] {dir.resolve("recon").resolve(o.getFileName()), o});
            }
        }
        return pairs;
    }

    /**
     * Runs the job on the folder with {@code conf/local.yaml} plus overrides (input, output, local[2]);
     * its own pairs per second. With {@code warmUp}, an untimed run first.
     */
    private double job(Path dir, String name, List<String> overrides, boolean warmUp) throws Exception {
        List<String> set = new ArrayList<>(overrides);
        set.add("name=e2e-" + name);
        set.add("run_id=" + name);
        set.add("spark.master=local[2]");
        set.add("input.reconstructions=" + dir.resolve("recon").toAbsolutePath());
        set.add("input.originals=" + dir.resolve("orig").toAbsolutePath());
        set.add("input.group_by=[]");
        set.add("checks=[]"); // the sample audit's checks name its folders and metrics
        set.add("output.path=" + work.resolve(name).toAbsolutePath());
        AuditConfig config = load(set);
        session(config);
        if (warmUp) {
            new AuditJob(spark, new PrintWriter(System.err, true), 0).run(config, Instant.now());
        }
        AuditJob job = new AuditJob(spark, new PrintWriter(System.err, true), 0).profile(true);
        StageLog stages = new StageLog();
        spark.sparkContext().addSparkListener(stages);
        AuditJob.Result r;
        long cpu = processCpuNanos();
        try {
            r = job.run(config, Instant.now());
        } finally {
            spark.sparkContext().removeSparkListener(stages);
        }
        line(name + "_cpu_ms_per_pair", (processCpuNanos() - cpu) / 1e6 / r.pairsIn(),
                "the JVM's CPU time per pair (all threads), the whole run");
        if (verbose) {
            stages.lines().forEach(l -> System.out.println("  " + name + " stage " + l));
        }
        if (r.pairsFailed() != 0) {
            throw new IllegalStateException(name + ": " + r.pairsFailed() + " pair(s) failed");
        }
        double rate = r.pairsIn() / r.scoringSeconds();
        if (job.lastProfile() != null) {
            figures.put(name + "_profile_s_per_pair", job.lastProfile());
            for (String l : job.profileLines()) {
                System.out.println("  " + name + " " + l);
            }
        }
        return rate;
    }

    private AuditConfig load(List<String> overrides) throws ConfigException, IOException {
        return new ConfigLoader(Path.of("."), Instant.now()).parse(Files.readString(conf), overrides);
    }

    private void session(AuditConfig config) {
        if (spark == null) {
            spark = Sessions.open(config).session();
        }
    }

    private void line(String key, double value, String what) {
        figures.put(key, Math.round(value * 1000) / 1000.0);
        figures.put(key + "_load", load());
        System.out.printf(Locale.ROOT, "%-34s %10.2f   %s (load %s)%n", key, value, what, load());
        System.out.flush();
    }

    /** CPU time of this JVM so far, all threads (moves much less with the machine's load than wall time). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] ints(String csv) {
        return Stream.of(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt)
                .toArray();
    }

    /** Each stage of a run: tasks, submission (ms after the run began), wall time, summed task run time (for {@code --stages true}). */
    private static final class StageLog extends org.apache.spark.scheduler.SparkListener {
        private final long created = System.currentTimeMillis();
        private final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Map<Integer, long[]> taskNanos = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd e) {
            long run = e.taskMetrics() == null ? 0 : e.taskMetrics().executorRunTime();
            long gc = e.taskMetrics() == null ? 0 : e.taskMetrics().jvmGCTime();
            long[] t = taskNanos.computeIfAbsent(e.stageId(), k -> new long[2]);
            synchronized (t) {
                t[0] += run;
                t[1] += gc;
            }
        }

        @Override
        public void onStageCompleted(org.apache.spark.scheduler.SparkListenerStageCompleted e) {
            org.apache.spark.scheduler.StageInfo i = e.stageInfo();
            long wall = (long) i.completionTime().getOrElse(() -> 0L) - (long) i.submissionTime().getOrElse(() -> 0L);
            long[] t = taskNanos.getOrDefault(i.stageId(), new long[2]);
            long from = (long) i.submissionTime().getOrElse(() -> 0L) - created;
            lines.add(String.format(Locale.ROOT, "%d %-40.40s tasks %3d at %6d ms wall %6d ms, task run %7d ms, gc %5d ms",
                    i.stageId(), i.name(), i.numTasks(), from, wall, t[0], t[1]));
        }

        List<String> lines() {
            return lines;
        }
    }
}
