package org.imgloss.job.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of {@code checks}, as written: a mapping such as
 * {@code {metric: ssim, aggregate: p05, ">=": 0.85}} or
 * {@code {metric: ssim, aggregate: mean, compare_to: previous, max_drop: 0.005}}. {@link #checked} turns
 * it into a {@link Check} or adds its problems; the keys are a contract (schedulers and tools write them).
 */
public record CheckConfig(@JsonProperty("metric") String metric,
                          @JsonProperty("aggregate") String aggregate,
                          @JsonProperty(">=") Double atLeast,
                          @JsonProperty(">") Double above,
                          @JsonProperty("<=") Double atMost,
                          @JsonProperty("<") Double below,
                          @JsonProperty("between") List<Double> between,
                          @JsonProperty("compare_to") String compareTo,
                          @JsonProperty("max_drop") Double maxDrop,
                          @JsonProperty("max_rise") Double maxRise,
                          @JsonProperty("max_relative_drop") Double maxRelativeDrop,
                          @JsonProperty("max_zscore") Double maxZscore,
                          @JsonProperty("per_group") Boolean perGroup,
                          @JsonProperty("where") String where,
                          @JsonProperty("per_pair") Boolean perPair,
                          @JsonProperty("max_pairs") Long maxPairs,
                          @JsonProperty("level") Check.Level level,
                          @JsonProperty("on_missing_baseline") Check.OnMissing onMissingBaseline) {

    /** The metric of pair counts ({@code count}, {@code scored}, {@code failed}, {@code error_rate}). */
    public static final String PAIRS = "_pairs";

    private static final Pattern AGGREGATE = Pattern.compile("\\s*([a-z_0-9]+)\\s*(?:\\(\\s*([^)]*?)\\s*\\))?\\s*");
    private static final Pattern COMPARE = Pattern.compile("\\s*([a-z_]+)\\s*(?:\\(\\s*([^)]*?)\\s*\\))?\\s*");
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** The check as the reference orders its keys (when the YAML text is not at hand): {@code {metric: ssim, aggregate: p05, ">=": 0.85}}. */
    public String written() {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("metric", metric);
        keys.put("aggregate", aggregate == null ? null : quoteIfCall(aggregate));
        keys.put("\">=\"", atLeast);
        keys.put("\">\"", above);
        keys.put("\"<=\"", atMost);
        keys.put("\"<\"", below);
        keys.put("between", between);
        keys.put("compare_to", compareTo == null ? null : quoteIfCall(compareTo));
        keys.put("max_drop", maxDrop);
        keys.put("max_rise", maxRise);
        keys.put("max_relative_drop", maxRelativeDrop);
        keys.put("max_zscore", maxZscore);
        keys.put("per_group", perGroup);
        keys.put("where", where == null ? null : "\"" + where.replace("\"", "\\\"") + "\"");
        keys.put("per_pair", perPair);
        keys.put("max_pairs", maxPairs);
        keys.put("level", level == null ? null : level.configName());
        keys.put("on_missing_baseline", onMissingBaseline == null ? null : onMissingBaseline.configName());
        List<String> parts = new ArrayList<>();
        keys.forEach((k, v) -> {
            if (v != null) {
                parts.add(k + ": " + (v instanceof Double d ? number(d) : v instanceof List<?> l
                        ? "[" + String.join(", ", l.stream().map(x -> x instanceof Double d ? number(d) : String.valueOf(x))
                        .toList()) + "]" : v));
            }
        });
        return "{" + String.join(", ", parts) + "}";
    }

    private static String quoteIfCall(String s) {
        return s.contains("(") ? "\"" + s.trim() + "\"" : s.trim();
    }

    /** A number as a person writes it: {@code 0.85}, {@code 30} (not {@code 30.0}). */
    public static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.valueOf((long) d);
        }
        return String.valueOf(d);
    }

    /**
     * This entry checked: the metric is {@code _pairs} or one of {@code aliases}, the aggregate is known for it,
     * exactly one threshold that fits {@code compare_to}, a run id that can be one, {@code per_group} only with
     * {@code groupBy}, {@code per_pair} only with {@code compare_to}. Null, with the problems added under
     * {@code at} ({@code checks[2]}), when it is not a check; {@code text} is the entry as written.
     */
    Check checked(String at, String text, Set<String> aliases, List<String> groupBy, Problems problems) {
        int before = problems.count();
        String m = problems.required(at + ".metric", metric, ": a metric alias of 'metrics' or " + PAIRS);
        boolean pairs = PAIRS.equals(m);
        if (m != null && !pairs && !aliases.contains(m)) {
            problems.add(at + ".metric", "'" + m + "' is not an alias of the config's metrics (aliases: "
                    + String.join(", ", aliases) + ") nor " + PAIRS);
        }
        boolean pairwise = Boolean.TRUE.equals(perPair);
        Check.Comparison comparison = compareTo == null ? null : comparison(at, problems);
        Check.Aggregate agg = null;
        if (pairwise) {
            if (aggregate != null) {
                problems.add(at + ".aggregate", "a per_pair check compares each pair's value: leave 'aggregate' out");
            }
            if (comparison == null && !problems.has(at + ".compare_to")) {
                problems.add(at + ".per_pair", "needs compare_to: previous, baseline(<run_id>) or last_n(N)");
            }
            if (pairs) {
                problems.add(at + ".per_pair", "needs a metric alias, not " + PAIRS);
            }
        } else {
            String a = problems.required(at + ".aggregate", aggregate, ": one of " + String.join(", ",
                    pairs ? Check.PAIRS_AGGREGATES : Check.METRIC_AGGREGATES)
                    + (pairs ? "" : ", fraction_below(x), fraction_above(x)"));
            agg = a == null ? null : aggregate(at, a, pairs, problems);
        }
        if (maxPairs != null && !pairwise) {
            problems.add(at + ".max_pairs", "only with per_pair: true (how many pairs may regress)");
        } else if (maxPairs != null && maxPairs < 0) {
            problems.add(at + ".max_pairs", "must be 0 or more, got " + maxPairs);
        }
        if (Boolean.TRUE.equals(perGroup) && groupBy.isEmpty()) {
            problems.add(at + ".per_group", "needs input.group_by (one outcome per group)");
        }
        String predicate = problems.text(at + ".where", where);
        if (onMissingBaseline != null && comparison == null && !problems.has(at + ".compare_to")) {
            problems.add(at + ".on_missing_baseline", "only with compare_to");
        }
        Check.Threshold threshold = threshold(at, comparison, pairwise, problems);
        if (problems.count() > before) {
            return null;
        }
        return new Check(text, m, agg, threshold, comparison, Boolean.TRUE.equals(perGroup), predicate,
                pairwise, maxPairs == null ? 0 : maxPairs, level == null ? Check.Level.ERROR : level,
                onMissingBaseline == null ? Check.OnMissing.SKIP : onMissingBaseline);
    }

    private Check.Aggregate aggregate(String at, String text, boolean pairs, Problems problems) {
        Matcher am = AGGREGATE.matcher(text.toLowerCase(Locale.ROOT));
        String name = am.matches() ? am.group(1) : text;
        String arg = am.matches() ? am.group(2) : null;
        List<String> known = pairs ? Check.PAIRS_AGGREGATES : Check.METRIC_AGGREGATES;
        boolean fraction = !pairs && (name.equals("fraction_below") || name.equals("fraction_above"));
        if (!am.matches() || !known.contains(name) && !fraction) {
            problems.add(at + ".aggregate", "unknown aggregate '" + text + "' for " + (pairs ? PAIRS : "a metric")
                    + " (known: " + String.join(", ", known) + (pairs ? "" : ", fraction_below(x), fraction_above(x)")
                    + ")");
            return null;
        }
        if (fraction) {
            Double x = arg == null ? null : parseDouble(arg);
            if (x == null) {
                problems.add(at + ".aggregate", name + " needs a number, e.g. " + name + "(0.7), got '" + text + "'");
                return null;
            }
            return new Check.Aggregate(name, x);
        }
        if (arg != null) {
            problems.add(at + ".aggregate", name + " takes no argument, got '" + text + "'");
            return null;
        }
        return new Check.Aggregate(name, null);
    }

    private static Double parseDouble(String s) {
        try {
            double d = Double.parseDouble(s);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Check.Comparison comparison(String at, Problems problems) {
        Matcher cm = COMPARE.matcher(compareTo);
        String kind = cm.matches() ? cm.group(1) : "";
        String arg = cm.matches() ? cm.group(2) : null;
        String usage = "previous, baseline(<run_id>) or last_n(N), got '" + compareTo + "'";
        if (kind.equals("previous") && arg == null) {
            return new Check.Comparison(Check.Compare.PREVIOUS, null, 1);
        }
        if (kind.equals("baseline") && arg != null) {
            if (!RUN_ID.matcher(arg).matches()) {
                problems.add(at + ".compare_to", "baseline needs a run id (letters, digits, '.', '_', '-'), got '"
                        + arg + "'");
                return null;
            }
            return new Check.Comparison(Check.Compare.BASELINE, arg, 1);
        }
        if (kind.equals("last_n") && arg != null) {
            int n;
            try {
                n = Integer.parseInt(arg);
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1) {
                problems.add(at + ".compare_to", "last_n needs a whole number of runs, 1 or more, got '" + arg + "'");
                return null;
            }
            return new Check.Comparison(Check.Compare.LAST_N, null, n);
        }
        problems.add(at + ".compare_to", "must be " + usage);
        return null;
    }

    /** Exactly one threshold: an absolute one without compare_to, a change limit with it. */
    private Check.Threshold threshold(String at, Check.Comparison comparison, boolean pairwise, Problems problems) {
        Map<String, Double> absolute = new LinkedHashMap<>();
        absolute.put(">=", atLeast);
        absolute.put(">", above);
        absolute.put("<=", atMost);
        absolute.put("<", below);
        Map<String, Double> change = new LinkedHashMap<>();
        change.put("max_drop", maxDrop);
        change.put("max_rise", maxRise);
        change.put("max_relative_drop", maxRelativeDrop);
        change.put("max_zscore", maxZscore);
        List<String> given = new ArrayList<>();
        absolute.forEach((k, v) -> {
            if (v != null) {
                given.add("\"" + k + "\"");
            }
        });
        if (between != null) {
            given.add("between");
        }
        change.forEach((k, v) -> {
            if (v != null) {
                given.add(k);
            }
        });
        boolean compared = compareTo != null;
        String expected = compared
                ? (pairwise ? "max_drop or max_relative_drop" : "max_drop, max_rise, max_relative_drop or max_zscore")
                : "\">=\", \">\", \"<=\", \"<\" or between: [lo, hi]";
        if (given.size() != 1) {
            problems.add(at, (given.isEmpty() ? "needs a threshold: " : "has " + given.size() + " thresholds ("
                    + String.join(", ", given) + "), give exactly one of ") + expected);
            return null;
        }
        String op = given.get(0).replace("\"", "");
        if (absolute.containsKey(op) || op.equals("between")) {
            if (compared) {
                problems.add(at + "." + given.get(0), "with compare_to the threshold is " + expected);
                return null;
            }
            if (op.equals("between")) {
                if (between.size() != 2 || between.get(0) == null || between.get(1) == null
                        || between.get(0) > between.get(1)) {
                    problems.add(at + ".between", "must be [lo, hi] with lo <= hi, got " + between);
                    return null;
                }
                return new Check.Threshold(op, between.get(0), between.get(1));
            }
            return new Check.Threshold(op, absolute.get(op), null);
        }
        if (!compared) {
            problems.add(at + "." + op, "needs compare_to: previous, baseline(<run_id>) or last_n(N)");
            return null;
        }
        double limit = change.get(op);
        if (limit < 0 || !Double.isFinite(limit)) {
            problems.add(at + "." + op, "must be 0 or more, got " + number(limit));
            return null;
        }
        if (pairwise && !op.equals("max_drop") && !op.equals("max_relative_drop")) {
            problems.add(at + "." + op, "a per_pair check takes " + expected);
            return null;
        }
        if (op.equals("max_zscore") && comparison != null
                && (comparison.kind() != Check.Compare.LAST_N || comparison.n() < 3)) {
            problems.add(at + ".max_zscore", "needs compare_to: last_n(N) with N >= 3 (a mean and a standard"
                    + " deviation over runs), got compare_to: " + compareTo);
            return null;
        }
        return new Check.Threshold(op, limit, null);
    }
}
