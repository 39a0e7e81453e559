package org.imgloss.metrics.sar;

import org.imgloss.image.Image;
import org.imgloss.metrics.InputPairMetric;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairInputs;
import org.imgloss.metrics.PairMetric;
import org.imgloss.metrics.gradient.GradientL1;
import org.imgloss.metrics.ssim.MseSsim;

/**
 * The SAR reconstruction loss of the project's loss notes ({@code SARReconstructionLoss},
 * metrics-spec §4), metric {@code sar_reconstruction}:
 * <pre>  loss = mse_weight · MSE + ssim_weight · (1 − SSIM) + edge_weight · gradient_l1</pre>
 * with defaults 0.5 / 0.5 / 0.1 (the seed's recommended starting configuration), SSIM as in
 * {@link MseSsim} ({@code ssim_variant}, default {@code zero_pad}) and the edge term the seed's
 * Sobel gradient loss ({@link GradientL1}, zero padding 1).
 *
 * <p>Reference and tolerance: see {@link SarLosses} (catalogue entry {@code sar_reconstruction});
 * they hold given the SSIM kernel's agreement with {@code ssim_gauss11_zeropad}. Its SSIM and gradient terms are
 * shared with {@code ssim}, {@code mse_ssim} and {@code gradient_l1} when those score the same pair
 * (the pair's {@link org.imgloss.metrics.PairCache}). Not thread-safe.
 */
public final class SarReconstruction implements InputPairMetric {

    private final MseSsim mseSsim;
    private final double edgeWeight;
    private final GradientL1 gradient = new GradientL1();

    public SarReconstruction(double mseWeight, double ssimWeight, double edgeWeight, PairMetric ssim) {
        this.mseSsim = new MseSsim(mseWeight, ssimWeight, ssim);
        this.edgeWeight = edgeWeight;
    }


    @Override
    public MetricResult compute(Image reconstruction, Image original, PairInputs inputs) {
        MetricResult base = mseSsim.compute(reconstruction, original, inputs);
        if (!base.hasValue() || edgeWeight == 0) {
            return base;
        }
        MetricResult edge = gradient.compute(reconstruction, original, inputs);
        return MetricResult.of(base.value() + edgeWeight * edge.value());
    }
}
