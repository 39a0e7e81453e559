package org.imgloss.job.check;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.imgloss.job.config.Check;
import org.imgloss.job.output.RunsTable;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The outcome of a run's checks: one {@link Outcome} per check (per group), the {@code regressions} rows of
 * its per-pair checks, and the run's verdict: {@code failed} when an error-level check failed,
 * {@code warning} when only warning-level ones did, else {@code passed} (skipped checks do not fail a run).
 */
public final class Verdict {

    /** Table names. */
    public static final String CHECKS = "checks";
    public static final String REGRESSIONS = "regressions";

    /** The {@code checks} table: one row per check (per group) and run. */
    public static final StructType CHECKS_SCHEMA = new StructType()
            .add("check", DataTypes.StringType)
            .add("metric", DataTypes.StringType)
            .add("aggregate", DataTypes.StringType)
            .add("group", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
            .add("level", DataTypes.StringType)
            .add("observed", DataTypes.DoubleType)
            .add("threshold", DataTypes.StringType)
            .add("compared_run_id", DataTypes.StringType)
            .add("status", DataTypes.StringType)
            .add("message", DataTypes.StringType)
            .add("name", DataTypes.StringType)
            .add("run_id", DataTypes.StringType);

    private final List<Outcome> outcomes;
    private final Dataset<Row> regressions;

    Verdict(List<Outcome> outcomes, Dataset<Row> regressions) {
        this.outcomes = List.copyOf(outcomes);
        this.regressions = regressions;
    }

    /** The {@code regressions} table's columns before the group columns; the group columns, {@code name} and {@code run_id} follow. */
    static StructType regressionsSchema(List<String> groupBy) {
        StructType s = new StructType()
                .add("key", DataTypes.StringType)
                .add("metric", DataTypes.StringType)
                .add("value", DataTypes.DoubleType)
                .add("compared_value", DataTypes.DoubleType)
                .add("change", DataTypes.DoubleType)
                .add("relative_change", DataTypes.DoubleType)
                .add("compared_run_id", DataTypes.StringType);
        for (String g : groupBy) {
            s = s.add(g, DataTypes.StringType);
        }
        return s.add("name", DataTypes.StringType).add("run_id", DataTypes.StringType);
    }

    public List<Outcome> outcomes() {
        return outcomes;
    }

    /** The regressed pairs of the per-pair checks (the {@code regressions} table's rows of the run). */
    public Dataset<Row> regressions() {
        return regressions;
    }

    public long count(Outcome.Status status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }

    private boolean failed(Check.Level level) {
        return outcomes.stream().anyMatch(o -> o.status() == Outcome.Status.FAILED && o.check().level() == level);
    }

    /** {@code failed}, {@code warning} or {@code passed}. */
    public String verdict() {
        return failed(Check.Level.ERROR) ? "failed" : failed(Check.Level.WARNING) ? "warning" : "passed";
    }

    /** Whether the run fails: an error-level check failed, or with {@code failOnWarning} a warning-level one. */
    public boolean fails(boolean failOnWarning) {
        return failed(Check.Level.ERROR) || failOnWarning && failed(Check.Level.WARNING);
    }

    /** The counts and verdict for the run's row in {@code runs}. */
    public RunsTable.CheckCounts counts() {
        return new RunsTable.CheckCounts(count(Outcome.Status.PASSED), count(Outcome.Status.FAILED),
                count(Outcome.Status.SKIPPED), verdict());
    }

    /** The {@code checks} table's rows of the run. */
    public Dataset<Row> checksTable(SparkSession spark, String name, String runId) {
        List<Row> rows = new ArrayList<>();
        for (Outcome o : outcomes) {
            rows.add(RowFactory.create(o.check().written(), o.check().metric(), o.aggregate(),
                    CollectionConverters.asScala(o.group()), o.check().level().configName(), o.observed(),
                    o.threshold(), o.comparedRunId(), o.status().tableName(), o.message(), name, runId));
        }
        return spark.createDataFrame(rows, CHECKS_SCHEMA).coalesce(1);
    }

    /** On stderr: one line per failed or skipped check, then {@code checks: N passed, N failed, N skipped}. */
    public void print(PrintWriter err) {
        for (Outcome o : outcomes) {
            if (o.status() != Outcome.Status.PASSED) {
                err.println(o.line());
            }
        }
        err.println("checks: " + count(Outcome.Status.PASSED) + " passed, " + count(Outcome.Status.FAILED) + " failed, "
                + count(Outcome.Status.SKIPPED) + " skipped");
        err.flush();
    }
}
