package org.imgloss.job;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.run.Sessions;

/**
 * The one small local SparkSession that all of this module's tests share (per test JVM: the unit
 * tests, and the integration tests): created by the first test class that asks, then reused, so a
 * test run starts Spark once. Test classes do not stop it; Spark's own shutdown hook stops it when
 * the JVM exits. A job run in a test finds it and reuses it ({@code Sessions.open}), without
 * stopping it. It has Delta Lake's extension and catalog as the job's own sessions have them, and the
 * settings of the history commands for small queries ({@link Sessions#smallQuerySettings()}: no adaptive
 * execution, no whole-stage code generation; expressions still compiled, as in a run of more than 20,000 pairs,
 * while a test's runs evaluate them, as small runs do: {@code SmallRunSettings}): the tests' tables have a few
 * rows, where re-planning and compiling generated code for each of the many short queries cost more than they save.
 */
public final class TestSpark {

    private static SparkSession session;

    private TestSpark() {
    }

    public static synchronized SparkSession session() {
        if (session == null || session.sparkContext().isStopped()) {
            SparkSession.Builder b = SparkSession.builder()
                    .master("local[2]")
                    .appName("imgloss-test")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1");
            Map<String, String> settings = new java.util.LinkedHashMap<>(Sessions.deltaSettings());
            settings.putAll(Sessions.smallQuerySettings());
            settings.remove(Sessions.CODEGEN_FACTORY_MODE); // left to each run (SmallRunSettings); other queries compiled
            for (Map.Entry<String, String> e : settings.entrySet()) {
                b = b.config(e.getKey(), e.getValue());
            }
            session = b.config("spark.sql.shuffle.partitions", "2").getOrCreate();
        }
        return session;
    }
}
