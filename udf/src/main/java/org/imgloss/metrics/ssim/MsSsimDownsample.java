package org.imgloss.metrics.ssim;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The reference whose multi-scale rules {@code ms_ssim} follows (its {@code downsample} parameter):
 * the 2×2 averaging between scales, the size check, the window, the per-scale averaging set and the
 * order of channel averaging and exponentiation (spec §2.2–§2.5). With every side even at every
 * scale they agree to ~1e-8; an odd side splits them at 1e-4.
 */
public enum MsSsimDownsample {
    /**
     * pytorch_msssim 1.0.0 (default): zero-padded {@code avg_pool2d(2, padding=size mod 2)} with the
     * pad counted; float32-built window; valid positions; relu and product per channel, then the mean;
     * min side &gt; (11−1)·2⁴ = 160 whatever the number of weights.
     */
    PYTORCH_MSSSIM,
    /**
     * piq 0.8.0: replicate one row/column top-left when either side is odd, then floor
     * {@code avg_pool2d(2)}; double window; per channel; custom weights renormalised to sum 1; sides
     * ≥ (11−1)·2^(M−1)+1.
     */
    PIQ,
    /**
     * MATLAB {@code msssim.m}: ones(2)/4 with half-symmetric border, every second pixel from the first;
     * per channel; min(H,W)/2^(M−1) ≥ 11 (no clamping in MATLAB; here relu as in the others).
     */
    MATLAB,
    /**
     * torchmetrics ≥ 1.4.2: floor {@code avg_pool2d(2)}; cs on valid positions, SSIM of the last scale
     * over the whole reflect-padded map; channels averaged before exponentiation; weights rounded to
     * float32; sides ≥ 2^M and ⌊side/(M−1)²⌋ &gt; 10.
     */
    TORCHMETRICS;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> configNames() {
        return Arrays.stream(values()).map(MsSsimDownsample::configName).toList();
    }

    public static MsSsimDownsample fromConfigName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    /** Side length of the next scale. */
    public int next(int side) {
        return this == TORCHMETRICS ? side / 2 : (side + 1) / 2;
    }
}
