package org.imgloss.job.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void lineShowsProcessedFailedOneRateAndTimeLeft() {
        assertEquals("imgloss: processed 0/200 pairs (0 failed)", Progress.line(0, 200, 0, 3, false));
        assertEquals("imgloss: processed 50/200 pairs (3 failed), 10.0 pairs/s, about 15s left",
                Progress.line(50, 200, 3, 5, false));
        assertEquals("imgloss: processed 100/10000 pairs (0 failed), 1.0 pairs/s, about 2h 45m left",
                Progress.line(100, 10000, 0, 100, false));
        assertEquals("imgloss: processed 200/200 pairs (2 failed), 2.0 pairs/s, done in 1m 40s",
                Progress.line(200, 200, 2, 100, true));
    }

    /** The final line says how many failed and uses the run's own scoring time, hence the run's rate. */
    @Test
    void closePrintsTheFinalLineWithTheRunsTime() {
        StringWriter out = new StringWriter();
        AtomicLong processed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Progress p = new Progress(new PrintWriter(out), 11, processed::get, failed::get, 60_000).start();
        processed.set(11);
        failed.set(2);
        p.close(3.5);
        p.close(); // once only
        assertEquals("imgloss: processed 11/11 pairs (2 failed), 3.1 pairs/s, done in 4s\n",
                out.toString().replace("\r\n", "\n"));
        assertEquals(3.142857, Progress.rate(11, 3.5), 1e-6);
    }
}
