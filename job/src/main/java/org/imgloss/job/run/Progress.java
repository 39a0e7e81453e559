package org.imgloss.job.run;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Prints a progress line every few seconds while pairs are scored: pairs scored / total, rate and
 * the time left at that rate. The count comes from a Spark accumulator, which the driver sees grow
 * as tasks finish. Runs on a daemon thread; {@link #close()} stops it and prints the final line.
 */
public final class Progress implements AutoCloseable {

    private final PrintWriter err;
    private final long total;
    private final LongSupplier scored;
    private final long intervalMillis;
    private final long startNanos = System.nanoTime();
    private final Thread thread;
    private volatile boolean stopped;
    private long lastPrinted = -1;

    public Progress(PrintWriter err, long total, LongSupplier scored, long intervalMillis) {
        this.err = err;
        this.total = total;
        this.scored = scored;
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
                print(false);
            }
        }
    }

    private synchronized void print(boolean done) {
        long n = Math.min(scored.getAsLong(), total);
        if (n == lastPrinted && !done) {
            return;
        }
        lastPrinted = n;
        err.println(line(n, total, (System.nanoTime() - startNanos) / 1e9, done));
        err.flush();
    }

    /** The progress line for {@code n} of {@code total} pairs after {@code seconds}. */
    static String line(long n, long total, double seconds, boolean done) {
        double rate = seconds > 0 ? n / seconds : 0;
        String pct = total > 0 ? String.format(Locale.ROOT, " (%d%%)", Math.round(100.0 * n / total)) : "";
        StringBuilder sb = new StringBuilder("imgloss: scored ").append(n).append('/').append(total)
                .append(" pairs").append(pct);
        if (n == 0 && !done) {
            return sb.toString(); // no rate before the first task ends
        }
        sb.append(String.format(Locale.ROOT, ", %.1f pairs/s", rate));
        if (done) {
            sb.append(", done in ").append(duration(seconds));
        } else if (rate > 0 && n < total) {
            sb.append(", about ").append(duration((total - n) / rate)).append(" left");
        }
        return sb.toString();
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

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        print(true);
    }
}
