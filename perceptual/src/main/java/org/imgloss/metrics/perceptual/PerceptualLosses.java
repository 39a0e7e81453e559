package org.imgloss.metrics.perceptual;

import java.nio.file.Path;
import java.util.List;
import org.imgloss.metrics.MetricDefinition;
import org.imgloss.metrics.MetricDefinition.Better;
import org.imgloss.metrics.MetricFamily;
import org.imgloss.metrics.MetricParameters;
import org.imgloss.metrics.Parameter;
import org.imgloss.metrics.ParameterException;

/**
 * Catalogue section: the losses on the features of a user-supplied ONNX network, {@code perceptual}
 * (VGG feature reconstruction loss, {@link PerceptualLoss}) and {@code lpips} ({@link Lpips}).
 *
 * <p>Nothing is downloaded: {@code model} (and lpips' {@code weights}) name files. A missing file
 * is a {@link ParameterException} ({@code model: file not found: /x.onnx}) both when the parameters
 * are bound (so config validation reports it before Spark starts) and when the kernel is built; a
 * missing {@code model} parameter, a file that is not a usable ONNX model and a layer the model does
 * not have are reported by the factory. The ONNX session is loaded once per JVM and shared
 * ({@link OnnxModel}).
 */
public final class PerceptualLosses implements MetricFamily {

    static final String PERCEPTUAL_LAYERS = "relu1_2|relu2_2|relu3_3";
    static final String LPIPS_LAYERS = "relu1_2|relu2_2|relu3_3|relu4_3|relu5_3";

    /** Made by {@link java.util.ServiceLoader}; see {@link MetricFamily}. */
    public PerceptualLosses() {
    }

    @Override
    public int position() {
        return 60;
    }

    @Override
    public List<MetricDefinition> definitions() {
        return List.of(
                new MetricDefinition("perceptual",
                        "VGG feature reconstruction loss (Johnson et al. 2016): Σ_l w_l·D(φ_l(reconstruction), φ_l(original)) "
                                + "over the outputs of a user-supplied ONNX network; D = mean squared difference over C·H·W by default",
                        Better.LOWER,
                        "the canonical VGG perceptual loss (VGG16 relu1_2, relu2_2, relu3_3, weights 1, ImageNet "
                                + "normalisation, per-layer MSE over C·H·W, summed) computed in PyTorch float32 with the same "
                                + "exported model (ONNX Runtime's float32 convolutions differ from PyTorch's by 1e-6 to 1e-5); "
                                + "imagenet_norm=false gives the unnormalised variant. No VGG16 reference values are bundled: "
                                + "the tests use a hand-computed tiny network",
                        "~1e-4 relative (float32 runtimes); 1e-5 relative on the tests' tiny network",
                        List.of(modelParameter(),
                                Parameter.ofString("layers", PERCEPTUAL_LAYERS,
                                        "model outputs to compare: names or 0-based indices separated by | or spaces, or 'all'"),
                                Parameter.ofDoubleList("layer_weights", null, "one weight per layer (default 1 each)"),
                                Parameter.ofChoice("distance", "mse", List.of("mse", "l1", "cosine"),
                                        "per-layer distance: mse or l1 (means over C·H·W), cosine (1 − cosine over channels, "
                                                + "mean over pixels)"),
                                Parameter.ofBoolean("imagenet_norm", true, "(v − mean)/std of the [0, 1] input, with mean/std below (ImageNet's)"),
                                Parameter.ofDoubleList("mean", PerceptualLoss.IMAGENET_MEAN.clone(), "per-channel mean of imagenet_norm"),
                                Parameter.ofDoubleList("std", PerceptualLoss.IMAGENET_STD.clone(), "per-channel std of imagenet_norm")
                                        .checked(v -> allPositive((double[]) v), "values must be > 0"),
                                grayParameter(), minSizeParameter(4, "relu3_3 follows two 2x2 max-pools"),
                                batchParameter(), threadsParameter()),
                        PerceptualLosses::perceptual).withRange("≥ 0, 0 for identical images"),
                new MetricDefinition("lpips",
                        "LPIPS v0.1 (Zhang et al. 2018): Σ_l mean_pixels Σ_c w_lc·(f̂_l(reconstruction) − f̂_l(original))², "
                                + "f̂ the channel-unit-normalised outputs of a user-supplied ONNX backbone, w the linear head from an .npz",
                        Better.LOWER,
                        "lpips 0.1.4 LPIPS(net='vgg', version='0.1')(y, x, normalize=True) with the VGG16 trunk and "
                                + "weights/v0.1/vgg.pth exported as documented (ONNX Runtime vs PyTorch float32 convolutions); "
                                + "the tests use a hand-computed tiny network",
                        "~1e-4 relative (float32 runtimes); 1e-5 relative on the tests' tiny network",
                        List.of(modelParameter(),
                                Parameter.ofString("weights", null,
                                        "the linear head: an .npz with one array per layer (named after the layer, lin<i> "
                                                + "or lin<i>.model.1.weight); required unless baseline=true"),
                                Parameter.ofBoolean("baseline", false,
                                        "unweighted channel sum instead of the linear head (the library's lpips=False)"),
                                Parameter.ofString("layers", LPIPS_LAYERS,
                                        "backbone outputs (taps): names or 0-based indices separated by | or spaces, or 'all'"),
                                Parameter.ofDouble("eps", Lpips.EPS, "eps of the channel normalisation f / (‖f‖ + eps)").positive(),
                                Parameter.ofBoolean("scaling_layer", true,
                                        "after 2v − 1, the v0.1 scaling layer (x − shift)/scale (false: version 0.0)"),
                                grayParameter(), minSizeParameter(16, "relu5_3 follows four 2x2 max-pools"),
                                batchParameter(), threadsParameter()),
                        PerceptualLosses::lpips).withRange("≥ 0, 0 for identical images (about 0 to 1 in practice)"));
    }

    private static Parameter modelParameter() {
        return Parameter.ofString("model", null,
                        "path of the ONNX model (N×C×H×W float input; outputs are the feature maps); required, never downloaded")
                .checked(v -> OnnxFeatureMetric.requireReadableFile("model", (String) v) != null, "file not found");
    }

    private static Parameter grayParameter() {
        return Parameter.ofBoolean("gray_to_rgb", true, "repeat a gray image into 3 channels");
    }

    private static Parameter minSizeParameter(int defaultValue, String why) {
        return Parameter.ofInt("min_size", defaultValue, "smallest height and width scored; smaller pairs are TOO_SMALL "
                + "(default for VGG16: " + why + ")").positive();
    }

    private static Parameter batchParameter() {
        return Parameter.ofInt("batch_size", 4,
                "pairs stacked per ONNX Runtime run in batch scoring (the per-row path runs one pair)").positive();
    }

    private static Parameter threadsParameter() {
        return Parameter.ofInt("threads", 1,
                "ONNX Runtime intra-op threads per run (1: Spark already runs one task per core)").positive();
    }

    private static boolean allPositive(double[] values) {
        for (double v : values) {
            if (!(v > 0)) {
                return false;
            }
        }
        return true;
    }

    private static Path requiredModel(MetricParameters p) {
        if (!p.has("model")) {
            throw new ParameterException("model", "required: the path of an ONNX model file, e.g. "
                    + "model=/models/vgg16_features.onnx (nothing is downloaded)");
        }
        return Path.of(p.getString("model"));
    }

    static PerceptualLoss perceptual(MetricParameters p) {
        return new PerceptualLoss(requiredModel(p), OnnxModel.splitLayers(p.getString("layers")),
                p.has("layer_weights") ? p.getDoubleList("layer_weights") : null,
                PerceptualLoss.Distance.parse(p.getString("distance")), p.getBoolean("imagenet_norm"),
                p.getDoubleList("mean"), p.getDoubleList("std"), p.getBoolean("gray_to_rgb"),
                p.getInt("batch_size"), p.getInt("threads"), p.getInt("min_size"));
    }

    static Lpips lpips(MetricParameters p) {
        return new Lpips(requiredModel(p), OnnxModel.splitLayers(p.getString("layers")),
                p.has("weights") ? Path.of(p.getString("weights")) : null, p.getBoolean("baseline"),
                p.getDouble("eps"), p.getBoolean("scaling_layer"), p.getBoolean("gray_to_rgb"),
                p.getInt("batch_size"), p.getInt("threads"), p.getInt("min_size"));
    }
}
