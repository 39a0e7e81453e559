package org.imgloss.metrics.perceptual;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.imgloss.errors.ErrorCode;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.ParameterException;

/**
 * {@code lpips}: Learned Perceptual Image Patch Similarity (Zhang et al. 2018), version 0.1 of
 * richzhang/PerceptualSimilarity ({@code lpips} 0.1.4), with the backbone as a user-supplied ONNX
 * model (default taps relu1_2, relu2_2, relu3_3, relu4_3, relu5_3 of VGG16, i.e. {@code net='vgg'})
 * and the linear head read from a weights file.
 *
 * <p><b>Formula</b> (spec §6.1), for images in [0, 1]:
 * <ol>
 *   <li>x' = 2v − 1 (the {@code normalize=True} mapping to [−1, 1]), then the v0.1 scaling layer
 *       (x' − shift_c)/scale_c with shift (−0.030, −0.088, −0.188), scale (0.458, 0.448, 0.450)
 *       ({@code scaling_layer=false} skips it, as version 0.0 did). Gray images are repeated ×3.</li>
 *   <li>For each tap l with C_l channels on an H_l×W_l grid: f̂ = f / (√(Σ_c f²) + eps), per pixel
 *       over channels, eps = 1e-10 (the original; torchmetrics uses f/√(Σ f² + 1e-8), which differs
 *       only for all-zero vectors).</li>
 *   <li>score_l = (1/(H_l·W_l)) Σ_pixels Σ_c w_{l,c} (f̂_y − f̂_x)², with w_l the 1×1 linear head of
 *       tap l (dropout is inactive in eval mode).</li>
 *   <li>lpips = Σ_l score_l. With {@code baseline=true} (the library's {@code lpips=False}) every
 *       w_{l,c} is 1.</li>
 * </ol>
 *
 * <p><b>Defaults</b>: layers relu1_2…relu5_3, scaling layer on, eps 1e-10, gray→RGB on,
 * min_size 16 (relu5_3 follows four 2×2 max-pools; spec §6.1), batch_size 4, threads 1.
 *
 * <p><b>Weights file</b> ({@code weights}): a NumPy {@code .npz} archive with one float32/float64
 * array of C_l values per tap (any shape with C_l elements, e.g. the state dict's (1, C_l, 1, 1)).
 * The array of tap i (0-based, in {@code layers} order) is the entry named after the layer
 * ({@code relu1_2}), else {@code lin<i>}, else {@code lin<i>.model.1.weight} (the key in
 * {@code lpips/weights/v0.1/vgg.pth}), so {@code numpy.savez(path, **{k: v.numpy() for k, v in
 * state_dict.items()})} works as is. VGG's head has 64+128+256+512+512 = 1,472 values; their sums
 * per tap are 6.925991535186768, 8.8583345413208, 17.515005111694336, 51.521324157714844,
 * 47.03485107421875 (spec §6.1), which {@link #headSums()} lets a user check.
 *
 * <p><b>Agreement</b>: reference and tolerance: see {@link PerceptualLosses} (catalogue entry
 * {@code lpips}). Symmetric in its two inputs. Gray input (×3) is the author's approximation; the model was not
 * calibrated on gray, and SAR is out of its domain.
 */
public final class Lpips extends OnnxFeatureMetric {

    /** LPIPS v0.1 ScalingLayer shift and scale, per RGB channel (for inputs in [−1, 1]). */
    public static final double[] SHIFT = {-0.030, -0.088, -0.188};
    public static final double[] SCALE = {0.458, 0.448, 0.450};
    /** The original implementation's eps in f / (‖f‖ + eps). */
    public static final double EPS = 1e-10;

    private final double[][] head;
    private final double eps;

    /**
     * @param model        the ONNX backbone
     * @param layers       output names or 0-based indices (or {@code all})
     * @param weights      the {@code .npz} head, or {@code null} with {@code baseline}
     * @param baseline     unweighted channel sum instead of the linear head
     * @param eps          of the channel normalisation
     * @param scalingLayer apply the v0.1 scaling layer after 2v − 1
     * @param grayToRgb    repeat gray images ×3
     * @param batchSize    pairs per run in {@link #computeBatch}
     * @param threads      ONNX Runtime intra-op threads
     * @param minSize      smallest height and width scored (16 for VGG16 up to relu5_3)
     * @throws ParameterException naming the parameter (model, layers, weights, eps)
     */
    public Lpips(Path model, List<String> layers, Path weights, boolean baseline, double eps, boolean scalingLayer,
                 boolean grayToRgb, int batchSize, int threads, int minSize) {
        super("lpips", model, threads, layers, scaleOf(scalingLayer), offsetOf(scalingLayer), grayToRgb, batchSize,
                minSize);
        if (!(eps > 0)) {
            throw new ParameterException("eps", "must be > 0, got " + eps);
        }
        this.eps = eps;
        this.head = baseline ? null : readHead(weights);
    }

    private static double[] scaleOf(boolean scalingLayer) {
        double[] a = new double[3];
        for (int c = 0; c < 3; c++) {
            a[c] = scalingLayer ? 2.0 / SCALE[c] : 2.0;
        }
        return a;
    }

    private static double[] offsetOf(boolean scalingLayer) {
        double[] b = new double[3];
        for (int c = 0; c < 3; c++) {
            b[c] = scalingLayer ? (-1.0 - SHIFT[c]) / SCALE[c] : -1.0;
        }
        return b;
    }

    private double[][] readHead(Path weights) {
        if (weights == null) {
            throw new ParameterException("weights", "required: the .npz file of the LPIPS linear-layer weights "
                    + "(or baseline=true for the unweighted variant)");
        }
        Path file = requireReadableFile("weights", weights.toString());
        Map<String, double[]> arrays;
        try {
            arrays = NpzArrays.read(file);
        } catch (IOException e) {
            throw new ParameterException("weights", "cannot read " + file + ": " + e.getMessage());
        }
        List<String> layers = layers();
        if (model() == null && layers.equals(List.of("all"))) {
            return new double[0][]; // ONNX Runtime is unavailable here: the metric is NOT_APPLICABLE anyway
        }
        double[][] out = new double[layers.size()][];
        for (int i = 0; i < out.length; i++) {
            List<String> keys = List.of(layers.get(i), "lin" + i, "lin" + i + ".model.1.weight");
            for (String k : keys) {
                if (arrays.containsKey(k)) {
                    out[i] = arrays.get(k);
                    break;
                }
            }
            if (out[i] == null) {
                throw new ParameterException("weights", file + " has no array for layer " + layers.get(i) + " (looked for "
                        + String.join(", ", keys) + "; it has " + String.join(", ", arrays.keySet()) + ")");
            }
            if (model() != null) {
                long[] shape = model().outputShape(layers.get(i));
                if (shape != null && shape.length > 1 && shape[1] > 0 && shape[1] != out[i].length) {
                    throw new ParameterException("weights", "layer " + layers.get(i) + " has " + shape[1]
                            + " channels but its weights in " + file + " have " + out[i].length + " values");
                }
            }
        }
        return out;
    }

    /** Sum of the head weights per tap (a checksum against the published file), or {@code null} for the baseline. */
    public double[] headSums() {
        if (head == null) {
            return null;
        }
        double[] sums = new double[head.length];
        for (int l = 0; l < head.length; l++) {
            for (double w : head[l]) {
                sums[l] += w;
            }
        }
        return sums;
    }

    @Override
    protected MetricResult score(List<FeatureMaps> recs, int ia, List<FeatureMaps> origs, int ib) {
        double total = 0;
        for (int l = 0; l < recs.size(); l++) {
            FeatureMaps a = recs.get(l);
            FeatureMaps b = origs.get(l);
            int channels = a.channels();
            int spatial = a.spatial();
            double[] w = head == null ? null : head[l];
            if (w != null && w.length != channels) {
                return MetricResult.notApplicable(ErrorCode.NOT_APPLICABLE, "layer " + a.name() + " has " + channels
                        + " channels but its LPIPS weights have " + w.length + " values");
            }
            float[] fa = a.data();
            float[] fb = b.data();
            int oa = a.offset(ia);
            int ob = b.offset(ib);
            double layerSum = 0;
            for (int p = 0; p < spatial; p++) {
                double na = 0;
                double nb = 0;
                for (int c = 0; c < channels; c++) {
                    double x = fa[oa + c * spatial + p];
                    double y = fb[ob + c * spatial + p];
                    na += x * x;
                    nb += y * y;
                }
                double ka = 1.0 / (Math.sqrt(na) + eps);
                double kb = 1.0 / (Math.sqrt(nb) + eps);
                double s = 0;
                for (int c = 0; c < channels; c++) {
                    double d = fa[oa + c * spatial + p] * ka - fb[ob + c * spatial + p] * kb;
                    s += (w == null ? 1.0 : w[c]) * d * d;
                }
                layerSum += s;
            }
            total += layerSum / spatial;
        }
        return MetricResult.of(total);
    }
}
