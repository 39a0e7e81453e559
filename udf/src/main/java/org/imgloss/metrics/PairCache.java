package org.imgloss.metrics;

import java.util.function.Supplier;

/**
 * Results shared by the metrics of one pair, so that a combined loss reuses its components' work
 * when they are also requested: {@code ssim}, {@code ssim_loss}, {@code mse_ssim} and
 * {@code sar_reconstruction} with the same SSIM settings compute the similarity once, and
 * {@code sar_reconstruction} reuses {@code gradient_l1}'s filtering.
 *
 * <p>The scoring layer makes one cache per pair and hands it to every metric of that pair in
 * {@link PairInputs#cache()}; a kernel called on its own gets {@link #NONE}, which computes every
 * time. Kernels themselves hold no cache across calls.
 */
public interface PairCache {

    /** Computes every time: no sharing. */
    PairCache NONE = (key, compute) -> compute.get();

    /**
     * The result stored under {@code key} for this pair, computing and storing it on first use.
     * {@code key} must name the computation and every parameter it depends on.
     */
    MetricResult get(String key, Supplier<MetricResult> compute);
}
