package org.imgloss.job.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.TestImages;
import org.imgloss.job.TestSpark;
import org.imgloss.job.check.Checker;
import org.imgloss.job.check.Outcome;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigLoader;
import org.imgloss.job.output.History;
import org.imgloss.job.output.PercentileScores;
import org.imgloss.job.output.Percentiles;
import org.imgloss.job.output.ScoresSchema;
import org.imgloss.job.output.SummaryTable;
import org.imgloss.job.run.AuditJob;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One rule for exact and approximate percentiles ({@code summary.exact_percentiles_up_to}, here 5): a set of
 * finite values gets the same percentiles in the {@code summary}, in a check's observed value and in the
 * report, decided by that set's own count (a group, or all pairs), not by the run's pair count.
 */
class PercentileRuleTest {

    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = TestSpark.session();
    }

    private static AuditConfig config(String yaml) throws Exception {
        return new ConfigLoader(dir, Instant.now()).parse(yaml, List.of());
    }

    @Test
    void aCheckObservesTheSummarysPercentilesOnBothSidesOfTheLimit() throws Exception {
        AuditConfig config = config("""
                name: rule
                input: {type: directories, reconstructions: r, originals: o, group_by: [folder]}
                metrics: [mse]
                output: {path: out/none}
                summary: {exact_percentiles_up_to: 5}
                checks:
                  - {metric: mse, aggregate: p95, per_group: true, "<": 1000}
                  - {metric: mse, aggregate: p05, per_group: true, "<": 1000}
                  - {metric: mse, aggregate: p50, "<": 1000}
                """);
        Dataset<Row> scores = PercentileScores.of(spark, "folder", false, 2);
        Map<String, Row> summary = new HashMap<>();
        for (Row r : SummaryTable.build(scores, config.metrics(), List.of("folder"), "rule", "r1", 5, 16)
                .collectAsList()) {
            summary.put(r.getAs("folder") + "/" + r.getAs("metric"), r);
        }
        Row all = SummaryTable.build(scores, config.metrics(), List.of(), "rule", "r1", 5, 16)
                .filter("metric = 'mse'").first();
        assertEquals(Percentiles.APPROXIMATE, summary.get("big/mse").getAs("percentiles"));
        assertEquals(Percentiles.EXACT, summary.get("small/mse").getAs("percentiles"));
        assertEquals(Percentiles.APPROXIMATE, all.getAs("percentiles"));
        // approximate (a value of the group) and exact (interpolated) differ here, so the test tells them apart
        assertNotEquals(9.55, (double) summary.get("big/mse").getAs("p95"));

        List<Outcome> outcomes = new Checker(spark, config, null).evaluate(scores, "r1", Instant.now()).outcomes();
        int compared = 0;
        for (Outcome o : outcomes) {
            if (!o.check().metric().equals("mse")) {
                continue;
            }
            String p = o.check().aggregate().name();
            Row expected = o.group().isEmpty() ? all : summary.get(o.group().get("folder") + "/mse");
            assertEquals((Double) expected.getAs(p), o.observed(), o.check().written() + " " + o.group());
            compared++;
        }
        assertEquals(5, compared, outcomes.toString());
    }

    @Test
    void theReportsPercentilesAreTheSummarys() throws Exception {
        // 7 pairs in, 2 without an original: 5 finite values, exact although the run has more pairs than 5
        for (int i = 1; i <= 7; i++) {
            int[] p = TestImages.base(i);
            TestImages.write(dir.resolve("r/p" + i + ".png"), TestImages.png(TestImages.noisy(p, 3 * i, i)));
            if (i <= 5) {
                TestImages.write(dir.resolve("o/p" + i + ".png"), TestImages.png(p));
            }
        }
        AuditConfig config = config("""
                name: rule
                run_id: rep
                input: {type: directories, reconstructions: r, originals: o}
                metrics: [mse]
                output: {path: out/report}
                report: {enabled: false}
                summary: {exact_percentiles_up_to: 5}
                checks: [{metric: mse, aggregate: p05, "<": 100000}]
                """);
        AuditJob.Result result = new AuditJob(spark, new PrintWriter(new StringWriter()), 0).run(config, Instant.now());
        assertEquals(7, result.pairsIn());
        Row summary = History.read(spark, config.output(), "summary").filter("metric = 'mse'").first();
        assertEquals(Percentiles.EXACT, summary.getAs("percentiles"));
        assertEquals(5L, (long) summary.getAs("count"));

        ReportModel.Histogram h = new ReportData(spark, config, config.output(), "rep").build().metrics().get(0)
                .histogram();
        assertEquals((Double) summary.getAs("p05"), h.p05());
        assertEquals((Double) summary.getAs("p50"), h.p50());
        assertEquals((Double) summary.getAs("p95"), h.p95());
        Outcome check = result.verdict().outcomes().stream().filter(o -> o.check().metric().equals("mse"))
                .findFirst().orElseThrow();
        assertEquals((Double) summary.getAs("p05"), check.observed());
    }
}
