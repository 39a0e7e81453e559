package org.imgloss.job.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigLoader;
import org.imgloss.job.run.AuditJob;
import org.imgloss.job.run.Sessions;

/**
 * The skew benchmark behind {@code bench/balance.sh}: 2,000 pairs of 64×64 and 16 pairs of 2048×2048
 * (8-bit RGB PNG, {@link E2eDataset}'s images) in one folder tree, scored by the job in local[2] with
 * the metrics of {@code conf/local.yaml}. A {@link SparkListener} records every task's duration; the
 * scoring stage is the stage with the most task time, and the figure is its longest task over its
 * median task. The small pairs are scored once untimed first (JIT warm-up).
 *
 * <pre>
 *   BalanceBench --data bench/data --json bench/results/balance-X.json [--small 2000] [--large 16]
 * </pre>
 */
public final class BalanceBench {

    private BalanceBench() {
    }

    /** Task durations (ms) per stage. */
    static final class TaskTimes extends SparkListener {
        final Map<Integer, List<Long>> byStage = new ConcurrentHashMap<>();

        @Override
        public void onTaskEnd(SparkListenerTaskEnd e) {
            byStage.computeIfAbsent(e.stageId(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(e.taskInfo().duration());
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].substring(2), args[i + 1]);
        }
        Path data = Path.of(opts.getOrDefault("data", "bench/data")).toAbsolutePath();
        int small = Integer.parseInt(opts.getOrDefault("small", "2000"));
        int large = Integer.parseInt(opts.getOrDefault("large", "16"));
        Path smallDir = E2eDataset.ensure(data, "skew-64x" + small, 64, small);
        Path largeDir = E2eDataset.ensure(data, "skew-2048x" + large, 2048, large);
        Path tree = data.resolve("skew-" + small + "+" + large);
        for (String side : List.of("recon", "orig")) {
            Files.createDirectories(tree.resolve(side));
            link(tree.resolve(side).resolve("small"), smallDir.resolve(side));
            link(tree.resolve(side).resolve("large"), largeDir.resolve(side));
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("date_utc", Instant.now().toString());
        figures.put("cpus", Runtime.getRuntime().availableProcessors());
        figures.put("pairs", small + " of 64x64 + " + large + " of 2048x2048, 8-bit RGB PNG");
        figures.put("load_before", load());

        AuditConfig warm = config(smallDir, data.resolve("out/skew-warm"), "warm");
        SparkSession spark = Sessions.open(warm).session();
        try {
            new AuditJob(spark, new PrintWriter(System.err, true), 0).run(warm, Instant.now());
            AuditConfig config = config(tree, data.resolve("out/skew"), "skew");
            TaskTimes times = new TaskTimes();
            spark.sparkContext().addSparkListener(times);
            AuditJob.Result r;
            try {
                r = new AuditJob(spark, new PrintWriter(System.err, true), 0).run(config, Instant.now());
                spark.sparkContext().listenerBus().waitUntilEmpty();
            } finally {
                spark.sparkContext().removeSparkListener(times);
            }
            int stage = -1;
            long most = -1;
            for (Map.Entry<Integer, List<Long>> e : times.byStage.entrySet()) {
                long sum = e.getValue().stream().mapToLong(Long::longValue).sum();
                if (sum > most) {
                    most = sum;
                    stage = e.getKey();
                }
            }
            long[] ms = times.byStage.get(stage).stream().mapToLong(Long::longValue).sorted().toArray();
            double median = ms.length % 2 == 1 ? ms[ms.length / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2.0;
            double ratio = ms[ms.length - 1] / median;
            figures.put("pairs_in", r.pairsIn());
            figures.put("pairs_failed", r.pairsFailed());
            figures.put("scoring_seconds", Math.round(r.scoringSeconds() * 100) / 100.0);
            figures.put("scoring_stage_tasks", ms.length);
            figures.put("task_ms_sorted", ms);
            figures.put("longest_task_ms", ms[ms.length - 1]);
            figures.put("median_task_ms", median);
            figures.put("longest_over_median", Math.round(ratio * 100) / 100.0);
            figures.put("load_after", load());
            System.out.printf(Locale.ROOT, "balance: %d pairs, scoring stage %d tasks, longest %d ms, median %.0f ms,"
                    + " longest/median %.2f, scoring %.1f s (load %s)%n", r.pairsIn(), ms.length, ms[ms.length - 1],
                    median, ratio, r.scoringSeconds(), load());
            System.out.println("task ms: " + Arrays.toString(ms));
        } finally {
            spark.stop();
        }
        Path json = Path.of(opts.getOrDefault("json", "bench/results/balance.json"));
        Files.createDirectories(json.toAbsolutePath().getParent());
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), figures);
    }

    private static void link(Path link, Path target) throws IOException {
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, target);
        }
    }

    private static AuditConfig config(Path tree, Path out, String runId) throws Exception {
        return new ConfigLoader(Path.of("."), Instant.now()).load(Path.of("conf/local.yaml"), List.of(
                "name=balance", "run_id=" + runId, "spark.master=local[2]",
                "input.reconstructions=" + tree.resolve("recon"), "input.originals=" + tree.resolve("orig"),
                "input.match=relative_path", "input.group_by=[]", "output.path=" + out, "output.format=parquet",
                "report.enabled=false", "checks=[]"));
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
