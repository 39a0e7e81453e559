package org.imgloss.job.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The side-by-side table writes: every write has ended before {@link SideBySide#awaitAll} or
 * {@link SideBySide#close} returns, whatever failed, and the first failure comes back as it was thrown.
 * Plain threads stand in for the writes; latches make "a slower write" deterministic.
 */
class SideBySideTest {

    @Test
    void givesEachWritesLocationOnceAllHaveEnded() {
        try (SideBySide writes = new SideBySide()) {
            Future<String> summary = writes.submit(() -> "out/summary");
            Future<String> checks = writes.submit(() -> "out/checks");
            writes.awaitAll();
            assertEquals("out/summary", SideBySide.result(summary));
            assertEquals("out/checks", SideBySide.result(checks));
        }
    }

    @Test
    void aFailureIsRethrownAsThrownOnlyAfterTheSlowerWritesEnded() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        AtomicBoolean slowEnded = new AtomicBoolean();
        IllegalStateException first = new IllegalStateException("summary: disk full");
        IllegalArgumentException second = new IllegalArgumentException("regressions: bad column");
        try (SideBySide writes = new SideBySide()) {
            writes.submit(() -> {
                throw first;
            });
            writes.submit(() -> {
                failed.await(1, TimeUnit.MINUTES); // still writing when the first write has failed
                Thread.sleep(200);
                slowEnded.set(true);
                return "out/checks";
            });
            writes.submit(() -> {
                throw second;
            });
            failed.countDown();
            RuntimeException thrown = assertThrows(RuntimeException.class, writes::awaitAll);
            assertSame(first, thrown, "the first write's own exception, not a wrapper");
            assertArrayEquals(new Throwable[] {second}, thrown.getSuppressed(), "later failures kept as suppressed");
            assertTrue(slowEnded.get(), "awaitAll returned while a write was still running");
        }
    }

    @Test
    void aCheckedFailureIsWrappedWithItsCause() {
        java.io.IOException io = new java.io.IOException("read-only file system");
        try (SideBySide writes = new SideBySide()) {
            writes.submit(() -> {
                throw io;
            });
            IllegalStateException thrown = assertThrows(IllegalStateException.class, writes::awaitAll);
            assertSame(io, thrown.getCause());
        }
    }

    @Test
    void anErrorIsNotTurnedIntoAnException() {
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        try (SideBySide writes = new SideBySide()) {
            writes.submit(() -> {
                throw oom;
            });
            assertSame(oom, assertThrows(OutOfMemoryError.class, writes::awaitAll));
        }
    }

    @Test
    void closeWaitsForWritesWhenTheRunFailedBeforeAwaitingThem() {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean ended = new AtomicBoolean();
        RuntimeException runFailure = new RuntimeException("the checks failed to evaluate");
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> {
            try (SideBySide writes = new SideBySide()) {
                writes.submit(() -> {
                    started.countDown();
                    Thread.sleep(300);
                    ended.set(true);
                    return "out/summary";
                });
                started.await(1, TimeUnit.MINUTES);
                throw runFailure;
            }
        });
        assertSame(runFailure, thrown);
        assertTrue(ended.get(), "close returned while a write was still running");
    }
}
