package org.imgloss.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.imgloss.image.DecodeException;
import org.imgloss.image.Image;
import org.imgloss.image.ImageDecoder;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.PairInputs;
import org.imgloss.metrics.PairMetric;
import org.imgloss.scoring.PairMemo;

/**
 * Thread CPU time per call of the decoders and kernels on one {@link BenchImages} pair, for a
 * machine shared with other work: the CPU time of the benchmark thread barely moves with the load
 * average, where JMH's wall-clock times grow with it. Each case runs {@code reps} untimed calls, then
 * {@code reps} timed ones; the median and the minimum are printed (milliseconds).
 *
 * <pre>
 *   java -cp ... org.imgloss.bench.CpuTimeMain 512x512x3 30 png8 png16 'ssim(variant=wang)' ms_ssim
 * </pre>
 *
 * {@code png8}/{@code png16} decode the pair's two images from PNG bytes (DecodeBenchmark's
 * encoding); any other argument is a metric spec, run on the decoded pair with a fresh pair memo per
 * call, so no result is reused across calls; {@code fresh:<spec>} also builds a new kernel for each call
 * (nothing cached in the kernel either: {@code fresh:metamer_mse} generates a metamer every call);
 * {@code vary:<spec>} keeps one kernel and cycles through {@value #VARY} distinct pairs of the same size,
 * as a task scoring many pairs does: per-size caches hit, per-image ones ({@code metamer_mse}'s
 * metamer) miss.
 */
public final class CpuTimeMain {

    private static final int VARY = 8;

    private CpuTimeMain() {
    }

    public static void main(String[] args) throws DecodeException {
        BenchImages.Shape shape = BenchImages.Shape.parse(args[0]);
        int reps = Integer.parseInt(args[1]);
        Image[] pair = BenchImages.pair(shape);
        Image[][] varied = new Image[VARY][];
        for (int i = 0; i < VARY; i++) {
            Image o = BenchImages.original(shape, 1000L + i);
            varied[i] = new Image[] {BenchImages.reconstruction(o, 42L + i), o};
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf(Locale.ROOT, "cpu-time: %s, load %s%n", shape, load());
        for (String c : Arrays.copyOfRange(args, 2, args.length)) {
            Runnable call = call(c, pair, varied);
            double[] ms = new double[reps];
            for (int i = 0; i < 2 * reps; i++) {
                long start = threads.getCurrentThreadCpuTime();
                call.run();
                long end = threads.getCurrentThreadCpuTime();
                if (i >= reps) {
                    ms[i - reps] = (end - start) / 1e6;
                }
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "%-26s median %8.3f ms   min %8.3f ms   thread CPU per pair, %d calls%n", c,
                    ms[reps / 2], ms[0], reps);
        }
        System.out.printf(Locale.ROOT, "cpu-time: load %s%n", load());
    }

    private static Runnable call(String c, Image[] pair, Image[][] varied) throws DecodeException {
        if (c.equals("png8") || c.equals("png16")) {
            int bits = c.equals("png8") ? 8 : 16;
            List<byte[]> files = new ArrayList<>(List.of(BenchEncoders.png(pair[0], bits), BenchEncoders.png(pair[1], bits)));
            return () -> {
                try {
                    for (byte[] f : files) {
                        ImageDecoder.decode(f);
                    }
                } catch (DecodeException e) {
                    throw new IllegalStateException(e);
                }
            };
        }
        if (c.startsWith("fresh:")) {
            MetricSpec spec = MetricSpec.parseList(c.substring("fresh:".length())).get(0);
            return () -> spec.newKernel().compute(pair[0], pair[1], PairInputs.NONE.withCache(new PairMemo()));
        }
        if (c.startsWith("vary:")) {
            PairMetric kernel = MetricSpec.parseList(c.substring("vary:".length())).get(0).newKernel();
            int[] next = {0};
            return () -> {
                Image[] p = varied[next[0]++ % VARY];
                kernel.compute(p[0], p[1], PairInputs.NONE.withCache(new PairMemo()));
            };
        }
        PairMetric kernel = MetricSpec.parseList(c).get(0).newKernel();
        return () -> kernel.compute(pair[0], pair[1], PairInputs.NONE.withCache(new PairMemo()));
    }

    private static String load() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
