package org.imgloss.bench;

import java.util.concurrent.TimeUnit;
import org.imgloss.image.DecodeOptions;
import org.imgloss.image.Image;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.scoring.PairScore;
import org.imgloss.scoring.PairScoring;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one Spark task does per pair: {@link PairScoring} with several metrics, from already decoded
 * images ({@code scoreDecoded}: shape and finiteness checks, pair transforms, every kernel) and from
 * 8-bit PNG bytes ({@code scoreEncoded}: the same plus decoding both images).
 *
 * <p>{@code metrics} lists metric names joined by {@code +}; {@link BenchMain} sets it to the first
 * four of mse, psnr, ssim, gradient_l1, ms_ssim, mae that the catalogue has.
 *
 * <p>Sample-time mode: JMH times individual calls, so the results carry the median (p50) beside the
 * mean; on a shared, loaded machine the median is the steadier of the two.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PairScoringBenchmark {

    /** Preferred metrics, in order; the runner takes the first four present. */
    static final String[] PREFERRED = {"mse", "psnr", "ssim", "gradient_l1", "ms_ssim", "mae"};

    @Param({"mse+psnr+ssim+gradient_l1"})
    public String metrics;

    @Param({"256x256x1", "512x512x3", "1024x1024x1"})
    public String shape;

    private PairScoring scoring;
    private Image[][] pairs;
    private int next;
    private byte[] reconstructionPng;
    private byte[] originalPng;

    @Setup
    public void setUp() {
        scoring = new PairScoring(MetricSpec.parseList(metrics.replace('+', ',')), DecodeOptions.DEFAULT);
        pairs = BenchImages.twoPairs(BenchImages.Shape.parse(shape));
        reconstructionPng = BenchEncoders.png(pairs[0][0], 8);
        originalPng = BenchEncoders.png(pairs[0][1], 8);
        for (PairScore s : new PairScore[] {scoring.score(pairs[0][0], pairs[0][1]),
                scoring.score(reconstructionPng, originalPng)}) {
            if (s.errorCode() != null || !s.metricErrors().isEmpty()) {
                throw new IllegalStateException(metrics + " on " + shape + ": " + s);
            }
        }
    }

    /** Alternates between two equal pairs of distinct objects, so no per-pair memo is reused. */
    @Benchmark
    public PairScore scoreDecoded() {
        Image[] p = pairs[next ^= 1];
        return scoring.score(p[0], p[1]);
    }

    @Benchmark
    public PairScore scoreEncoded() {
        return scoring.score(reconstructionPng, originalPng);
    }
}
