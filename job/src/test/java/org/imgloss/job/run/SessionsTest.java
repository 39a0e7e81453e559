package org.imgloss.job.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings a new session gets: the config's, and the command's defaults where nothing else sets them. */
class SessionsTest {

    @Test
    void theSmallQueryDefaultsApplyOnlyWhereTheConfigAndSparkSubmitSetNothing() {
        Map<String, String> conf = Map.of("spark.sql.adaptive.enabled", "true", "spark.sql.shuffle.partitions", "4");
        Map<String, String> s = Sessions.withDefaults(conf, Sessions.smallQuerySettings());
        assertEquals("true", s.get("spark.sql.adaptive.enabled"), "the config wins");
        assertEquals("false", s.get("spark.sql.codegen.wholeStage"), "a default where the config sets nothing");
        assertEquals("4", s.get("spark.sql.shuffle.partitions"));
        assertEquals(Map.of("spark.sql.adaptive.enabled", "false", "spark.sql.codegen.wholeStage", "false",
                "spark.sql.codegen.factoryMode", "NO_CODEGEN"), Sessions.smallQuerySettings());

        String key = "spark.sql.codegen.wholeStage"; // spark-submit --conf: a system property
        String before = System.getProperty(key);
        System.setProperty(key, "true");
        try {
            assertFalse(Sessions.withDefaults(conf, Sessions.smallQuerySettings()).containsKey(key),
                    "spark-submit's setting is left to Spark");
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
        assertEquals(conf, Sessions.withDefaults(conf, Map.of()), "a run: the config's settings alone");
    }
}
