package org.imgloss.metrics.ssim;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The named SSIM variants of the {@code ssim} metric's {@code variant} parameter (spec §1.3). They
 * share the per-window formula (§1.1) and differ in window, border, averaging set, covariance
 * normalisation and automatic downsampling. Any SSIM number must carry its variant name: on the
 * spec's 400×520 test pair they range from 0.9319 to 0.9958. Reference and tolerance of each: see
 * {@link StructuralLosses} (catalogue entry {@code ssim}).
 */
public enum SsimVariant {
    /**
     * Wang et al. 2004 ("valid"): Gaussian 11 taps σ 1.5 in double, population covariance, mean over
     * positions where the window lies fully inside: what scikit-image computes with
     * {@code gaussian_weights=True, use_sample_covariance=False}, piq with {@code downsample=False},
     * torchmetrics ≤ 1.4.1 and MATLAB {@code ssim_index.m}.
     */
    WANG("Wang et al. 2004 valid SSIM (= scikit-image gaussian_weights, population covariance; piq downsample=False)"),
    /**
     * scikit-image defaults: 7×7 uniform window, sample covariance (×49/48), map cropped by 3 on every
     * side (= valid positions), as {@code structural_similarity(x, y, data_range=L)} computes it.
     */
    SKIMAGE("scikit-image structural_similarity defaults (7x7 uniform, sample covariance 49/48)"),
    /**
     * torchmetrics ≥ 1.4.2: Gaussian 11/1.5, images reflect-padded (whole-symmetric) by the radius 5,
     * variances clamped at 0, mean over the whole H×W map. Needs every side &gt; 5.
     */
    TORCHMETRICS("torchmetrics >= 1.4.2 structural_similarity_index_measure (reflect padding, whole-map mean)"),
    /**
     * MATLAB {@code ssim.m} (2009) automatic downsampling: f = max(1, round(min(H,W)/256)) with MATLAB
     * rounding (halves away from zero), f×f box with half-symmetric border, every f-th pixel from the
     * first; then {@link #WANG}.
     */
    MATLAB("MATLAB ssim.m (2009) with automatic downsampling, then Wang valid SSIM"),
    /**
     * The seed training code's SSIMLoss: Gaussian 11/1.5 in double, zero padding 5 ("same" map), mean
     * over the whole map, borders included. Works for any size.
     */
    ZERO_PAD("seed SSIMLoss: zero-padded 'same' SSIM, mean over the full map"),
    /**
     * pytorch_msssim 1.0.0 {@code ssim}: Wang valid SSIM with pytorch_msssim's float32-built window
     * weights (spec §1.2), which exact double weights would move by ~3e-7.
     */
    PYTORCH_MSSSIM("pytorch_msssim 1.0.0 ssim (Wang valid SSIM with its float32 window weights)"),
    /**
     * piq 0.8.0 {@code ssim} defaults: f = max(1, round(min(H,W)/256)) with Python rounding (halves to
     * even), {@code avg_pool2d(f)} (floor, blocks from the first pixel), then {@link #WANG}. (piq
     * rejects values outside [0, L]; here they are scored like any other.)
     */
    PIQ("piq 0.8.0 ssim defaults (auto-downsampling by avg_pool2d, then Wang valid SSIM)");

    private final String description;

    SsimVariant(String description) {
        this.description = description;
    }

    /** The name used in the {@code variant} parameter, e.g. {@code zero_pad}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** One line: what the variant computes and which reference it follows. */
    public String description() {
        return description;
    }

    /** All parameter names, in declaration order. */
    public static List<String> configNames() {
        return Arrays.stream(values()).map(SsimVariant::configName).toList();
    }

    /** The variant of that parameter name. */
    public static SsimVariant fromConfigName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
