package org.imgloss.job;

import org.apache.spark.sql.SparkSession;

/** The one small local session a test class shares (created in @BeforeAll, stopped in @AfterAll). */
public final class TestSpark {

    private TestSpark() {
    }

    public static SparkSession start() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("imgloss-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }
}
