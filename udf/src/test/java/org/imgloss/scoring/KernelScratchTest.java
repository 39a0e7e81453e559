package org.imgloss.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.imgloss.image.Image;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.PairMetric;
import org.junit.jupiter.api.Test;

/**
 * {@link PairMetric#releaseScratch}: a kernel whose scratch was dropped gives the same values, bit for
 * bit, as one that reuses it and as a new one, for the same size and for another size after it; and
 * {@link PairScoring} scores a pair above {@link PairScoring#KEEP_SCRATCH_PIXELS} (whose kernels it
 * releases) exactly as the kernels do.
 */
class KernelScratchTest {

    /** The kernels that keep image-sized scratch between pairs. */
    private static final String METRICS = "gradient_l1, laplacian_l1, ms_ssim,"
            + " ms_ssim(downsample=piq, weights=0.0448|0.2856|0.3001) as ms_ssim_3, blursim, mse_ssim";

    static Image noisy(int w, int h, int channels, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] planes = new double[channels][w * h];
        for (double[] p : planes) {
            for (int i = 0; i < p.length; i++) {
                p[i] = 0.5 + 0.3 * Math.sin(i / 37.0) + 0.1 * rnd.nextDouble();
            }
        }
        return Image.ofPlanes(w, h, planes);
    }

    @Test
    void releasedKernelsGiveTheSameValues() {
        Image o1 = noisy(200, 180, 3, 1);
        Image r1 = noisy(200, 180, 3, 2);
        Image o2 = noisy(170, 190, 3, 3);
        Image r2 = noisy(170, 190, 3, 4);
        for (MetricSpec spec : specs()) {
            PairMetric reused = spec.newKernel();
            PairMetric released = spec.newKernel();
            double first = reused.compute(r1, o1).value();
            assertEquals(first, spec.newKernel().compute(r1, o1).value(), spec.alias());
            assertEquals(first, released.compute(r1, o1).value(), spec.alias());
            released.releaseScratch();
            assertEquals(first, released.compute(r1, o1).value(), spec.alias() + " after release, same size");
            released.releaseScratch();
            assertEquals(reused.compute(r2, o2).value(), released.compute(r2, o2).value(),
                    spec.alias() + " after release, another size");
            assertEquals(reused.compute(r1, o1).value(), released.compute(r1, o1).value(), spec.alias());
        }
    }

    @Test
    void aLargePairScoresAsItsKernels() {
        // more pixels than KEEP_SCRATCH_PIXELS: PairScoring releases each kernel after its metric
        Image o = noisy(1100, 1000, 1, 5);
        Image r = noisy(1100, 1000, 1, 6);
        List<MetricSpec> specs = specs();
        PairScoring scoring = new PairScoring(specs, org.imgloss.image.DecodeOptions.DEFAULT);
        for (int round = 0; round < 2; round++) {
            PairScore score = scoring.score(r, o);
            for (MetricSpec spec : specs) {
                assertEquals(spec.newKernel().compute(r, o).value(), score.values().get(spec.alias()), spec.alias());
            }
        }
    }

    private static List<MetricSpec> specs() {
        return MetricSpec.parseList(METRICS);
    }
}
