package org.imgloss.metrics.blur;

import org.imgloss.image.Image;
import org.jtransforms.fft.DoubleFFT_1D;
import org.jtransforms.fft.DoubleFFT_2D;
import org.visnow.jlargearrays.ConcurrencyUtils;
import org.imgloss.metrics.ChannelLoss;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairMetric;
import org.imgloss.metrics.kernel.DftSize;

/**
 * BlurSim as its paper and README describe it, metric {@code blursim_spectral}: the general term
 * compares DFT <b>magnitude</b> spectra (the published code compares complex spectra instead; that
 * version is {@link BlurSim}, metrics-spec §5.1). The README's wording ("normalized difference of the
 * magnitude spectra") does not fix a normalisation; this class fixes it as follows, per channel:
 * <ul>
 *   <li>each image is zero-padded at the bottom/right to {@code m × n} (the same FFT-friendly sizes
 *       as {@link BlurSim}: smallest {@code 2^a·3^b·5^c} ≥ H, W), its unnormalised 2-D DFT taken
 *       with JTransforms in double precision, and {@code |F|} formed per frequency;</li>
 *   <li>{@code G_spec = ‖ |F(r)| − |F(o)| ‖_F / (m·n)}: the same scaling as the code's general term,
 *       so that {@code G_spec ≤ G} (reverse triangle inequality), with equality when the two spectra
 *       have the same phase, and {@code G_spec = 0} for a circular shift of the padded image;
 *       {@code fftshift} is irrelevant to the norm and not applied;</li>
 *   <li>the specific term is {@link BlurSim}'s 5×5 Sobel term unchanged, and
 *       {@code loss = (1 − α)·G_spec + α·S}, α default 0.9; parameter {@code term} reports one term.</li>
 * </ul>
 * Colour images: mean of the per-channel values. Reference and tolerance (there is no external
 * reference value; the tests use a naive O((mn)²) DFT): see {@link BlurLosses} (catalogue entry
 * {@code blursim_spectral}).
 *
 * <p>The FFT plan is built once per padded size and reused, as are the buffers. Every transform
 * runs on the calling thread: JTransforms would otherwise split transforms of 65,536 or more samples
 * over its own global pool (one thread per processor), on top of Spark's one task per core. Loading
 * this class therefore sets JLargeArrays' {@link ConcurrencyUtils#setNumberOfThreads(int) thread
 * count} — the JVM-wide setting JTransforms 3.2 reads — to 1, once: the product's choice, since
 * Spark provides the parallelism. Nothing else in the product uses JTransforms. Not thread-safe.
 */
public final class BlurSimSpectral implements PairMetric {

    static {
        ConcurrencyUtils.setNumberOfThreads(1);
    }

    private final double alpha;
    private final BlurSim.Term term;
    private final BlurSim sobelTerm;
    private int m = -1;
    private int n = -1;
    private DoubleFFT_2D fft;
    private DoubleFFT_1D fftLine;
    private double[] spectrum;
    private double[] magnitude;

    public BlurSimSpectral(double alpha, BlurSim.Term term) {
        this.alpha = alpha;
        this.term = term;
        this.sobelTerm = new BlurSim(1.0, BlurSim.Term.SPECIFIC);
    }

    @Override
    public MetricResult compute(Image reconstruction, Image original) {
        return ChannelLoss.meanOverChannels(reconstruction, original,
                (r, o, h, w) -> term.of(alpha, this::general, sobelTerm::specific, r, o, h, w));
    }

    /** {@code ‖ |F(r)| − |F(o)| ‖_F / (m·n)} of one channel. */
    double general(double[] r, double[] o, int h, int w) {
        int pm = DftSize.optimal(h);
        int pn = DftSize.optimal(w);
        if (pm != m || pn != n) {
            m = pm;
            n = pn;
            // JTransforms' 2-D plans need at least 2 rows and 2 columns; a single row or column is a
            // 1-D transform with the same interleaved layout, and a 1x1 DFT is the sample itself.
            fft = m > 1 && n > 1 ? new DoubleFFT_2D(m, n) : null;
            fftLine = (m > 1) != (n > 1) ? new DoubleFFT_1D(Math.max(m, n)) : null;
            spectrum = new double[2 * m * n];
            magnitude = new double[m * n];
        }
        transform(r, h, w);
        for (int k = 0; k < m * n; k++) {
            magnitude[k] = Math.hypot(spectrum[2 * k], spectrum[2 * k + 1]);
        }
        transform(o, h, w);
        double ss = 0;
        for (int k = 0; k < m * n; k++) {
            double d = magnitude[k] - Math.hypot(spectrum[2 * k], spectrum[2 * k + 1]);
            ss += d * d;
        }
        return Math.sqrt(ss) / ((double) m * n);
    }

    /** Full complex DFT of {@code v} zero-padded to m × n, interleaved (re, im) row-major in {@code spectrum}. */
    private void transform(double[] v, int h, int w) {
        java.util.Arrays.fill(spectrum, 0.0);
        // realForwardFull reads the m×n real input from the first m·n elements, row-major.
        for (int i = 0; i < h; i++) {
            System.arraycopy(v, i * w, spectrum, i * n, w);
        }
        if (fft != null) {
            fft.realForwardFull(spectrum);
        } else if (fftLine != null) {
            fftLine.realForwardFull(spectrum);
        }
    }

    @Override
    public void releaseScratch() {
        m = -1;
        n = -1;
        fft = null;
        fftLine = null;
        spectrum = null;
        magnitude = null;
        sobelTerm.releaseScratch();
    }
}
