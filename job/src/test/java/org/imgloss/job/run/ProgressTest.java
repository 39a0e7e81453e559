package org.imgloss.job.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void lineShowsCountPercentRateAndTimeLeft() {
        assertEquals("imgloss: scored 0/200 pairs (0%)", Progress.line(0, 200, 3, false));
        assertEquals("imgloss: scored 50/200 pairs (25%), 10.0 pairs/s, about 15s left", Progress.line(50, 200, 5, false));
        assertEquals("imgloss: scored 100/10000 pairs (1%), 1.0 pairs/s, about 2h 45m left",
                Progress.line(100, 10000, 100, false));
        assertEquals("imgloss: scored 200/200 pairs (100%), 2.0 pairs/s, done in 1m 40s", Progress.line(200, 200, 100, true));
    }

    @Test
    void closePrintsTheFinalLine() {
        StringWriter out = new StringWriter();
        AtomicLong scored = new AtomicLong();
        Progress p = new Progress(new PrintWriter(out), 4, scored::get, 60_000).start();
        scored.set(4);
        p.close();
        assertTrue(out.toString().startsWith("imgloss: scored 4/4 pairs (100%)"), out.toString());
        assertTrue(out.toString().contains("done in"), out.toString());
    }
}
