package org.imgloss.job.run;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.Secrets;

/**
 * Creates (or reuses) the SparkSession for a run. Under {@code spark-submit} the master and the
 * submit options win ({@code spark.master} is already a system property) and {@code spark.master}
 * of the config is ignored. In local mode the UI is off unless the config turns it on. A session
 * When Delta Lake is on the class path the session gets its extension and catalog
 * ({@link #deltaSettings()}). A session
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

    /** The class of Delta Lake's session extension; present when Delta is on the class path. */
    public static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";

    /**
     * The session settings Delta Lake needs (its SQL extension, for {@code delta.`path`} and
     * {@code VERSION AS OF}, and its catalog) plus three that keep it quick on a small machine: the
     * snapshot of the log in 2 partitions, few shuffle partitions, and no list of the table's files in the
     * checksum file written with each commit (Delta makes that list from the previous version's, and for a
     * new table from an empty snapshot by a Spark job: one per table of a new history; Delta's readers
     * build their file list from the log either way). A setting the config gives wins.
     */
    public static Map<String, String> deltaSettings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("spark.sql.extensions", DELTA_EXTENSION);
        m.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        m.put("spark.databricks.delta.snapshotPartitions", "2");
        m.put("spark.sql.shuffle.partitions", "4");
        m.put("spark.databricks.delta.allFilesInCrc.enabled", "false");
        return m;
    }

    /** True when Delta Lake is on the class path (local mode always; spark-submit with its package). */
    public static boolean deltaAvailable() {
        try {
            Class.forName(DELTA_EXTENSION, false, Thread.currentThread().getContextClassLoader() == null
                    ? Sessions.class.getClassLoader() : Thread.currentThread().getContextClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Settings for a session that only runs a few small queries on the history ({@code runs}, {@code sql},
     * {@code export}): no adaptive query execution, no whole-stage code generation, and expressions
     * evaluated as they are rather than compiled ({@value #CODEGEN_FACTORY_MODE} {@code NO_CODEGEN}). On tables
     * of a few thousand rows each costs more (re-planning, compiling generated code) than it saves: turned off
     * one at a time on the sample audit's history, the first two each took some 1.5 s off a 15 s
     * {@code imgloss runs}; the third took some 3 of 20 CPU seconds off {@code imgloss export} (the 45 classes
     * Spark and Delta Lake otherwise compile with Janino for it, reading the tables' logs included). A setting
     * the config gives wins.
     */
    public static Map<String, String> smallQuerySettings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("spark.sql.adaptive.enabled", "false");
        m.putAll(interpretedSettings());
        return m;
    }

    /**
     * Spark evaluating expressions as they are instead of compiling generated code: no whole-stage code
     * generation, {@value #CODEGEN_FACTORY_MODE} {@code NO_CODEGEN}. Part of {@link #smallQuerySettings()};
     * a run of few pairs sets them while it runs ({@link SmallRunSettings}).
     */
    public static Map<String, String> interpretedSettings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("spark.sql.codegen.wholeStage", "false");
        m.put(CODEGEN_FACTORY_MODE, "NO_CODEGEN");
        return m;
    }

    /** Spark's choice between compiled and interpreted expressions (projections, predicates, orderings). */
    public static final String CODEGEN_FACTORY_MODE = "spark.sql.codegen.factoryMode";

    /**
     * The settings a new session gets: the config's, and each of {@code defaults} that neither the config nor
     * a system property (spark-submit's {@code --conf}) sets.
     */
    static Map<String, String> withDefaults(Map<String, String> conf, Map<String, String> defaults) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : defaults.entrySet()) {
            if (!conf.containsKey(e.getKey()) && System.getProperty(e.getKey()) == null) {
                m.put(e.getKey(), e.getValue());
            }
        }
        m.putAll(conf);
        return m;
    }

    /** A session for a run: see {@link #open(AuditConfig, Map)}, without defaults of its own. */
    public static Handle open(AuditConfig config) {
        return open(config, Map.of());
    }

    /**
     * A session for the config ({@code spark.master}, {@code spark.conf}). {@code defaults} apply to a
     * session this call starts where neither the config nor a system property (spark-submit) sets them;
     * a session that already runs is left with its own.
     */
    public static Handle open(AuditConfig config, Map<String, String> defaults) {
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
        for (Map.Entry<String, String> e : withDefaults(config.spark().conf(), defaults).entrySet()) {
            b = b.config(e.getKey(), e.getValue());
        }
        // Spark's UI, event log and logs redact what the runs table does
        b = b.config(Secrets.REDACTION_REGEX,
                Secrets.sparkRedactionRegex(config.spark().conf().get(Secrets.REDACTION_REGEX)));
        if (deltaAvailable()) { // after the config's settings: they win, but other extensions keep Delta's
            for (Map.Entry<String, String> e : deltaSettings().entrySet()) {
                String key = e.getKey();
                String given = config.spark().conf().getOrDefault(key, System.getProperty(key));
                if (key.equals("spark.sql.extensions") && given != null && !given.contains(DELTA_EXTENSION)) {
                    b = b.config(key, given + "," + DELTA_EXTENSION);
                } else if (given == null && (local || !key.equals("spark.sql.shuffle.partitions"))) {
                    b = b.config(key, e.getValue());
                }
            }
        }
        return new Handle(b.getOrCreate(), true);
    }
}
