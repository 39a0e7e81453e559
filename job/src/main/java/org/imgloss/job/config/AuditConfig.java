package org.imgloss.job.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * An audit configuration: one record per section of the YAML file, bound by {@link ConfigBinder} and then
 * {@link #checked checked} as a whole. {@link ConfigLoader} does both before Spark starts.
 *
 * <p>A new section is a record whose components carry {@code @JsonProperty} with the YAML keys (see
 * {@link DecodeConfig}), plus a component here, named in the {@code @JsonCreator} constructor below and
 * checked in {@link #checked}.
 *
 * @param name    dataset / audit name, written to every output row
 * @param runId   the run's id (checked: {@code auto} became a UTC timestamp)
 * @param spark   Spark master and settings
 * @param input   where the pairs come from and how they are decoded
 * @param metrics the metrics to score, in output order, aliases unique
 * @param output  where and how the tables are written
 * @param checks  the checks of the run's verdict ({@code checks}), checked against the metrics and group_by
 * @param report  the HTML report each run writes
 * @param summary how the {@code summary} table computes its percentiles
 * @param yaml    the effective configuration (overrides applied) as YAML, for the runs table
 */
public record AuditConfig(String name, String runId, SparkSettings spark, InputConfig input,
                          List<MetricConfig> metrics, OutputConfig output, ChecksConfig checks, ReportConfig report,
                          SummaryConfig summary, String yaml) {

    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final DateTimeFormatter RUN_ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * An automatic run id: the UTC start time to the millisecond and 4 random hex digits
     * ({@code 20261123T025157.123Z-3f9a}), so ids sort by start time and two runs started in the same
     * millisecond still get different ids.
     */
    static String autoRunId(Instant now) {
        return RUN_ID_TIME.format(now) + "-" + String.format("%04x",
                java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000));
    }

    /** The file's sections, as written: a section left out is bound as an empty one. */
    @JsonCreator
    AuditConfig(@JsonProperty("name") String name,
                @JsonProperty("run_id") String runId,
                @JsonProperty("spark") @JsonSetter(nulls = Nulls.AS_EMPTY) SparkSettings spark,
                @JsonProperty("input") @JsonSetter(nulls = Nulls.AS_EMPTY) InputConfig input,
                @JsonProperty("metrics") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                List<MetricConfig> metrics,
                @JsonProperty("output") @JsonSetter(nulls = Nulls.AS_EMPTY) OutputConfig output,
                @JsonProperty("checks") ChecksConfig checks,
                @JsonProperty("report") ReportConfig report,
                @JsonProperty("summary") SummaryConfig summary) {
        this(name, runId, spark, input, metrics, output, checks, report, summary, null);
    }

    public AuditConfig {
        metrics = metrics == null ? null : Collections.unmodifiableList(new ArrayList<>(metrics));
        checks = checks == null ? new ChecksConfig() : checks;
        report = report == null ? ReportConfig.DEFAULT : report;
        summary = summary == null ? SummaryConfig.DEFAULT : summary;
    }

    /** With each check's text as written in the YAML tree's {@code checks} list. */
    AuditConfig withCheckTexts(com.fasterxml.jackson.databind.JsonNode checksNode) {
        return new AuditConfig(name, runId, spark, input, metrics, output, checks.withTexts(checksNode), report, summary,
                yaml);
    }

    AuditConfig withYaml(String effectiveYaml) {
        return new AuditConfig(name, runId, spark, input, metrics, output, checks, report, summary, effectiveYaml);
    }

    /**
     * The config as it runs, every problem added: required keys there, the run id resolved, paths resolved
     * against {@code baseDir} and checked when local, metrics known with valid parameters and unique aliases,
     * the columns that group_by and masks name carried (where known before Spark starts), secrets read from
     * {@code env} (environment variable name to value).
     */
    AuditConfig checked(Path baseDir, Instant now, Function<String, String> env, Problems problems) {
        String checkedName = problems.required("name", name, ": the dataset / audit name written to every output row");
        String checkedRunId = problems.text("run_id", runId);
        if (checkedRunId == null || checkedRunId.equalsIgnoreCase("auto")) {
            checkedRunId = autoRunId(now);
        } else if (!RUN_ID.matcher(checkedRunId).matches()) {
            problems.add("run_id", "must be 'auto' or letters, digits, '.', '_', '-' (it names a folder), got '"
                    + checkedRunId + "'");
        }
        SparkSettings checkedSpark = spark.checked(problems);
        Locations at = new Locations(baseDir, checkedSpark.master().startsWith("local"));
        InputConfig checkedInput = input.checked(at, problems);
        List<String> carried = InputColumns.knownCarried(checkedInput, at, problems); // null: known at run time
        if (carried != null) {
            problems.addAll(InputColumns.groupByErrors(checkedInput.groupBy(), carried));
        }
        List<MetricConfig> checkedMetrics = checkedMetrics(checkedInput.decode(), problems);
        if (carried != null) {
            problems.addAll(InputColumns.maskColumnErrors(checkedMetrics, carried));
        }
        return new AuditConfig(checkedName, checkedRunId, checkedSpark, checkedInput, checkedMetrics,
                output.checked(at, checkedMetrics, env, problems),
                checks.checked(metrics, checkedInput.groupBy(), problems), report.checked(problems),
                summary.checked(problems), null);
    }

    /**
     * The valid metrics; aliases must be unique and not a column of the scores table, a {@code data_range}
     * must fit the decoded values ({@link DecodeConfig#dataRangeProblem}).
     */
    private List<MetricConfig> checkedMetrics(DecodeConfig decode, Problems problems) {
        List<MetricConfig> valid = new ArrayList<>();
        if (metrics == null) {
            if (!problems.has("metrics")) {
                problems.add("metrics", "required: a list of metric names or {name: ..., <parameter>: ..., as: ...}"
                        + " entries (see 'imgloss metrics')");
            }
            return valid;
        }
        if (metrics.isEmpty()) {
            problems.add("metrics", "must name at least one metric (see 'imgloss metrics')");
        }
        Map<String, Integer> aliases = new HashMap<>();
        for (int i = 0; i < metrics.size(); i++) {
            String where = "metrics[" + i + "]";
            if (metrics.get(i) == null && !problems.has(where)) {
                problems.add(where, "must be a metric name or a mapping with 'name', got nothing");
            }
            MetricConfig m = metrics.get(i) == null ? null : metrics.get(i).checked(where, problems);
            if (m == null) {
                continue;
            }
            Integer previous = aliases.putIfAbsent(m.alias(), i);
            if (previous != null) {
                problems.add(where + ".as", "alias '" + m.alias() + "' is already used by metrics[" + previous
                        + "]; give one of them another name with 'as: <alias>'");
            } else if (InputColumns.RESERVED_COLUMNS.contains(m.alias())) {
                problems.add(where + ".as", "'" + m.alias() + "' is a column of the scores table;"
                        + " choose another alias");
            }
            String range = decode.dataRangeProblem(m);
            if (range != null) {
                problems.add(where + ".data_range", range);
            }
            valid.add(m);
        }
        return valid;
    }
}
