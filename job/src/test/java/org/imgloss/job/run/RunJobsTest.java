package org.imgloss.job.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.SparkJobs;
import org.imgloss.job.TestImages;
import org.imgloss.job.TestSpark;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark jobs one run starts, counted with a SparkListener ({@link SparkJobs}): the folders' listing (in
 * Spark tasks) and pairing, and the pairs' costing (their files' headers), the scoring inside the write of {@code scores} (no job scores or
 * decodes the pairs before it), then one
 * pass over the cached scores for the failures by code, one for the summary (collected, then written
 * from the driver) and the small writes. The count is pinned so that a needless job shows up here.
 */
class RunJobsTest {

    @TempDir
    static Path dir;

    /**
     * Jobs per run (parquet history, directories input, no group_by, the report off: it is made after the
     * run is complete), as measured: 18, most of them small (the history's conflict check, the listing
     * and pairing, the pairs' costing (the costs summed, then the heavy pairs found), the scores write with the scoring in it, the failures and summary passes, the
     * checks' aggregates, the summary, checks, regressions and runs writes and their staging renames'
     * listings).
     */
    static final int JOBS = 18;

    @Test
    void aRunStartsAFixedSmallNumberOfJobsAndScoresEachPairOnce() throws Exception {
        SparkSession spark = TestSpark.session();
        for (int i = 0; i < 4; i++) {
            int[] p = TestImages.base(40 + i);
            TestImages.write(dir.resolve("recon/p" + i + ".png"), TestImages.png(TestImages.noisy(p, 5, i)));
            TestImages.write(dir.resolve("orig/p" + i + ".png"), TestImages.png(p));
        }
        AuditConfig c = new ConfigLoader(dir, Instant.now()).parse("""
                name: jobs
                run_id: j1
                input: {type: directories, reconstructions: recon, originals: orig}
                metrics: [psnr, ssim]
                output: {path: out, format: parquet}
                report: {enabled: false}
                """, List.of());
        AuditJob.Result[] r = new AuditJob.Result[1];
        List<String> jobs = SparkJobs.during(() -> r[0] = new AuditJob(spark, new PrintWriter(new StringWriter()), 0)
                .run(c, Instant.now()));
        assertEquals(4, r[0].pairsIn());
        assertEquals(4, r[0].pairsScoredByTasks(), "each pair scored once");
        System.out.println("RunJobsTest: " + jobs.size() + " Spark jobs: " + jobs);
        assertTrue(jobs.size() <= JOBS, jobs.size() + " jobs: " + jobs);
    }
}
