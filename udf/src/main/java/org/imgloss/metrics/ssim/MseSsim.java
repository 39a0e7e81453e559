package org.imgloss.metrics.ssim;

import org.imgloss.image.Image;
import org.imgloss.metrics.InputPairMetric;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairInputs;
import org.imgloss.metrics.PairMetric;
import org.imgloss.metrics.pixel.Mse;

/**
 * The combined loss of the project's loss notes ({@code CombinedLoss}, metrics-spec §4), metric
 * {@code mse_ssim}:
 * <pre>  loss = mse_weight · MSE + ssim_weight · (1 − SSIM)</pre>
 * with MSE over all samples (= the mean of per-channel MSEs) and SSIM the catalogue's {@code ssim}
 * metric with {@code variant = ssim_variant}, by default {@code zero_pad}: the seed's 11×11
 * Gaussian window (σ = 1.5) with zero-padded "same" convolution, borders included in the mean,
 * data range 1. Defaults 0.5 / 0.5; the seed's document recommends 0.16 / 0.84, a recipe traced to
 * Zhao et al. (IEEE TCI 2017), where it mixes MS-SSIM with a Gaussian-weighted L1, not MSE and SSIM.
 *
 * <p>Reference and tolerance (and the seed's float32-window deviation): see {@link StructuralLosses}
 * (catalogue entry {@code mse_ssim}); they hold given the SSIM kernel's own agreement with
 * {@code ssim_gauss11_zeropad}. Test vector: metrics-spec §4's 61×83 pair (MSE 0.0011560512095843,
 * 1 − SSIM 0.06115281565635977). When SSIM has no value for the pair (e.g. a
 * variant whose window does not fit), neither has this loss, with SSIM's reason. The catalogue's
 * SSIM kernel is computed once per pair and settings (the pair's {@link org.imgloss.metrics.PairCache}), whichever of {@code ssim},
 * {@code ssim_loss}, {@code mse_ssim} (any weighting) and {@code sar_reconstruction} asks first.
 * Not thread-safe.
 */
public final class MseSsim implements InputPairMetric {

    private final double mseWeight;
    private final double ssimWeight;
    private final PairMetric ssim;

    /**
     * @param ssim the SSIM kernel to use (a similarity, 1 = identical), e.g.
     *             {@code MetricCatalog.get("ssim").create(Map.of("variant", "zero_pad"))}; the
     *             catalogue's {@link Ssim} shares its value within a pair (the pair's {@link org.imgloss.metrics.PairCache})
     */
    public MseSsim(double mseWeight, double ssimWeight, PairMetric ssim) {
        this.mseWeight = mseWeight;
        this.ssimWeight = ssimWeight;
        this.ssim = ssim;
    }


    @Override
    public MetricResult compute(Image reconstruction, Image original, PairInputs inputs) {
        double mse = mse(reconstruction, original);
        if (ssimWeight == 0) {
            return MetricResult.of(mseWeight * mse);
        }
        MetricResult s = ssim.compute(reconstruction, original, inputs);
        if (!s.hasValue()) {
            return MetricResult.notApplicable(s.errorCode(), "ssim: " + s.message());
        }
        return MetricResult.of(mseWeight * mse + ssimWeight * (1 - s.value()));
    }

    /** Mean of {@code (y − x)²} over every sample of every channel. */
    public static double mse(Image reconstruction, Image original) {
        double sum = 0;
        for (int c = 0; c < original.channels(); c++) {
            sum += Mse.channelSquaredError(reconstruction.plane(c), original.plane(c)) / original.pixels();
        }
        return sum / original.channels();
    }

    @Override
    public void releaseScratch() {
        ssim.releaseScratch();
    }
}
