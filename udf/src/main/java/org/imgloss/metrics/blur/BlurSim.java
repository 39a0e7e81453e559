package org.imgloss.metrics.blur;

import java.util.Locale;
import org.imgloss.image.Image;
import org.imgloss.metrics.ChannelLoss;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairMetric;
import org.imgloss.metrics.Parameter;
import org.imgloss.metrics.kernel.DftSize;
import org.imgloss.metrics.pixel.Mse;

/**
 * BlurSim as the published code computes it (amirhossein-razlighi/BlurSim, {@code torch_blursim},
 * HEAD 723ea83; metrics-spec §5.1), metric {@code blursim}. The repository has no licence; this is
 * an independent implementation written from the specification.
 *
 * <p>Per channel, for the reconstruction {@code r} and the original {@code o} of size {@code H × W}:
 * <ul>
 *   <li><b>specific</b> (Sobel) term: {@code S = ‖mag(r) − mag(o)‖_F / (H·W)} where
 *       {@code mag = √(gx² + gy²)} of the 5×5 Sobel derivatives with reflect-101 borders (OpenCV
 *       {@code Sobel(ksize=5)}); divided by {@code H·W}, not by {@code √(H·W)}.</li>
 *   <li><b>general</b> (DFT) term: {@code G = ‖DFT(r) − DFT(o)‖_F / (m·n)}, the unnormalised complex
 *       2-D DFT of each image zero-padded at the bottom/right to {@code m × n} = OpenCV
 *       {@code getOptimalDFTSize} of {@code H}, {@code W} (smallest {@code 2^a·3^b·5^c} ≥ the size);
 *       the norm runs over real and imaginary parts of the complex difference (magnitudes are never
 *       used by the code, whatever its README says). By Parseval's identity this is exactly
 *       {@code √(Σ (r − o)² / (m·n))}, which is what this class evaluates: no FFT is needed, and the
 *       result is closer to the exact value than any FFT's rounding. (A test checks it against a
 *       JTransforms DFT.) {@link BlurSimSpectral} is the magnitude-spectrum variant.</li>
 *   <li>{@code loss = (1 − α)·G + α·S}, α = {@code alpha}, default 0.9 (the code's constructor
 *       default; its README example uses 0.8). Parameter {@code term} reports {@code G}
 *       ({@code general}) or {@code S} ({@code specific}) alone instead of the combination.</li>
 * </ul>
 * Colour images: the mean of the per-channel values (the reference is grayscale-only; the golden
 * values are computed per channel and averaged). Values are in the images' own units: both terms
 * scale linearly with intensity.
 *
 * <p>Reference and tolerance (the float64-DFT and the published float32-DFT values): see
 * {@link BlurLosses} (catalogue entry {@code blursim}). Test vector: metrics-spec §5.2's 61×83 pair
 * (0..255, α = 0.8) gives 4.042705496179 (specific 3.021205265332, general 8.128706419570).
 *
 * <p>Not thread-safe: the Sobel row buffers are reused while the image width stays the same.
 */
public final class BlurSim implements PairMetric {

    /** The code's default α. */
    public static final double DEFAULT_ALPHA = 0.9;

    /** Which value the metric reports. */
    public enum Term {
        /** {@code (1 − α)·general + α·specific}. */
        COMBINED,
        /** The DFT term alone. */
        GENERAL,
        /** The Sobel term alone. */
        SPECIFIC;

        public static Term parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }

        /** This term of one channel, computing only the parts it needs. */
        double of(double alpha, ChannelLoss general, ChannelLoss specific, double[] r, double[] o, int h, int w) {
            return switch (this) {
                case GENERAL -> general.channel(r, o, h, w);
                case SPECIFIC -> specific.channel(r, o, h, w);
                case COMBINED -> (1 - alpha) * general.channel(r, o, h, w) + alpha * specific.channel(r, o, h, w);
            };
        }
    }

    private final double alpha;
    private final Term term;
    private final Sobel5 sobelR = new Sobel5();
    private final Sobel5 sobelO = new Sobel5();
    // one row of magnitudes of each image, and per-column sums of their squared differences
    private double[] magR = new double[0];
    private double[] magO = new double[0];
    private double[] columnSums = new double[0];

    public BlurSim(double alpha, Term term) {
        this.alpha = alpha;
        this.term = term;
    }

    @Override
    public MetricResult compute(Image reconstruction, Image original) {
        return ChannelLoss.meanOverChannels(reconstruction, original,
                (r, o, h, w) -> term.of(alpha, BlurSim::general, this::specific, r, o, h, w));
    }

    /** The DFT term of one channel: {@code √(Σ (r − o)² / (m·n))} (Parseval). */
    static double general(double[] r, double[] o, int h, int w) {
        double ss = Mse.channelSquaredError(r, o); // planes of exactly h·w samples
        double mn = (double) DftSize.optimal(h) * DftSize.optimal(w);
        return Math.sqrt(ss / mn);
    }

    /**
     * The Sobel term of one channel: {@code ‖mag(r) − mag(o)‖_F / (H·W)}, the magnitudes of both
     * images streamed row by row and the squared differences added into per-column sums.
     */
    double specific(double[] r, double[] o, int h, int w) {
        if (magR.length != w) {
            magR = new double[w];
            magO = new double[w];
            columnSums = new double[w];
        }
        double[] mr = magR;
        double[] mo = magO;
        double[] sums = columnSums;
        java.util.Arrays.fill(sums, 0.0);
        sobelR.start(r, h, w);
        sobelO.start(o, h, w);
        for (int i = 0; i < h; i++) {
            sobelR.nextRow(mr);
            sobelO.nextRow(mo);
            for (int j = 0; j < w; j++) {
                double d = mr[j] - mo[j];
                sums[j] += d * d;
            }
        }
        double ss = 0;
        for (int j = 0; j < w; j++) {
            ss += sums[j];
        }
        return Math.sqrt(ss) / ((double) h * w);
    }

    @Override
    public void releaseScratch() {
        magR = new double[0];
        magO = new double[0];
        columnSums = new double[0];
        sobelR.release();
        sobelO.release();
    }
}
