package org.imgloss.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one small local SparkSession that all of this module's tests share: created by the first
 * test class that asks, then reused, so a test run starts Spark once. Test classes do not stop it;
 * Spark's own shutdown hook stops it when the test JVM exits. Whatever a class adds to the shared
 * session (temporary views, listeners) it names uniquely or removes in its {@code @AfterAll}.
 */
public final class TestSpark {

    private static SparkSession session;

    private TestSpark() {
    }

    public static synchronized SparkSession session() {
        if (session == null || session.sparkContext().isStopped()) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("imgloss-udf-test")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
        }
        return session;
    }
}
