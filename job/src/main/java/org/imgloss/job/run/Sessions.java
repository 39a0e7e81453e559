package org.imgloss.job.run;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.config.AuditConfig;

/**
 * Creates (or reuses) the SparkSession for a run. Under {@code spark-submit} the master and the
 * submit options win ({@code spark.master} is already a system property) and {@code spark.master}
 * of the config is ignored. In local mode the UI is off unless the config turns it on. A session
 * that already runs (tests, notebooks) is reused: it takes the config's {@code spark.sql.*} settings,
 * and its {@code spark.hadoop.*} settings go into the Hadoop configuration, as they would at start.
 */
public final class Sessions {

    private Sessions() {
    }

    /** A session and whether this run owns it (and so stops it at the end). */
    public record Handle(SparkSession session, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                session.stop();
            }
        }
    }

    /** True when spark-submit (or the environment) chose the master. */
    public static boolean underSparkSubmit() {
        return System.getProperty("spark.master") != null;
    }

    public static Handle open(AuditConfig config) {
        var existing = SparkSession.getActiveSession();
        if (existing.isEmpty()) {
            existing = SparkSession.getDefaultSession();
        }
        if (existing.isDefined()) {
            SparkSession s = existing.get();
            for (Map.Entry<String, String> e : config.spark().conf().entrySet()) {
                if (e.getKey().startsWith("spark.sql.")) {
                    s.conf().set(e.getKey(), e.getValue());
                } else if (e.getKey().startsWith("spark.hadoop.")) {
                    // what a new session does with spark.hadoop.* (e.g. fs.s3a.* credentials and endpoint)
                    s.sparkContext().hadoopConfiguration()
                            .set(e.getKey().substring("spark.hadoop.".length()), e.getValue());
                }
            }
            return new Handle(s, false);
        }
        SparkSession.Builder b = SparkSession.builder().appName("imgloss " + config.name());
        boolean local;
        if (underSparkSubmit()) {
            local = System.getProperty("spark.master").startsWith("local");
        } else {
            b = b.master(config.spark().master());
            local = config.spark().master().startsWith("local");
        }
        if (local && !config.spark().conf().containsKey("spark.ui.enabled")) {
            b = b.config("spark.ui.enabled", "false");
        }
        for (Map.Entry<String, String> e : config.spark().conf().entrySet()) {
            b = b.config(e.getKey(), e.getValue());
        }
        return new Handle(b.getOrCreate(), true);
    }
}
