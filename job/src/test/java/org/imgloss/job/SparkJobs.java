package org.imgloss.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark jobs an action starts on the shared test session, counted with a {@link SparkListener}
 * (each by the name of its last stage): tests pin these counts so that a needless job shows up.
 */
public final class SparkJobs {

    private SparkJobs() {
    }

    /** Something a test runs while the jobs are counted. */
    public interface Action {
        void run() throws Exception;
    }

    /** The jobs {@code action} starts, in the order they started. */
    public static List<String> during(Action action) throws Exception {
        SparkSession spark = TestSpark.session();
        List<String> jobs = Collections.synchronizedList(new ArrayList<>());
        SparkListener listener = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                List<StageInfo> stages = scala.jdk.javaapi.CollectionConverters.asJava(start.stageInfos());
                jobs.add(stages.isEmpty() ? "?" : stages.get(stages.size() - 1).name());
            }
        };
        spark.sparkContext().addSparkListener(listener);
        try {
            action.run();
        } finally {
            spark.sparkContext().listenerBus().waitUntilEmpty(); // job events are delivered asynchronously
            spark.sparkContext().removeSparkListener(listener);
        }
        return List.copyOf(jobs);
    }
}
