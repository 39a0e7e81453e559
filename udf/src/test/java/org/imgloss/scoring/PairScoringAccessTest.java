package org.imgloss.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.imgloss.image.DecodeOptions;
import org.imgloss.image.Image;
import org.junit.jupiter.api.Test;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.pixel.Psnr;

/** {@link PairScoring#kernel} and {@link PairScoring#lastOriginal}, which the job uses to write metamers. */
class PairScoringAccessTest {

    @Test
    void lastOriginalIsTheOriginalAsTheMetricsSawIt() {
        PairScoring s = new PairScoring(List.of(MetricSpec.of("mse")),
                DecodeOptions.DEFAULT.withNormalize(DecodeOptions.Normalize.ORIGINAL_MINMAX));
        Image o = Image.ofPlanes(3, 1, new double[] {2, 4, 6});
        Image r = Image.ofPlanes(3, 1, new double[] {2, 5, 6});
        assertNull(s.lastOriginal());
        s.score(r, o);
        double[] seen = s.lastOriginal().plane(0);
        assertEquals(0.0, seen[0]);
        assertEquals(0.5, seen[1]);
        assertEquals(1.0, seen[2]);
        // a pair that fails before its metrics run leaves none
        PairScore failed = s.score(Image.ofPlanes(2, 1, new double[] {1, 2}), o);
        assertTrue(failed.failed());
        assertNull(s.lastOriginal());
        s.score(r, o);
        s.score(new byte[] {1, 2, 3}, new byte[0]);
        assertNull(s.lastOriginal());
    }

    @Test
    void kernelByAlias() {
        PairScoring s = new PairScoring(List.of(MetricSpec.of("mse"), MetricSpec.of("psnr").as("p")),
                DecodeOptions.DEFAULT);
        assertTrue(s.kernel("p") instanceof Psnr);
        assertSame(s.kernel("mse"), s.kernel("mse"));
        assertThrows(IllegalArgumentException.class, () -> s.kernel("psnr"));
    }
}
