package org.imgloss.job.run;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * What a run cost in retries, for the {@code runs} table: task attempts that failed (and so were
 * retried: an executor lost with its running tasks, a lost cached block or shuffle output recomputed,
 * a task that threw) and executors lost while the run ran. A SparkListener on the run's
 * SparkContext from {@link #watch} until {@link #close}; Spark delivers its events asynchronously,
 * so an event of the last instant of the run may arrive after the counts were read.
 *
 * <p>An executor the driver itself released (dynamic allocation: "Executor killed by driver.") is not
 * counted as lost.
 */
public final class Retries extends SparkListener implements AutoCloseable {

    /** Spark's loss reason of an executor the driver removed on purpose (ExecutorKilled). */
    static final String KILLED_BY_DRIVER = "Executor killed by driver";

    private final SparkContext context;
    private final AtomicLong tasksFailed = new AtomicLong();
    private final AtomicLong executorsLost = new AtomicLong();

    private Retries(SparkContext context) {
        this.context = context;
    }

    /** Starts counting on {@code context}'s events. */
    public static Retries watch(SparkContext context) {
        Retries r = new Retries(context);
        context.addSparkListener(r);
        return r;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskInfo() != null && end.taskInfo().failed()) {
            tasksFailed.incrementAndGet();
        }
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
        String reason = removed.reason();
        if (reason == null || !reason.startsWith(KILLED_BY_DRIVER)) {
            executorsLost.incrementAndGet();
        }
    }

    /** Task attempts that failed so far. */
    public long tasksFailed() {
        return tasksFailed.get();
    }

    /** Executors lost so far. */
    public long executorsLost() {
        return executorsLost.get();
    }

    /** Stops counting. */
    @Override
    public void close() {
        context.removeSparkListener(this);
    }
}
