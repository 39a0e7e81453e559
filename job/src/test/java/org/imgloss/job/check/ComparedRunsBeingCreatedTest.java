package org.imgloss.job.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.imgloss.job.TestSpark;
import org.imgloss.job.config.OutputConfig;
import org.imgloss.job.config.OutputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs of other ids writing a new Delta history at once: one evaluates its checks while the other has
 * made the {@code runs} table's log folder but not committed its first version. There is no earlier run to
 * compare with yet (it was an uncaught DELTA_TABLE_NOT_FOUND in HistoryTest's concurrent runs).
 */
class ComparedRunsBeingCreatedTest {

    @TempDir
    Path dir;

    @Test
    void aRunsLogWithoutACommitIsNoEarlierRun() throws Exception {
        OutputConfig output = new OutputConfig(dir.toUri().toString(), OutputFormat.DELTA, null, null, null);
        Files.createDirectories(Path.of(java.net.URI.create(output.table("runs"))).resolve("_delta_log"));
        ComparedRuns runs = new ComparedRuns(TestSpark.session(), output, "audit", "r2", Instant.now());
        assertEquals(Map.of(), runs.ofName());
    }
}
