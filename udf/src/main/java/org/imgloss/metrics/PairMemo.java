package org.imgloss.metrics;

import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.imgloss.image.Image;

/**
 * Results already computed for the pair being scored on this thread, so that a combined loss reuses
 * its components' work when they are also requested: {@code PairScoring} hands every metric the
 * same decoded {@link Image} objects, so {@code gradient_l1} and {@code sar_reconstruction}, or
 * {@code mse_ssim} with several weightings, filter the pair once.
 *
 * <p>The memo is keyed by the <b>identity</b> of the (reconstruction, original) images, which are
 * immutable by contract; a different pair (new image objects) clears it. Shared this way: the
 * {@link Ssim} similarity (by its full configuration: {@code ssim}, {@code ssim_loss},
 * {@code mse_ssim}, {@code sar_reconstruction}) and the Sobel gradient loss. It holds the images only
 * weakly, so an idle thread does not keep its last pair alive. One memo per thread: kernels are
 * single-threaded, and the values stored are plain results.
 */
final class PairMemo {

    private static final ThreadLocal<PairMemo> CURRENT = ThreadLocal.withInitial(PairMemo::new);

    private WeakReference<Image> reconstruction = new WeakReference<>(null);
    private WeakReference<Image> original = new WeakReference<>(null);
    private final Map<String, MetricResult> results = new HashMap<>();
    private int computations;

    private PairMemo() {
    }

    /**
     * The result stored under {@code key} for this pair, computing and storing it on first use.
     * {@code key} must name the computation and every parameter it depends on.
     */
    static MetricResult get(Image reconstruction, Image original, String key, Supplier<MetricResult> compute) {
        PairMemo m = CURRENT.get();
        if (m.reconstruction.get() != reconstruction || m.original.get() != original) {
            m.reconstruction = new WeakReference<>(reconstruction);
            m.original = new WeakReference<>(original);
            m.results.clear();
            m.computations = 0;
        }
        MetricResult r = m.results.get(key);
        if (r == null) {
            r = compute.get();
            m.computations++;
            m.results.put(key, r);
        }
        return r;
    }

    /**
     * How many results were computed (not reused) for {@code (reconstruction, original)} on this
     * thread; 0 when the memo holds another pair. For tests that prove sharing structurally.
     */
    static int computations(Image reconstruction, Image original) {
        PairMemo m = CURRENT.get();
        return m.reconstruction.get() == reconstruction && m.original.get() == original ? m.computations : 0;
    }
}
