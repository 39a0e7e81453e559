package org.imgloss.scoring;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairCache;

/**
 * The {@link PairCache} of one pair: {@link PairScoring} makes a new one for every pair it scores
 * and hands it to all of that pair's metrics, so a combined loss reuses its components' results
 * ({@code mse_ssim} and {@code ssim} share the SSIM of equal settings, {@code sar_reconstruction}
 * reuses {@code gradient_l1}). It lives as long as the pair's scoring, so nothing is kept between
 * pairs or threads.
 */
public final class PairMemo implements PairCache {

    private final Map<String, MetricResult> results = new HashMap<>();
    private int computations;

    @Override
    public MetricResult get(String key, Supplier<MetricResult> compute) {
        MetricResult r = results.get(key);
        if (r == null) {
            r = compute.get();
            computations++;
            results.put(key, r);
        }
        return r;
    }

    /** How many results were computed (not reused) so far: for tests that prove sharing structurally. */
    public int computations() {
        return computations;
    }
}
