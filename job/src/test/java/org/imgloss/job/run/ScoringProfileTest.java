package org.imgloss.job.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.imgloss.job.TestImages;
import org.imgloss.job.TestSpark;
import org.imgloss.job.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code imgloss run --profile}: where the scoring time went, and how pairs are spread over task slots. */
class ScoringProfileTest {

    @TempDir
    Path dir;

    @Test
    void profilePrintsSecondsPerPairForEveryStepAndMetric() throws IOException {
        TestSpark.session();
        for (int i = 0; i < 3; i++) {
            int[] a = TestImages.base(i);
            TestImages.write(dir.resolve("recon/p" + i + ".png"), TestImages.png(TestImages.noisy(a, 5, i)));
            TestImages.write(dir.resolve("orig/p" + i + ".png"), TestImages.png(a));
        }
        Path config = Files.writeString(dir.resolve("audit.yaml"), """
                name: profile
                input: {type: directories, reconstructions: recon, originals: orig}
                metrics: [psnr, {name: ssim, variant: skimage, as: ssim_skimage}]
                output: {path: out, format: parquet}
                """);
        CliRun r = CliRun.of("run", config.toString(), "--base-dir", dir.toString(), "--progress-seconds", "0",
                "--profile");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("profile: seconds per pair"), r.out());
        for (String step : List.of("read", "decode", "checks", "psnr", "ssim_skimage", "rows", "spark", "total")) {
            assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith(step + " ") && l.contains(" s ")),
                    step + " missing in:\n" + r.out());
        }

        CliRun plain = CliRun.of("run", config.toString(), "--base-dir", dir.toString(), "--progress-seconds", "0");
        assertEquals(0, plain.exitCode(), plain.err());
        assertTrue(!plain.out().contains("profile:"), "no profile without --profile:\n" + plain.out());
    }

    @Test
    void profileReportAddsUpToTheSlotTime() {
        // 2 slots busy 3 s for 10 pairs: 0.6 s of slot time per pair, what the tasks measured is subtracted
        Map<String, Double> report = new java.util.LinkedHashMap<>(Map.of("decode", 0.2, "ssim", 0.3));
        double measured = report.values().stream().mapToDouble(Double::doubleValue).sum();
        report.put("spark", 0.6 - measured);
        report.put("total", 0.6);
        List<String> lines = org.imgloss.job.score.ScoringProfile.lines(report, 2);
        assertTrue(lines.get(0).contains("2 slot(s)"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("spark") && l.contains("16.7%")), lines.toString());
    }

    @Test
    void partitionsAreAMultipleOfTheSlots() {
        // 200 pairs on 2 slots: 8 tasks of 25 (4 full waves), not 7 tasks of ~29 (the last wave half idle)
        assertEquals(8, org.imgloss.job.score.CostPlan.partitions(200, 2));
        assertEquals(2, org.imgloss.job.score.CostPlan.partitions(3, 2));
        assertEquals(1, org.imgloss.job.score.CostPlan.partitions(1, 2));
        assertEquals(1, org.imgloss.job.score.CostPlan.partitions(0, 2));
        assertEquals(16, org.imgloss.job.score.CostPlan.partitions(20_000, 2));
        for (long n : new long[] {64, 65, 200, 1000, 5000}) {
            int p = org.imgloss.job.score.CostPlan.partitions(n, 4);
            assertEquals(0, p % 4, n + " pairs: " + p);
        }
    }
}
