package org.imgloss.job.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.TestImages;
import org.imgloss.job.TestSpark;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run of few pairs evaluates its queries' expressions instead of compiling them, where the session does
 * not choose itself, and leaves the session's settings as they were.
 */
class SmallRunSettingsTest {

    static final String FACTORY = Sessions.CODEGEN_FACTORY_MODE;
    static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";

    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void setUp() {
        spark = TestSpark.session();
        int[] p = TestImages.base(1);
        TestImages.write(dir.resolve("pairs/recon/p1.png"), TestImages.png(TestImages.noisy(p, 6, 11)));
        TestImages.write(dir.resolve("pairs/orig/p1.png"), TestImages.png(p));
    }

    @Test
    void appliesWhatTheSessionDoesNotSetAndGivesItBack() {
        assertFalse(spark.conf().contains(FACTORY), "the tests' session leaves the factory mode to Spark");
        assertEquals("false", spark.conf().get(WHOLE_STAGE), "the tests' session sets whole-stage code generation");
        try (SmallRunSettings s = SmallRunSettings.apply(spark, Map.of(WHOLE_STAGE, "true"))) {
            assertEquals(Map.of(FACTORY, "NO_CODEGEN"), s.applied(), "the session's and the config's settings stay");
            assertEquals("NO_CODEGEN", spark.conf().get(FACTORY));
            s.pairs(SmallRunSettings.MAX_PAIRS);
            assertEquals("NO_CODEGEN", spark.conf().get(FACTORY), "a small run keeps them");
            s.pairs(SmallRunSettings.MAX_PAIRS + 1);
            assertFalse(spark.conf().contains(FACTORY), "a large run compiles again, from its pair count on");
            assertEquals(Map.of(), s.applied());
        }
        assertFalse(spark.conf().contains(FACTORY));
        assertEquals("false", spark.conf().get(WHOLE_STAGE));
    }

    @Test
    void aRunHasThemWhileItRunsUnlessItsConfigSetsThem() throws Exception {
        assertEquals("NO_CODEGEN", settingDuringRun(SmallRunSettings.MAX_PAIRS), "a run of one pair");
        assertFalse(spark.conf().contains(FACTORY), "the session as it was, after the run");
        assertEquals("unset", settingDuringRun(0), "a larger run than the maximum compiles once it has counted");

        assertEquals("unset", settingDuringRun(SmallRunSettings.MAX_PAIRS,
                        "spark.conf.spark.sql.codegen.factoryMode=CODEGEN_ONLY"),
                "the config's setting wins (Sessions.open gives it to the session)");
    }

    /** The factory mode the session has once the run (small up to {@code maxPairs} pairs) has counted its pairs. */
    private static String settingDuringRun(long maxPairs, String... overrides) throws Exception {
        AuditConfig c = new ConfigLoader(dir, Instant.now()).parse("""
                name: small
                input: {type: directories, reconstructions: pairs/recon, originals: pairs/orig}
                metrics: [mse]
                output: {path: out/small, format: parquet}
                report: {enabled: false}
                """, List.of(overrides));
        AtomicReference<String> seen = new AtomicReference<>();
        AuditJob.Result r = new AuditJob(spark, new PrintWriter(new StringWriter()), 0).smallRunMaxPairs(maxPairs)
                .injectAfterListing(() -> seen.set(spark.conf().contains(FACTORY) ? spark.conf().get(FACTORY) : "unset"))
                .run(c, Instant.now());
        assertEquals(1, r.pairsScored());
        assertTrue(r.summary().size() > 0);
        return seen.get();
    }
}
