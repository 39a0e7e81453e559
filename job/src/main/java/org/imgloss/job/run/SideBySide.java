package org.imgloss.job.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Table writes running side by side on driver threads (Spark runs their jobs at the same time, each
 * table has its own Delta log). {@link #awaitAll} and {@link #close} return only once every write
 * has ended, so nothing of the run is still being written when it commits or fails; the first
 * failure is rethrown as it was thrown.
 */
final class SideBySide implements AutoCloseable {
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "imgloss table write");
        t.setDaemon(true);
        return t;
    });
    private final List<Future<String>> pending = new ArrayList<>();

    Future<String> submit(Callable<String> write) {
        Future<String> f = pool.submit(write);
        pending.add(f);
        return f;
    }

    void awaitAll() {
        RuntimeException failure = null;
        for (Future<String> f : pending) {
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Error error) {
                    throw error;
                }
                RuntimeException r = cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
                if (failure == null) {
                    failure = r;
                } else {
                    failure.addSuppressed(r);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("imgloss: interrupted while writing the tables", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The location a write that {@link #awaitAll} saw end returned. */
    static String result(Future<String> write) {
        try {
            return write.get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("imgloss: a table write had not ended", e);
        }
    }

    @Override
    public void close() {
        pool.shutdown();
        boolean interrupted = false;
        for (Future<String> f : pending) { // after a failure elsewhere: let the other writes end first
            while (!f.isDone()) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | CancellationException e) {
                    // already reported by awaitAll, or the run failed before it
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
