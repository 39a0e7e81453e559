package org.imgloss.metrics.blur;

import java.util.List;
import org.imgloss.metrics.MetricDefinition;
import org.imgloss.metrics.MetricDefinition.Better;
import org.imgloss.metrics.MetricFamily;
import org.imgloss.metrics.Parameter;

/** Catalogue section: BlurSim. */
public final class BlurLosses implements MetricFamily {

    /** Made by {@link java.util.ServiceLoader}; see {@link MetricFamily}. */
    public BlurLosses() {
    }

    @Override
    public int position() {
        return 50;
    }

    @Override
    public List<MetricDefinition> definitions() {
        return List.of(
                new MetricDefinition("blursim",
                        "BlurSim as published code computes it: (1-alpha)*||DFT(y)-DFT(x)||_F/(m*n) + alpha*||sobel5(y)-sobel5(x)||_F/(H*W), "
                                + "complex spectra (= sqrt(sum (y-x)^2/(m*n)) by Parseval), 5x5 Sobel magnitude with reflect-101 borders; "
                                + "per channel then mean",
                        Better.LOWER,
                        "the published BlurSim code, torch_blursim (git 723ea83), run with a float64 DFT: golden "
                                + "blursim_alpha0.8_f64dft, blursim_general_f64dft and blursim_specific; as published it "
                                + "computes the DFT term in float32: golden blursim_alpha0.8, blursim_alpha0.9, "
                                + "blursim_general",
                        "1e-12 relative; 1e-4 relative to the published float32-DFT values",
                        List.of(alpha(), term()),
                        p -> new BlurSim(p.getDouble("alpha"), BlurSim.Term.parse(p.getString("term")))).withRange("≥ 0, 0 for identical images"),
                new MetricDefinition("blursim_spectral",
                        "BlurSim as its paper describes it: (1-alpha)*|| |DFT(y)| - |DFT(x)| ||_F/(m*n) + alpha*(the Sobel term), "
                                + "magnitude spectra of the zero-padded m x n images; per channel then mean",
                        Better.LOWER,
                        "the BlurSim paper and README's description; no reference implementation (the published code "
                                + "compares complex spectra) and no reference values: checked against a naive DFT and for "
                                + "its invariances",
                        "1e-10 relative to a naive DFT",
                        List.of(alpha(), term()),
                        p -> new BlurSimSpectral(p.getDouble("alpha"), BlurSim.Term.parse(p.getString("term")))).withRange("≥ 0, 0 for identical images (and for a circular shift, general term)"));
    }

    private static Parameter alpha() {
        return Parameter.ofDouble("alpha", BlurSim.DEFAULT_ALPHA, "weight of the Sobel (specific) term; 1 - alpha weighs the DFT term")
                .checked(v -> (double) v >= 0 && (double) v <= 1, "must be in [0, 1]");
    }

    private static Parameter term() {
        return Parameter.ofChoice("term", "combined", List.of("combined", "general", "specific"),
                "report the weighted sum (combined), the DFT term alone (general) or the Sobel term alone (specific)");
    }
}
