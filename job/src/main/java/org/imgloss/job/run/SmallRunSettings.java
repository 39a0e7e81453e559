package org.imgloss.job.run;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark SQL settings of a run of few pairs: expressions evaluated as they are, not compiled
 * ({@value Sessions#CODEGEN_FACTORY_MODE} {@code NO_CODEGEN}), and no whole-stage code generation.
 *
 * <p>A run starts some 40 small queries (listing, costing, the scores' write, the failures, the summary,
 * the checks, the other tables' writes, the report), and Spark compiles the generated code of each kind of
 * query once per JVM with Janino: for the sample audit's 11 pairs, 193 classes (28 with these settings)
 * and several CPU-seconds, against milliseconds for evaluating the same expressions on its rows. Measured
 * on the sample audit (2-core VM, 2026-12-06, alternating): 15.0 to 17.3 s instead of 17.5 to 18.3 s from
 * command to exit, the same tables. On many pairs compiled code pays for itself, so a run of more than {@link #MAX_PAIRS} pairs returns to the
 * session's settings as soon as it has counted its pairs (before scoring).
 *
 * <p>A setting the session already has (spark-submit's {@code --conf}, or set in a notebook) or the config's
 * {@code spark.conf} gives is left as it is. Closing gives the session its settings back, so a session the run
 * reuses (a notebook's, the tests') is as it was before the run.
 * Runs side by side in one session share the settings: the first to start applies them, its end removes
 * them (the other run's remaining queries are then compiled; only their speed differs).
 */
public final class SmallRunSettings implements AutoCloseable {

    /** Runs of at most this many pairs keep the small-run settings to their end (the default maximum). */
    public static final long MAX_PAIRS = 20_000;

    private final RuntimeConfig conf;
    private final long maxPairs;
    private final Map<String, String> applied = new LinkedHashMap<>();

    private SmallRunSettings(RuntimeConfig conf, long maxPairs) {
        this.conf = conf;
        this.maxPairs = maxPairs;
    }

    /**
     * Applies {@link Sessions#interpretedSettings()} where neither the session nor the config's
     * {@code spark.conf} ({@code sparkConf}) sets them, for a run of at most {@link #MAX_PAIRS} pairs.
     */
    public static SmallRunSettings apply(SparkSession spark, Map<String, String> sparkConf) {
        return apply(spark, sparkConf, MAX_PAIRS);
    }

    /** As {@link #apply(SparkSession, Map)}, for runs of at most {@code maxPairs} pairs. */
    static SmallRunSettings apply(SparkSession spark, Map<String, String> sparkConf, long maxPairs) {
        SmallRunSettings s = new SmallRunSettings(spark.conf(), maxPairs);
        for (Map.Entry<String, String> e : Sessions.interpretedSettings().entrySet()) {
            if (!s.conf.contains(e.getKey()) && !sparkConf.containsKey(e.getKey())) {
                s.conf.set(e.getKey(), e.getValue());
                s.applied.put(e.getKey(), e.getValue());
            }
        }
        return s;
    }

    /** The settings this run applied (none when the session set them all itself, or after a restore). */
    public Map<String, String> applied() {
        return Map.copyOf(applied);
    }

    /** Tells the run's pair count: more than the run's maximum restores the session's settings. */
    public void pairs(long pairs) {
        if (pairs > maxPairs) {
            close();
        }
    }

    /** Restores the session's settings (unset again); idempotent. */
    @Override
    public void close() {
        for (String key : applied.keySet()) {
            conf.unset(key);
        }
        applied.clear();
    }
}
