package org.imgloss.job.check;

import static org.apache.spark.sql.functions.col;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.Check;
import org.imgloss.job.config.OutputConfig;
import org.imgloss.job.output.Percentiles;
import org.imgloss.job.output.ScoresSchema;

/**
 * Evaluates a config's checks (with the {@link Check#withBuiltIns built-in ones}) against one run's scores
 * and the complete runs of the history. A check that cannot be evaluated (no run to compare with, the
 * metric missing there, too few runs for a z-score) is skipped with the reason, or failed with
 * {@code on_missing_baseline: fail}; it never passes silently.
 */
public final class Checker {

    private final SparkSession spark;
    private final AuditConfig config;
    private final OutputConfig history;
    private ComparedRuns compared;

    /**
     * @param history the audit history to compare with (its format as found), or null when there is none
     */
    public Checker(SparkSession spark, AuditConfig config, OutputConfig history) {
        this.spark = spark;
        this.config = config;
        this.history = history;
    }

    /**
     * What keeps the checks' {@code where} predicates from running on scores of this schema (an unknown
     * column, a syntax error), as config problems; found before anything is scored.
     */
    public static List<String> whereErrors(SparkSession spark, StructType scores, AuditConfig config) {
        List<String> errors = new ArrayList<>();
        Dataset<Row> empty = spark.createDataFrame(List.of(), scores);
        for (int i = 0; i < config.checks().checks().size(); i++) {
            Check c = config.checks().checks().get(i);
            if (c.where() == null) {
                continue;
            }
            try {
                empty.where(c.where()).schema();
            } catch (RuntimeException e) {
                errors.add("checks: where \"" + c.where() + "\" of " + c.written() + ": "
                        + firstLine(e.getMessage()));
            }
        }
        return errors;
    }

    private static String firstLine(String s) {
        String t = s == null ? "" : s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    /**
     * @param scores this run's rows of the {@code scores} table
     * @param runId  the run
     * @param start  when the run started ({@code previous} and {@code last_n} are runs that started before)
     */
    public Verdict evaluate(Dataset<Row> scores, String runId, Instant start) {
        ComparedRuns compared = new ComparedRuns(spark, history, config.name(), runId, start);
        this.compared = compared;
        List<Check> checks = Check.withBuiltIns(config.checks().checks());
        List<String> groupBy = config.input().groupBy();

        // the aggregates: this run's in one pass per (where, per_group); the compared runs' likewise
        List<Integer> aggregated = new ArrayList<>();
        Map<Integer, List<String>> comparedIds = new HashMap<>();
        Map<Integer, String> why = new HashMap<>();
        for (int i = 0; i < checks.size(); i++) {
            Check c = checks.get(i);
            if (c.perPair()) {
                continue;
            }
            aggregated.add(i);
            if (c.comparison() != null) {
                StringBuilder reason = new StringBuilder();
                comparedIds.put(i, compared.find(c.comparison(), c.metric(), reason));
                why.put(i, reason.toString());
            }
        }
        Map<Integer, Map<String, Map<Map<String, String>, Double>>> now = observe(checks, aggregated, scores, false);
        List<Integer> withRuns = aggregated.stream().filter(i -> !comparedIds.getOrDefault(i, List.of()).isEmpty())
                .toList();
        Map<Integer, Map<String, Map<Map<String, String>, Double>>> before = withRuns.isEmpty() ? Map.of()
                : observe(checks, withRuns, compared.scores(withRuns.stream().flatMap(i -> comparedIds.get(i).stream())
                .distinct().toList()), true);

        List<Outcome> outcomes = new ArrayList<>();
        Dataset<Row> regressions = spark.createDataFrame(List.of(), Verdict.regressionsSchema(groupBy));
        for (int i = 0; i < checks.size(); i++) {
            Check c = checks.get(i);
            Direction direction = Direction.of(c, config.metrics());
            if (c.perPair()) {
                Dataset<Row> rows = c.where() == null ? scores : scores.where(c.where());
                PerPair p = perPair(c, direction, rows, c.perGroup() ? groupBy : List.of(), compared, runId);
                outcomes.addAll(p.outcomes());
                if (p.regressions() != null) {
                    regressions = regressions.unionByName(p.regressions());
                }
                continue;
            }
            Map<Map<String, String>, Double> observed = now.get(i).getOrDefault("", Map.of());
            if (observed.isEmpty()) { // per group, and no pair: one outcome for the whole (empty) run
                observed = observe(List.of(c.withoutGroups()), List.of(0), scores, false).get(0).get("");
            }
            List<String> ids = comparedIds.get(i);
            for (Map.Entry<Map<String, String>, Double> e : observed.entrySet()) {
                if (c.comparison() == null) {
                    outcomes.add(absolute(c, e.getKey(), e.getValue(), scores));
                } else if (ids.isEmpty()) {
                    outcomes.add(cannotEvaluate(c, e.getKey(), e.getValue(), null, why.get(i)));
                } else {
                    Map<String, Double> byRun = new HashMap<>();
                    before.get(i).forEach((run, groups) -> byRun.put(run, groups.get(e.getKey())));
                    outcomes.add(compare(c, direction, e.getKey(), e.getValue(), ids, byRun, String.join(",", ids)));
                }
            }
        }
        return new Verdict(outcomes, regressions);
    }

    /**
     * The complete runs of the config's name that the history held when the last {@link #evaluate} read
     * it, other than the evaluated run, with their start times (may be null), newest first; empty before.
     */
    public Map<String, java.sql.Timestamp> runsOfName() {
        return compared == null ? Map.of() : compared.ofName();
    }

    /**
     * The aggregates of the checks {@code which} (indexes into {@code checks}), one Spark job per
     * {@code (where, per_group)}: check index to run id ({@code ""} unless {@code byRun}) to group to value.
     */
    private Map<Integer, Map<String, Map<Map<String, String>, Double>>> observe(List<Check> checks, List<Integer> which,
                                                                               Dataset<Row> rows, boolean byRun) {
        Map<List<Object>, List<Integer>> batches = new LinkedHashMap<>();
        for (int i : which) {
            Check c = checks.get(i);
            batches.computeIfAbsent(java.util.Arrays.asList(c.where(), c.perGroup()), k -> new ArrayList<>()).add(i);
        }
        Map<Integer, Map<String, Map<Map<String, String>, Double>>> out = new HashMap<>();
        for (List<Integer> batch : batches.values()) {
            Check first = checks.get(batch.get(0));
            List<String> groups = first.perGroup() ? config.input().groupBy() : List.of();
            List<String> keys = new ArrayList<>();
            List<Column> by = new ArrayList<>();
            if (byRun) {
                keys.add("_run");
                by.add(col(ScoresSchema.RUN_ID).cast("string").as("_run"));
            }
            groups.forEach(g -> {
                keys.add(g);
                by.add(col(g).cast("string").as(g));
            });
            Dataset<Row> d = first.where() == null ? rows : rows.where(first.where());
            // a percentile is exact or approximate by its group's count of finite values, as in the summary
            Map<String, Column> sizes = new LinkedHashMap<>();
            for (int i : batch) {
                if (Aggregates.isPercentile(checks.get(i))) {
                    sizes.put("_size" + i, Aggregates.finite(checks.get(i)));
                }
            }
            if (!sizes.isEmpty()) {
                List<String> sets = new ArrayList<>(groups);
                if (byRun) {
                    sets.add(0, ScoresSchema.RUN_ID);
                }
                d = Percentiles.withSizes(d, sets, sizes);
            }
            List<Column> aggs = new ArrayList<>();
            for (int i : batch) {
                aggs.add(Aggregates.of(checks.get(i), "_check" + i, "_size" + i, config.summary().exactPercentilesUpTo()));
                out.put(i, new LinkedHashMap<>());
            }
            Column head = aggs.get(0);
            Column[] tail = aggs.subList(1, aggs.size()).toArray(Column[]::new);
            List<Row> result = by.isEmpty() ? List.of(d.agg(head, tail).first()) // one row, also over no rows
                    : d.groupBy(by.toArray(Column[]::new)).agg(head, tail)
                    .orderBy(keys.stream().map(k -> col(k)).toArray(Column[]::new)).collectAsList();
            int offset = byRun ? 1 : 0;
            for (Row r : result) {
                Map<String, String> group = new LinkedHashMap<>();
                for (int g = 0; g < groups.size(); g++) {
                    group.put(groups.get(g), r.getString(offset + g));
                }
                for (int b = 0; b < batch.size(); b++) {
                    int at = offset + groups.size() + b;
                    out.get(batch.get(b)).computeIfAbsent(byRun ? r.getString(0) : "", k -> new LinkedHashMap<>())
                            .put(group, r.isNullAt(at) ? null : r.getDouble(at));
                }
            }
        }
        return out;
    }

    private static Map<String, String> group(Row r, List<String> groups) {
        Map<String, String> group = new LinkedHashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            group.put(groups.get(i), r.isNullAt(i) ? null : String.valueOf(r.get(i)));
        }
        return group;
    }

    private Outcome absolute(Check c, Map<String, String> group, Double value, Dataset<Row> scores) {
        if (value == null) {
            return new Outcome(c, group, null, null, Outcome.Status.FAILED, "no value: no pair with a value");
        }
        boolean holds = c.threshold().holds(value);
        String message = show(value) + (holds ? " is " : " is not ") + c.threshold();
        if (!holds && c.builtIn()) {
            message = (c.aggregate().name().equals("count") ? "no pair in" : "no pair scored") + ": "
                    + EmptyAudit.describe(scores, config.input());
        }
        return new Outcome(c, group, value, null, holds ? Outcome.Status.PASSED : Outcome.Status.FAILED, message);
    }

    private static Outcome cannotEvaluate(Check c, Map<String, String> group, Double value, String comparedRunId,
                                          String why) {
        boolean fail = c.onMissing() == Check.OnMissing.FAIL;
        return new Outcome(c, group, value, comparedRunId, fail ? Outcome.Status.FAILED : Outcome.Status.SKIPPED,
                why + (fail ? " (on_missing_baseline: fail)" : ""));
    }

    private static Outcome compare(Check c, Direction direction, Map<String, String> group, Double value,
                                   List<String> ids, Map<String, Double> byRun, String idList) {
        if (value == null) {
            return new Outcome(c, group, null, idList, Outcome.Status.FAILED, "no value in this run");
        }
        List<Double> values = ids.stream().map(byRun::get).filter(v -> v != null && !v.isNaN()).toList();
        if (values.isEmpty()) {
            return cannotEvaluate(c, group, value, idList, "no value" + (group.isEmpty() ? "" : " for this group")
                    + " in the compared run" + (ids.size() > 1 ? "s" : ""));
        }
        String op = c.threshold().op();
        double limit = c.threshold().value();
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        String from = (values.size() > 1 ? "the mean " : "") + show(mean)
                + (values.size() > 1 ? " of " + values.size() + " runs" : "");
        double worse = direction.worsening(value, mean);
        double measured;
        String what;
        switch (op) {
            case "max_drop" -> {
                measured = worse;
                what = "a drop of " + show(worse);
            }
            case "max_rise" -> {
                measured = -worse;
                what = "a rise of " + show(-worse);
            }
            case "max_relative_drop" -> {
                measured = mean != 0 && Double.isFinite(mean) ? worse / Math.abs(mean)
                        : worse > 0 ? Double.POSITIVE_INFINITY : 0;
                what = "a relative drop of " + show(measured);
            }
            case "max_zscore" -> {
                if (values.size() < 3) {
                    return cannotEvaluate(c, group, value, idList, "a z-score needs 3 compared runs with a value, "
                            + values.size() + " found");
                }
                double sd = Math.sqrt(values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum()
                        / (values.size() - 1));
                measured = sd > 0 ? worse / sd : worse > 0 ? Double.POSITIVE_INFINITY : worse < 0
                        ? Double.NEGATIVE_INFINITY : 0;
                what = "a z-score of " + show(measured) + " towards worse (stddev " + show(sd) + ")";
            }
            default -> throw new IllegalStateException(op);
        }
        boolean holds = !(measured > limit);
        String message = show(value) + " against " + from + ": " + what + (holds ? ", within " : ", over ")
                + c.threshold();
        return new Outcome(c, group, value, idList, holds ? Outcome.Status.PASSED : Outcome.Status.FAILED, message);
    }

    private record PerPair(List<Outcome> outcomes, Dataset<Row> regressions) {
    }

    private PerPair perPair(Check c, Direction direction, Dataset<Row> rows, List<String> groups,
                            ComparedRuns compared, String runId) {
        StringBuilder why = new StringBuilder();
        List<String> ids = compared.find(c.comparison(), c.metric(), why);
        if (ids.isEmpty()) {
            return new PerPair(List.of(cannotEvaluate(c, Map.of(), null, null, why.toString())), null);
        }
        Dataset<Row> before = compared.scores(ids);
        before = c.where() == null ? before : before.where(c.where());
        PairRegressions pairs = new PairRegressions(c, direction, rows, before, config.input().groupBy());
        String idList = String.join(",", ids);
        List<Outcome> out = new ArrayList<>();
        List<Row> counts = pairs.counts(groups);
        if (counts.isEmpty()) {
            out.add(cannotEvaluate(c, Map.of(), null, idList, "no pair of this run has a value in the compared run"
                    + (ids.size() > 1 ? "s" : "") + " (pairs are matched by key)"));
        }
        for (Row r : counts) {
            long matched = r.getLong(groups.size());
            long regressed = r.getLong(groups.size() + 1);
            boolean holds = regressed <= c.maxPairs();
            out.add(new Outcome(c, group(r, groups), (double) regressed, idList,
                    holds ? Outcome.Status.PASSED : Outcome.Status.FAILED,
                    regressed + " of " + matched + " pair(s) matched by key got worse by more than "
                            + c.threshold().toString().replace("max_", "") + (holds ? "" : " (table regressions)")));
        }
        return new PerPair(out, pairs.regressions(c.metric(), idList, config.name(), runId));
    }

    /** A number for a message: whole numbers without a fraction, others to 6 significant digits. */
    static String show(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v == Math.rint(v) && Math.abs(v) < 1e15) {
            return org.imgloss.job.config.CheckConfig.number(v);
        }
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replaceAll("\\.(e|$)", "$1");
    }
}
