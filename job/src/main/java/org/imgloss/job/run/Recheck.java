package org.imgloss.job.run;

import static org.apache.spark.sql.functions.col;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.check.Checker;
import org.imgloss.job.check.Verdict;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.OutputFormat;
import org.imgloss.job.config.Secrets;
import org.imgloss.job.output.History;
import org.imgloss.job.output.RunsTable;
import org.imgloss.job.output.ScoresSchema;
import org.imgloss.job.output.Sinks;
import org.imgloss.job.output.TableWriter;

/**
 * {@code imgloss check}: the config's checks evaluated again against a complete run of the history, without
 * scoring: the run's {@code checks} and {@code regressions} rows are replaced, then its {@code runs} row
 * with the new counts and verdict (written last, as a run writes it).
 */
public final class Recheck {

    /** @param runId the run that was checked */
    public record Result(String runId, Verdict verdict) {
    }

    private Recheck() {
    }

    /**
     * @param runId the run to check, or null for the newest complete run of the config's {@code name}
     * @throws ConfigException when there is no history, or no such run, at {@code output.path}
     */
    public static Result run(SparkSession spark, AuditConfig config, String runId) throws ConfigException {
        String where = Secrets.maskUserInfo(String.valueOf(config.output().path()));
        OutputFormat format = History.existingFormat(spark, config.output());
        if (format == null) {
            throw new ConfigException(List.of("output.path: no audit history at " + where + " (run the audit first)"));
        }
        List<String> conflicts = History.conflicts(spark, config.output(), null);
        if (!conflicts.isEmpty()) {
            throw new ConfigException(conflicts);
        }
        Dataset<Row> runs = History.complete(spark, config.output(), AuditJob.RUNS);
        Dataset<Row> row = runId != null
                ? runs.filter(col(ScoresSchema.RUN_ID).cast("string").equalTo(runId))
                : runs.filter(col(ScoresSchema.NAME).cast("string").equalTo(config.name()))
                        .orderBy(col("start_time").cast("timestamp").desc(), col(ScoresSchema.RUN_ID).desc()).limit(1);
        List<Row> found = row.select(col(ScoresSchema.RUN_ID).cast("string"), col("start_time").cast("timestamp"))
                .collectAsList();
        if (found.isEmpty()) {
            throw new ConfigException(List.of(runId != null
                    ? "--run-id: no complete run " + runId + " in the history at " + where + " ('imgloss runs' lists them)"
                    : "name: no complete run of '" + config.name() + "' in the history at " + where));
        }
        String id = found.get(0).getString(0);
        Timestamp start = found.get(0).getTimestamp(1);
        Dataset<Row> scores = History.read(spark, config.output(), AuditJob.SCORES)
                .filter(col(ScoresSchema.RUN_ID).cast("string").equalTo(id));
        Verdict verdict = new Checker(spark, config, config.output()).evaluate(scores, id, start.toInstant());

        TableWriter writer = new TableWriter(config.output(), id);
        Dataset<Row> checks = verdict.checksTable(spark, config.name(), id);
        writer.write(checks, Verdict.CHECKS);
        writer.write(verdict.regressions(), Verdict.REGRESSIONS);
        Dataset<Row> runRow = RunsTable.withChecks(spark, History.read(spark, config.output(), AuditJob.RUNS)
                .filter(col(ScoresSchema.RUN_ID).cast("string").equalTo(id)), verdict.counts());
        writer.write(runRow, AuditJob.RUNS);
        Sinks.publish(spark, config.output(), id, Map.of(Verdict.CHECKS, checks, Verdict.REGRESSIONS,
                verdict.regressions(), AuditJob.RUNS, runRow));
        return new Result(id, verdict);
    }
}
