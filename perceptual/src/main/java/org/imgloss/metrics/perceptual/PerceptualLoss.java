package org.imgloss.metrics.perceptual;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.ParameterException;

/**
 * {@code perceptual}: the VGG feature reconstruction loss (Johnson, Alahi, Fei-Fei 2016, "Perceptual
 * losses for real-time style transfer and super-resolution"), computed with a user-supplied ONNX
 * model (e.g. torchvision's VGG16 {@code features} exported with outputs relu1_2, relu2_2, relu3_3,
 * relu4_3, relu5_3; see the README).
 *
 * <p><b>Formula</b> (spec §6.2, "VGG_PERCEPTUAL"): with φ_l the model output l for an image in
 * [0, 1] that was ImageNet-normalised ({@code (v − mean_c)/std_c}, mean (0.485, 0.456, 0.406), std
 * (0.229, 0.224, 0.225)) and, if gray, repeated ×3,
 * <pre>
 *   perceptual(y, x) = Σ_l w_l · D(φ_l(y), φ_l(x))
 * </pre>
 * where for a C×H×W feature map
 * <ul>
 *   <li>{@code mse} (default): D = (1/(C·H·W)) Σ (a − b)², torch's {@code F.mse_loss} on one image;</li>
 *   <li>{@code l1}: D = (1/(C·H·W)) Σ |a − b|;</li>
 *   <li>{@code cosine}: D = (1/(H·W)) Σ_pixels (1 − a·b / (|a|·|b|)), the cosine taken over channels
 *       at each pixel; where both vectors are all zero (common after a ReLU) the term is 0, where
 *       exactly one is, 1. This is {@code 1 − F.cosine_similarity(a, b, dim=1).mean()} except at
 *       all-zero pixels, where torch's eps gives 1 for identical images.</li>
 * </ul>
 *
 * <p><b>Defaults</b>: layers relu1_2, relu2_2, relu3_3 with weights 1, 1, 1, MSE, ImageNet
 * normalisation on, gray→RGB on: the spec's canonical definition; min_size 4 (relu3_3 follows
 * two 2×2 max-pools), batch_size 4, threads 1. The seed's training code sums the
 * same three MSEs but skips the normalisation ({@code imagenet_norm=false} reproduces it). piq's
 * {@code ContentLoss} sums over channels instead of averaging (C× larger per layer).
 *
 * <p><b>Agreement</b>: reference and tolerance: see {@link PerceptualLosses} (catalogue entry
 * {@code perceptual}). The input transform is applied in double, then rounded to float32.
 */
public final class PerceptualLoss extends OnnxFeatureMetric {

    /** Per-layer distance. */
    public enum Distance {
        MSE, L1, COSINE;

        public static Distance parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** ImageNet mean and std of torchvision's models, per RGB channel. */
    public static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
    public static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};

    private final double[] layerWeights;
    private final Distance distance;

    /**
     * @param model        the ONNX model file
     * @param layers       output names or 0-based indices (or {@code all})
     * @param layerWeights one weight per layer, or {@code null} for 1 each
     * @param distance     per-layer distance
     * @param normalize    apply {@code (v − mean)/std} before the model
     * @param mean         per-channel mean (1 or 3 values)
     * @param std          per-channel std (same length as mean, all > 0)
     * @param grayToRgb    repeat gray images ×3
     * @param batchSize    pairs per run in {@link #computeBatch}
     * @param threads      ONNX Runtime intra-op threads
     * @param minSize      smallest height and width scored (4 for VGG16 up to relu3_3)
     * @throws ParameterException naming the parameter (model, layers, layer_weights, mean, std)
     */
    public PerceptualLoss(Path model, List<String> layers, double[] layerWeights, Distance distance, boolean normalize,
                          double[] mean, double[] std, boolean grayToRgb, int batchSize, int threads, int minSize) {
        super("perceptual", model, threads, layers, scaleOf(normalize, mean, std), offsetOf(normalize, mean, std),
                grayToRgb, batchSize, minSize);
        int n = layers().size();
        boolean layersKnown = model() != null || !layers().equals(List.of("all"));
        if (layersKnown && layerWeights != null && layerWeights.length != n) {
            throw new ParameterException("layer_weights", "has " + layerWeights.length + " values but " + n
                    + " layers are used (" + String.join(", ", layers()) + ")");
        }
        this.layerWeights = layerWeights == null ? ones(n) : layerWeights.clone();
        this.distance = distance;
    }

    private static double[] ones(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0);
        return w;
    }

    private static double[] scaleOf(boolean normalize, double[] mean, double[] std) {
        if (!normalize) {
            return new double[] {1.0};
        }
        checkMeanStd(mean, std);
        double[] a = new double[std.length];
        for (int c = 0; c < a.length; c++) {
            a[c] = 1.0 / std[c];
        }
        return a;
    }

    private static double[] offsetOf(boolean normalize, double[] mean, double[] std) {
        if (!normalize) {
            return new double[] {0.0};
        }
        double[] b = new double[mean.length];
        for (int c = 0; c < b.length; c++) {
            b[c] = -mean[c] / std[c];
        }
        return b;
    }

    private static void checkMeanStd(double[] mean, double[] std) {
        if (mean.length != std.length) {
            throw new ParameterException("std", "has " + std.length + " values but mean has " + mean.length);
        }
        for (double s : std) {
            if (!(s > 0)) {
                throw new ParameterException("std", "values must be > 0, got " + s);
            }
        }
    }

    @Override
    protected MetricResult score(List<FeatureMaps> recs, int ia, List<FeatureMaps> origs, int ib) {
        double total = 0;
        for (int l = 0; l < recs.size(); l++) {
            FeatureMaps a = recs.get(l);
            FeatureMaps b = origs.get(l);
            total += layerWeights[l] * distance(a.data(), a.offset(ia), b.data(), b.offset(ib), a.channels(), a.spatial());
        }
        return MetricResult.of(total);
    }

    private double distance(float[] a, int oa, float[] b, int ob, int channels, int spatial) {
        int n = channels * spatial;
        switch (distance) {
            case MSE: {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    double d = (double) a[oa + i] - b[ob + i];
                    s += d * d;
                }
                return s / n;
            }
            case L1: {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += Math.abs((double) a[oa + i] - b[ob + i]);
                }
                return s / n;
            }
            case COSINE: {
                double s = 0;
                for (int p = 0; p < spatial; p++) {
                    double dot = 0;
                    double na = 0;
                    double nb = 0;
                    for (int c = 0; c < channels; c++) {
                        double x = a[oa + c * spatial + p];
                        double y = b[ob + c * spatial + p];
                        dot += x * y;
                        na += x * x;
                        nb += y * y;
                    }
                    if (na == 0 && nb == 0) {
                        continue;
                    }
                    s += (na == 0 || nb == 0) ? 1.0 : 1.0 - dot / Math.sqrt(na * nb);
                }
                return s / spatial;
            }
            default:
                throw new IllegalStateException("unknown distance " + distance);
        }
    }
}
