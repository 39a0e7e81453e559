package org.imgloss.job;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.imgloss.job.run.Sessions;

/**
 * The one small local session a test class shares (created in @BeforeAll, stopped in @AfterAll),
 * with Delta Lake's extension and catalog as the job's own sessions have them.
 */
public final class TestSpark {

    private TestSpark() {
    }

    public static SparkSession start() {
        SparkSession.Builder b = SparkSession.builder()
                .master("local[2]")
                .appName("imgloss-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1");
        for (Map.Entry<String, String> e : Sessions.deltaSettings().entrySet()) {
            b = b.config(e.getKey(), e.getValue());
        }
        return b.config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }
}
