package org.imgloss.bench;

import java.util.concurrent.TimeUnit;
import org.imgloss.image.Image;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.PairMetric;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Time to score one decoded pair with one metric kernel, in steady state: the kernel is created
 * once per trial (as one is per Spark partition) and reuses its scratch buffers from pair to pair.
 * Calls alternate between two equal pairs made of distinct image objects, so each call is a new pair
 * for kernels that memoise per pair ({@code gradient_l1} shares its result through PairMemo).
 *
 * <p>{@code metric} is a metric spec in the compact form of {@link MetricSpec#parseList}; the
 * runner {@link BenchMain} keeps only the specs the catalogue knows, so the benchmark follows
 * whatever metrics exist. {@code shape} is {@code WxHxC}.
 *
 * <p>Sample-time mode: JMH times individual calls, so the results carry the median (p50) beside the
 * mean; on a shared, loaded machine the median is the steadier of the two.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MetricBenchmark {

    /** The metric specs timed by default (each kept only if the catalogue has it). */
    static final String[] METRICS = {
        "mse", "psnr", "ssim(variant=wang)", "ssim(variant=skimage)", "ms_ssim", "gradient_l1", "blursim",
    };

    @Param({"mse", "psnr", "ssim(variant=wang)", "ssim(variant=skimage)", "ms_ssim", "gradient_l1", "blursim"})
    public String metric;

    @Param({"256x256x1", "512x512x3", "1024x1024x1"})
    public String shape;

    private PairMetric kernel;
    private Image[][] pairs;
    private int next;

    @Setup
    public void setUp() {
        kernel = MetricSpec.parseList(metric).get(0).newKernel();
        pairs = BenchImages.twoPairs(BenchImages.Shape.parse(shape));
        MetricResult r = kernel.compute(pairs[0][0], pairs[0][1]);
        if (!r.hasValue()) {
            throw new IllegalStateException(metric + " gives no value on " + shape + ": " + r.errorCode() + " "
                    + r.message());
        }
    }

    /** Alternates between two equal pairs of distinct objects, so no per-pair memo is reused. */
    @Benchmark
    public MetricResult compute() {
        Image[] p = pairs[next ^= 1];
        return kernel.compute(p[0], p[1]);
    }
}
