package org.imgloss.job.run;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Prints a progress line every few seconds while pairs are scored: pairs processed / total, how many
 * of them failed, the rate and the time left at that rate
 * ({@code imgloss: processed 50/200 pairs (3 failed), 10.0 pairs/s, about 15s left}). The counts come
 * from Spark accumulators, which the driver sees grow as tasks finish. Runs on a daemon thread;
 * {@link #close(double)} stops it and prints the final line with the run's scoring time, so the final
 * line's rate is the one the run reports.
 */
public final class Progress implements AutoCloseable {

    private final PrintWriter err;
    private final long total;
    private final LongSupplier processed;
    private final LongSupplier failed;
    private final long intervalMillis;
    private final long startNanos = System.nanoTime();
    private final Thread thread;
    private volatile boolean stopped;
    private boolean closed;
    private long lastPrinted = -1;

    public Progress(PrintWriter err, long total, LongSupplier processed, LongSupplier failed, long intervalMillis) {
        this.err = err;
        this.total = total;
        this.processed = processed;
        this.failed = failed;
        this.intervalMillis = intervalMillis;
        this.thread = new Thread(this::loop, "imgloss-progress");
        this.thread.setDaemon(true);
    }

    public Progress start() {
        thread.start();
        return this;
    }

    private void loop() {
        while (!stopped) {
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
            if (!stopped) {
                print(-1);
            }
        }
    }

    /** A line while running ({@code doneSeconds < 0}), or the final line. */
    private synchronized void print(double doneSeconds) {
        boolean done = doneSeconds >= 0;
        long n = Math.min(processed.getAsLong(), total);
        if (closed || n == lastPrinted && !done) {
            return;
        }
        lastPrinted = n;
        closed = done;
        double seconds = done ? doneSeconds : (System.nanoTime() - startNanos) / 1e9;
        err.println(line(n, total, Math.min(failed.getAsLong(), n), seconds, done));
        err.flush();
    }

    /** The progress line for {@code n} of {@code total} pairs, {@code failed} of them failed, after {@code seconds}. */
    static String line(long n, long total, long failed, double seconds, boolean done) {
        StringBuilder sb = new StringBuilder("imgloss: processed ").append(n).append('/').append(total)
                .append(" pairs (").append(failed).append(" failed)");
        if (n == 0 && !done) {
            return sb.toString(); // no rate before the first task ends
        }
        double rate = rate(n, seconds);
        sb.append(String.format(Locale.ROOT, ", %.1f pairs/s", rate));
        if (done) {
            sb.append(", done in ").append(duration(seconds));
        } else if (rate > 0 && n < total) {
            sb.append(", about ").append(duration((total - n) / rate)).append(" left");
        }
        return sb.toString();
    }

    /** Pairs per second, as every line of a run states it. */
    public static double rate(long pairs, double seconds) {
        return seconds > 0 ? pairs / seconds : 0;
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m " + (s % 60) + "s";
        }
        return (s / 3600) + "h " + (s % 3600 / 60) + "m";
    }

    /** Stops the line every few seconds and prints the final one, for a run that scored in {@code seconds}. */
    public void close(double seconds) {
        stopped = true;
        thread.interrupt();
        print(Math.max(0, seconds));
    }

    /** Stops, printing the final line with the time since the start (a run that failed midway). */
    @Override
    public void close() {
        close((System.nanoTime() - startNanos) / 1e9);
    }
}
