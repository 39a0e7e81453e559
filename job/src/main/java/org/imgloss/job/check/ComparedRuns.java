package org.imgloss.job.check;

import static org.apache.spark.sql.functions.col;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.config.Check;
import org.imgloss.job.config.CheckConfig;
import org.imgloss.job.config.OutputConfig;
import org.imgloss.job.output.History;
import org.imgloss.job.output.ScoresSchema;

/**
 * The complete runs of the history a run is compared with: {@code previous} is the newest complete run of
 * the same {@code name} that started before this one, {@code last_n(N)} the N newest of them,
 * {@code baseline(<run_id>)} that run. The run itself (also an earlier run with its id, which it
 * replaces) is never one of them. Which metric aliases each run has comes from its {@code summary} rows.
 */
final class ComparedRuns {

    private final SparkSession spark;
    private final OutputConfig history; // null: there is no history yet
    private final String runId;
    /** The earlier complete runs of the same name, newest first. */
    private final List<String> earlier = new ArrayList<>();
    /** Every complete run id. */
    private final Set<String> complete = new HashSet<>();
    private final Map<String, Set<String>> aliases = new HashMap<>();
    /** The complete runs of the same name but this one, with their start times, newest first. */
    private final Map<String, Timestamp> ofName = new LinkedHashMap<>();
    private final String name;
    private Dataset<Row> scores;

    ComparedRuns(SparkSession spark, OutputConfig history, String name, String runId, Instant start) {
        this.spark = spark;
        this.history = history;
        this.name = name;
        this.runId = runId;
        if (history == null || !History.has(spark, history, History.RUNS)) {
            return;
        }
        Dataset<Row> runs = History.complete(spark, history, "runs")
                .select(col(ScoresSchema.RUN_ID).cast("string").as("id"), col(ScoresSchema.NAME).cast("string").as("n"),
                        col("start_time").cast("timestamp").as("t"));
        for (Row r : runs.orderBy(col("t").desc(), col("id").desc()).collectAsList()) {
            String id = r.getString(0);
            if (id.equals(runId)) {
                continue;
            }
            complete.add(id);
            Timestamp t = r.getTimestamp(2);
            if (name.equals(r.getString(1))) {
                ofName.put(id, t);
            }
            if (name.equals(r.getString(1)) && t != null && t.toInstant().isBefore(start)) {
                earlier.add(id);
            }
        }
        if (!complete.isEmpty()) {
            for (Row r : History.read(spark, history, "summary")
                    .select(col(ScoresSchema.RUN_ID).cast("string"), col("metric").cast("string")).distinct()
                    .collectAsList()) {
                aliases.computeIfAbsent(r.getString(0), k -> new HashSet<>()).add(r.getString(1));
            }
        }
    }

    /** The complete runs of the same name other than this one, with their start times, newest first. */
    Map<String, Timestamp> ofName() {
        return Collections.unmodifiableMap(ofName);
    }

    /**
     * The runs {@code comparison} names that hold {@code metric}, newest first; empty with {@code why} set
     * when there are none.
     */
    List<String> find(Check.Comparison comparison, String metric, StringBuilder why) {
        List<String> candidates = switch (comparison.kind()) {
            case PREVIOUS -> earlier.isEmpty() ? List.of() : List.of(earlier.get(0));
            case LAST_N -> earlier.subList(0, Math.min(comparison.n(), earlier.size()));
            case BASELINE -> complete.contains(comparison.runId()) ? List.of(comparison.runId()) : List.of();
        };
        if (candidates.isEmpty()) {
            why.append(switch (comparison.kind()) {
                case BASELINE -> comparison.runId().equals(runId)
                        ? "the baseline " + runId + " is this run"
                        : "no complete run " + comparison.runId() + " in the history";
                default -> "no earlier complete run of '" + name + "' in the history";
            });
            return List.of();
        }
        List<String> with = candidates.stream()
                .filter(id -> metric.equals(CheckConfig.PAIRS) || aliases.getOrDefault(id, Set.of()).contains(metric))
                .toList();
        if (with.isEmpty()) {
            why.append("metric '").append(metric).append("' is not in the compared run")
                    .append(candidates.size() > 1 ? "s " : " ").append(String.join(", ", candidates));
        }
        return with;
    }

    /** The scores of these runs, every row (the history's table read once per evaluation). */
    Dataset<Row> scores(List<String> runIds) {
        if (scores == null) {
            scores = History.read(spark, history, "scores");
        }
        return scores.filter(col(ScoresSchema.RUN_ID).cast("string").isin(runIds.toArray()));
    }
}
