package org.imgloss.metrics.perceptual;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.Image;
import org.imgloss.metrics.BatchPairMetric;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairInputs;
import org.imgloss.metrics.PairMetric;
import org.imgloss.metrics.ParameterException;

/**
 * The common part of the losses computed on the feature maps of a user-supplied ONNX network
 * ({@link PerceptualLoss}, {@link Lpips}): input checks, the per-channel affine input transform,
 * gray→RGB replication, batching, and running the shared {@link OnnxModel} session.
 *
 * <p><b>Input.</b> Both images must hold samples in [0, 1] (what the decoder gives for 8- and 16-bit
 * images; a float image outside [0, 1] ± 1e-6, or a non-finite sample, is {@code NOT_APPLICABLE}:
 * rescale it with the decode options first). A gray image is repeated into 3 identical channels
 * when {@code gray_to_rgb} is on and the model does not declare a 1-channel input. Each channel c
 * then becomes {@code a_c·v + b_c} in float32 (the subclass fixes a and b, e.g. ImageNet
 * normalisation {@code (v − mean_c)/std_c}). Images of 2 or 4+ channels are {@code NOT_APPLICABLE}.
 *
 * <p><b>Batching.</b> {@link #computeBatch} scores many pairs with few {@code session.run} calls:
 * pairs of the same shape are stacked, reconstruction and original of each pair next to each other,
 * up to {@code batch_size} pairs ({@code 2·batch_size} images) per run, when the model's batch axis
 * is dynamic; a model exported with a fixed batch of 1 gets one image per run. {@link #compute}, the
 * {@link PairMetric} path used per row (the SQL UDFs), is a batch of one pair (one run of 2 images);
 * the job scores chunks of rows through {@code PairScoring.scoreBatch}, which calls
 * {@link BatchPairMetric#computeBatch} once per chunk. When a batched
 * run fails, its pairs are retried one by one so that one bad pair cannot spoil the others.
 * Results do not depend on the batching (each image's features are computed independently).
 *
 * <p><b>Size.</b> A pair smaller than {@code min_size} in height or width is {@code TOO_SMALL}.
 * The check is ours because ONNX Runtime is more lenient than PyTorch: its 2×2/2 MaxPool turns a
 * 1×1 map into a 1×1 map where PyTorch stops with "output size is too small", so without it a
 * tiny image would get a value the reference cannot produce. (VGG16 needs 2^k pixels for a tap
 * after k pools: 4 for relu3_3, 16 for relu5_3, spec §6.1.)
 *
 * <p><b>Failures are values.</b> ONNX Runtime missing on this platform → {@code NOT_APPLICABLE}
 * with the loading error; an empty feature map → {@code TOO_SMALL}; ONNX Runtime failing on a
 * pair → {@code METRIC_FAILED} with the size and its message. A missing or
 * invalid model file, or a layer the model does not have, is a {@link ParameterException} from the
 * constructor: configuration that cannot run.
 *
 * <p>Instances are not thread-safe (they own the input buffer); the session behind them is shared
 * by all instances in the JVM and is thread-safe.
 */
public abstract class OnnxFeatureMetric implements BatchPairMetric {

    private static final double RANGE_TOLERANCE = 1e-6;

    private final String metricName;
    private final Path modelPath;
    private final double[] scale;
    private final double[] offset;
    private final boolean grayToRgb;
    private final int batchSize;
    private final int minSize;
    private final OnnxModel model;
    private final String unavailable;
    private final List<String> layers;
    private FloatBuffer buffer;

    /**
     * @param metricName for messages
     * @param modelPath  the ONNX model file
     * @param threads    ONNX Runtime intra-op threads per run
     * @param layerSpec  output names or 0-based indices, or {@code all}
     * @param scale      a_c of the input transform (1 value for all channels, or one per channel)
     * @param offset     b_c of the input transform, same length as {@code scale}
     * @param grayToRgb  repeat a gray image into 3 channels
     * @param batchSize  pairs per run in {@link #computeBatch}
     * @param minSize    smallest height and width scored; smaller pairs are {@code TOO_SMALL}
     * @throws ParameterException naming {@code model} or {@code layers} when the file is missing,
     *                            unreadable or not a usable model, or a layer is not an output
     */
    protected OnnxFeatureMetric(String metricName, Path modelPath, int threads, List<String> layerSpec,
                                double[] scale, double[] offset, boolean grayToRgb, int batchSize,
                                int minSize) {
        if (scale.length != offset.length || scale.length == 0) {
            throw new IllegalArgumentException("scale and offset need the same, non-zero length");
        }
        if (batchSize < 1) {
            throw new ParameterException("batch_size", "must be >= 1, got " + batchSize);
        }
        if (minSize < 1) {
            throw new ParameterException("min_size", "must be >= 1, got " + minSize);
        }
        if (layerSpec.isEmpty()) {
            throw new ParameterException("layers", "name at least one model output");
        }
        this.metricName = metricName;
        this.modelPath = requireReadableFile("model", modelPath.toString());
        this.scale = scale.clone();
        this.offset = offset.clone();
        this.grayToRgb = grayToRgb;
        this.batchSize = batchSize;
        this.minSize = minSize;
        OnnxModel loaded = null;
        String reason = null;
        try {
            loaded = OnnxModel.load(this.modelPath, threads);
        } catch (OnnxUnavailableException e) {
            reason = e.getMessage();
        } catch (IOException e) {
            throw new ParameterException("model", "cannot read " + this.modelPath + ": " + e.getMessage());
        } catch (OrtException | IllegalArgumentException e) {
            throw new ParameterException("model", "cannot load ONNX model " + this.modelPath + ": " + e.getMessage());
        }
        this.model = loaded;
        this.unavailable = reason;
        if (loaded != null) {
            try {
                this.layers = loaded.resolveOutputs(layerSpec);
            } catch (IllegalArgumentException e) {
                throw new ParameterException("layers", e.getMessage());
            }
        } else {
            this.layers = List.copyOf(layerSpec);
        }
    }

    /**
     * The path as a readable regular file.
     *
     * @throws ParameterException {@code <parameter>: file not found: <path>} (or not readable, or a directory)
     */
    static Path requireReadableFile(String parameter, String path) {
        if (path == null || path.isBlank()) {
            throw new ParameterException(parameter, "needs a file path");
        }
        Path p = Path.of(path);
        if (!Files.exists(p)) {
            throw new ParameterException(parameter, "file not found: " + path);
        }
        if (!Files.isRegularFile(p)) {
            throw new ParameterException(parameter, "not a regular file: " + path);
        }
        if (!Files.isReadable(p)) {
            throw new ParameterException(parameter, "file not readable: " + path);
        }
        return p;
    }

    /** The model outputs used, in order (the user's layer entries as given when ONNX Runtime is unavailable). */
    public List<String> layers() {
        return layers;
    }

    /** The loaded model, or {@code null} when ONNX Runtime is unavailable here. */
    protected OnnxModel model() {
        return model;
    }

    /** Why this metric cannot run here, or {@code null} when it can. */
    public String unavailableReason() {
        return unavailable;
    }

    /**
     * Scores one pair from the features of both images.
     *
     * @param features the used layers' outputs, in {@link #layers()} order
     * @param recA     index of the reconstruction in its {@link FeatureMaps}
     * @param origB    index of the original in {@code originals}' maps
     */
    protected abstract MetricResult score(List<FeatureMaps> features, int recA, List<FeatureMaps> originals, int origB);

    @Override
    public final MetricResult compute(Image reconstruction, Image original) {
        return computeBatch(List.of(reconstruction), List.of(original)).get(0);
    }

    /** {@inheritDoc} The extra inputs are not used. */
    @Override
    public final List<MetricResult> computeBatch(List<Image> reconstructions, List<Image> originals,
                                                 List<PairInputs> inputs) {
        return computeBatch(reconstructions, originals);
    }

    /**
     * Scores many pairs, stacking same-shape pairs into batches of up to {@code batch_size} pairs
     * per {@code session.run} (see the class comment). Results are in input order, one per pair.
     */
    public final List<MetricResult> computeBatch(List<Image> reconstructions, List<Image> originals) {
        if (reconstructions.size() != originals.size()) {
            throw new IllegalArgumentException("need as many originals as reconstructions, got "
                    + reconstructions.size() + " and " + originals.size());
        }
        MetricResult[] results = new MetricResult[reconstructions.size()];
        if (model == null) {
            Arrays.fill(results, MetricResult.notApplicable(ErrorCode.NOT_APPLICABLE,
                    metricName + " needs ONNX Runtime: " + unavailable));
            return Arrays.asList(results);
        }
        Map<List<Integer>, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < results.length; i++) {
            Image rec = reconstructions.get(i);
            Image orig = originals.get(i);
            try {
                MetricResult bad = check(rec, orig);
                if (bad != null) {
                    results[i] = bad;
                    continue;
                }
                int channels = modelChannels(rec.channels());
                groups.computeIfAbsent(List.of(channels, rec.height(), rec.width()), k -> new ArrayList<>()).add(i);
            } catch (RuntimeException e) {
                results[i] = failed(e, rec);
            }
        }
        for (Map.Entry<List<Integer>, List<Integer>> g : groups.entrySet()) {
            int channels = g.getKey().get(0);
            List<Integer> members = g.getValue();
            int perRun = stackable() ? batchSize : 1;
            for (int from = 0; from < members.size(); from += perRun) {
                List<Integer> chunk = members.subList(from, Math.min(members.size(), from + perRun));
                runChunk(chunk, channels, reconstructions, originals, results);
            }
        }
        return Arrays.asList(results);
    }

    private void runChunk(List<Integer> chunk, int channels, List<Image> recs, List<Image> origs, MetricResult[] results) {
        try {
            if (stackable()) {
                List<Image> images = new ArrayList<>(2 * chunk.size());
                for (int i : chunk) {
                    images.add(recs.get(i));
                    images.add(origs.get(i));
                }
                List<FeatureMaps> f = run(images, channels);
                for (int k = 0; k < chunk.size(); k++) {
                    results[chunk.get(k)] = scoreChecked(f, 2 * k, f, 2 * k + 1, recs.get(chunk.get(k)));
                }
            } else {
                for (int i : chunk) {
                    List<FeatureMaps> a = run(List.of(recs.get(i)), channels);
                    List<FeatureMaps> b = run(List.of(origs.get(i)), channels);
                    results[i] = scoreChecked(a, 0, b, 0, recs.get(i));
                }
            }
        } catch (OrtException | RuntimeException | OnnxUnavailableException e) {
            if (chunk.size() > 1) {
                for (int i : chunk) {
                    runChunk(List.of(i), channels, recs, origs, results);
                }
            } else {
                results[chunk.get(0)] = failed(e, recs.get(chunk.get(0)));
            }
        }
    }

    private MetricResult scoreChecked(List<FeatureMaps> a, int ia, List<FeatureMaps> b, int ib, Image image) {
        for (FeatureMaps f : a) {
            if (f.channels() == 0 || f.spatial() == 0) {
                return MetricResult.notApplicable(ErrorCode.TOO_SMALL, "layer " + f.name() + " of " + modelPath.getFileName()
                        + " is empty for a " + image.height() + "x" + image.width() + " input; the image is too small for the network");
            }
        }
        return score(a, ia, b, ib);
    }

    private MetricResult failed(Exception e, Image image) {
        return MetricResult.notApplicable(ErrorCode.METRIC_FAILED, metricName + " on a " + image.shape()
                + " pair: ONNX model " + modelPath.getFileName() + " failed: " + e.getMessage());
    }

    /** True when the model's batch axis is dynamic, so several images go into one run. */
    private boolean stackable() {
        return model.inputShape()[0] < 0;
    }

    /** Channels fed to the model for an image of {@code imageChannels} channels (1 or 3, checked before). */
    private int modelChannels(int imageChannels) {
        long declared = model.inputShape()[1];
        if (imageChannels == 1 && declared != 1 && grayToRgb) {
            return 3;
        }
        return imageChannels;
    }

    /** Why the pair cannot be scored, or {@code null}. */
    private MetricResult check(Image rec, Image orig) {
        if (!rec.sameShape(orig)) {
            return MetricResult.shapeMismatch(rec, orig);
        }
        if (rec.channels() != 1 && rec.channels() != 3) {
            return MetricResult.notApplicable(ErrorCode.NOT_APPLICABLE, metricName
                    + " needs gray or RGB images, got " + rec.channels() + " channels (decode with color=rgb or gray)");
        }
        if (rec.height() < minSize || rec.width() < minSize) {
            return MetricResult.notApplicable(ErrorCode.TOO_SMALL, metricName + " needs at least " + minSize + "x"
                    + minSize + " pixels (min_size), the pair is " + rec.height() + "x" + rec.width());
        }
        long[] in = model.inputShape();
        if (in[0] > 1) {
            return MetricResult.notApplicable(ErrorCode.NOT_APPLICABLE, "model " + modelPath.getFileName()
                    + " has a fixed batch of " + in[0] + "; export it with a dynamic batch axis (or batch 1)");
        }
        int channels = modelChannels(rec.channels());
        if (in[1] > 0 && in[1] != channels) {
            return MetricResult.notApplicable(ErrorCode.NOT_APPLICABLE, "model " + modelPath.getFileName() + " takes "
                    + in[1] + " channels, the pair gives " + channels
                    + (rec.channels() == 1 && !grayToRgb ? " (gray_to_rgb is off)" : ""));
        }
        if (scale.length != 1 && scale.length != channels) {
            return MetricResult.notApplicable(ErrorCode.NOT_APPLICABLE, "the input transform has " + scale.length
                    + " per-channel values but the model gets " + channels + " channels");
        }
        if ((in[2] > 0 && in[2] != rec.height()) || (in[3] > 0 && in[3] != rec.width())) {
            return MetricResult.notApplicable(ErrorCode.NOT_APPLICABLE, "model " + modelPath.getFileName()
                    + " takes " + in[2] + "x" + in[3] + " images, the pair is " + rec.height() + "x" + rec.width());
        }
        for (Image im : new Image[] {rec, orig}) {
            for (int c = 0; c < im.channels(); c++) {
                double[] p = im.plane(c);
                for (int i = 0; i < p.length; i++) {
                    double v = p[i];
                    if (!(v >= -RANGE_TOLERANCE && v <= 1 + RANGE_TOLERANCE)) {
                        return MetricResult.notApplicable(ErrorCode.NOT_APPLICABLE, metricName
                                + " needs samples in [0, 1]; the " + (im == rec ? "reconstruction" : "original")
                                + " has " + v + " at channel " + c + ", row " + (i / im.width()) + ", column "
                                + (i % im.width()) + " (rescale it with the decode options)");
                    }
                }
            }
        }
        return null;
    }

    /** Transforms and stacks the images into the input buffer and runs the model. */
    private List<FeatureMaps> run(List<Image> images, int channels) throws OrtException, OnnxUnavailableException {
        Image first = images.get(0);
        int h = first.height();
        int w = first.width();
        int plane = h * w;
        long total = (long) images.size() * channels * plane;
        if (total > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("batch of " + images.size() + " " + h + "x" + w + " images is too large");
        }
        if (buffer == null || buffer.capacity() < total) {
            buffer = ByteBuffer.allocateDirect((int) total * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        FloatBuffer b = buffer;
        b.clear();
        for (Image im : images) {
            for (int c = 0; c < channels; c++) {
                double[] src = im.plane(im.channels() == 1 ? 0 : c);
                double a = scale[scale.length == 1 ? 0 : c];
                double o = offset[offset.length == 1 ? 0 : c];
                for (int i = 0; i < plane; i++) {
                    b.put((float) (a * src[i] + o));
                }
            }
        }
        Map<String, FeatureMaps> out = model.run(b, images.size(), channels, h, w, layers);
        List<FeatureMaps> ordered = new ArrayList<>(layers.size());
        for (String layer : layers) {
            ordered.add(out.get(layer));
        }
        return ordered;
    }
}
