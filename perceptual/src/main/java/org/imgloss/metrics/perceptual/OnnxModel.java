package org.imgloss.metrics.perceptual;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A user-supplied ONNX model loaded into an ONNX Runtime session (CPU), shared by every task of a
 * JVM.
 *
 * <p><b>Once per JVM.</b> {@link #load} keeps one session per (absolute path, file size,
 * modification time, intra-op threads) in a static cache: every Spark task on an executor, and
 * every kernel instance, reuses the same session, so a 60 MB VGG16 is read and optimised once per
 * executor, not once per partition. A file that changes on disk gets a new session. Sessions live
 * until the JVM exits. {@link OrtSession#run} is thread-safe, so concurrent tasks share a session
 * without locking; each kernel keeps its own input buffer.
 *
 * <p><b>Environment.</b> One {@link OrtEnvironment} per JVM (ONNX Runtime's singleton, logging at
 * WARNING). If its native library cannot load, {@link #environment()} throws
 * {@link OnnxUnavailableException} every time with the first error's message, and callers turn it
 * into a metric value ({@code NOT_APPLICABLE}), never a crash.
 *
 * <p><b>Model contract.</b> Exactly one input, a float tensor {@code N×C×H×W}; any dimension may be
 * symbolic (dynamic). Outputs used as features are float tensors of rank ≥ 2 whose first axis is
 * the batch. Nothing is downloaded: the model is read from the given path only.
 */
public final class OnnxModel {

    private static final Map<Key, OnnxModel> CACHE = new ConcurrentHashMap<>();
    private static final AtomicLong RUNS = new AtomicLong();
    private static volatile OrtEnvironment environment;
    private static volatile String unavailable;
    private static volatile Throwable unavailableCause;

    private record Key(Path path, long size, long modified, int threads) {
    }

    private final Path path;
    private final OrtSession session;
    private final String inputName;
    private final long[] inputShape;
    private final List<String> outputNames;
    private final Map<String, long[]> outputShapes;

    private OnnxModel(Path path, OrtSession session) throws OrtException {
        this.path = path;
        this.session = session;
        Map<String, NodeInfo> in = session.getInputInfo();
        if (in.size() != 1) {
            throw new IllegalArgumentException("the model must have exactly one input (an N×C×H×W float image tensor), has "
                    + in.size() + ": " + in.keySet());
        }
        NodeInfo input = in.values().iterator().next();
        if (!(input.getInfo() instanceof TensorInfo ti) || ti.type != OnnxJavaType.FLOAT || ti.getShape().length != 4) {
            throw new IllegalArgumentException("the model's input '" + input.getName()
                    + "' must be a 4-D float tensor N×C×H×W, is " + input.getInfo());
        }
        this.inputName = input.getName();
        this.inputShape = ti.getShape();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
            long[] shape = e.getValue().getInfo() instanceof TensorInfo t ? t.getShape() : null;
            shapes.put(e.getKey(), shape);
        }
        this.outputShapes = shapes;
        this.outputNames = List.copyOf(shapes.keySet());
    }

    /**
     * The JVM's ONNX Runtime environment.
     *
     * @throws OnnxUnavailableException when the native library cannot be loaded here (the message
     *                                  says why; it is the same on every call)
     */
    public static OrtEnvironment environment() throws OnnxUnavailableException {
        OrtEnvironment env = environment;
        if (env != null) {
            return env;
        }
        synchronized (OnnxModel.class) {
            if (environment == null && unavailable == null) {
                try {
                    environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "imgloss");
                } catch (Throwable t) { // UnsatisfiedLinkError, ExceptionInInitializerError, IllegalStateException...
                    unavailableCause = t;
                    unavailable = "ONNX Runtime is not available on this machine (" + System.getProperty("os.name") + " "
                            + System.getProperty("os.arch") + "): " + describe(t);
                }
            }
            if (environment != null) {
                return environment;
            }
            throw new OnnxUnavailableException(unavailable, unavailableCause);
        }
    }

    /** The exception and its causes, e.g. "ExceptionInInitializerError ← IOException: Native library … not found". */
    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 1000; c = c.getCause() == c ? null : c.getCause()) {
            sb.append(sb.length() == 0 ? "" : " <- ").append(c.getClass().getSimpleName());
            if (c.getMessage() != null) {
                sb.append(": ").append(c.getMessage());
            }
        }
        return sb.toString();
    }

    /**
     * The session for that model file, loaded on first use and then shared.
     *
     * @param modelPath  the {@code .onnx} file
     * @param intraOpThreads threads ONNX Runtime may use inside one {@code run} (≥ 1)
     * @throws IOException              when the file cannot be read
     * @throws OnnxUnavailableException when ONNX Runtime cannot load here
     * @throws OrtException             when ONNX Runtime rejects the file (not a valid model)
     * @throws IllegalArgumentException when the model does not have one N×C×H×W float input
     */
    public static OnnxModel load(Path modelPath, int intraOpThreads) throws IOException, OnnxUnavailableException, OrtException {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intra-op threads must be >= 1, got " + intraOpThreads);
        }
        Path abs = modelPath.toAbsolutePath().normalize();
        Key key = new Key(abs, Files.size(abs), Files.getLastModifiedTime(abs).toMillis(), intraOpThreads);
        OnnxModel cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        OrtEnvironment env = environment();
        synchronized (CACHE) {
            cached = CACHE.get(key);
            if (cached != null) {
                return cached;
            }
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(intraOpThreads);
                options.setInterOpNumThreads(1);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                OrtSession session = env.createSession(abs.toString(), options);
                OnnxModel model;
                try {
                    model = new OnnxModel(abs, session);
                } catch (RuntimeException | OrtException e) {
                    session.close();
                    throw e;
                }
                CACHE.put(key, model);
                return model;
            }
        }
    }

    /** Sessions currently cached in this JVM (for tests and diagnostics). */
    public static int cachedSessions() {
        return CACHE.size();
    }

    /** {@code session.run} calls made by {@link #run} in this JVM so far (for tests and diagnostics). */
    public static long runs() {
        return RUNS.get();
    }

    public Path path() {
        return path;
    }

    public String inputName() {
        return inputName;
    }

    /** The input's declared shape; {@code -1} marks a dynamic (symbolic) dimension. */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** Output names in model order. */
    public List<String> outputNames() {
        return outputNames;
    }

    /** An output's declared shape ({@code -1} for dynamic dimensions), or {@code null} if it is not a tensor. */
    public long[] outputShape(String output) {
        long[] s = outputShapes.get(output);
        return s == null ? null : s.clone();
    }

    /**
     * Resolves a user's layer list against the outputs: each entry is an output name or a 0-based
     * output index; {@code all} (alone) means every output in model order.
     *
     * @throws IllegalArgumentException naming the entry that matches no output, and the outputs
     */
    public List<String> resolveOutputs(List<String> layers) {
        if (layers.size() == 1 && layers.get(0).equalsIgnoreCase("all")) {
            return outputNames;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String layer : layers) {
            String name = null;
            if (outputNames.contains(layer)) {
                name = layer;
            } else if (layer.matches("\\d+")) {
                int i = Integer.parseInt(layer);
                if (i < outputNames.size()) {
                    name = outputNames.get(i);
                }
            }
            if (name == null) {
                throw new IllegalArgumentException("no output '" + layer + "' in " + path.getFileName() + " (outputs: "
                        + String.join(", ", outputNames) + "; give names or 0-based indices)");
            }
            if (!out.add(name)) {
                throw new IllegalArgumentException("output '" + name + "' is listed twice");
            }
        }
        return List.copyOf(out);
    }

    /**
     * Runs the model on {@code images} stacked images and returns the requested outputs.
     *
     * @param input   a direct, native-order float buffer holding {@code images × channels × height × width}
     *                values from position 0 (its limit is set here)
     * @param outputs output names to fetch (only these are copied out of ONNX Runtime)
     * @throws OrtException             when ONNX Runtime fails (e.g. an image too small for the pooling)
     * @throws OnnxUnavailableException when ONNX Runtime cannot load here
     */
    public Map<String, FeatureMaps> run(FloatBuffer input, int images, int channels, int height, int width,
                                        List<String> outputs) throws OrtException, OnnxUnavailableException {
        OrtEnvironment env = environment();
        RUNS.incrementAndGet();
        int n = images * channels * height * width;
        input.clear().limit(n);
        Map<String, FeatureMaps> maps = new LinkedHashMap<>();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, new long[] {images, channels, height, width});
             OrtSession.Result result = session.run(Map.of(inputName, tensor), new LinkedHashSet<>(outputs))) {
            for (String name : outputs) {
                OnnxValue value = result.get(name).orElseThrow(() -> new IllegalStateException("no output " + name));
                if (!(value instanceof OnnxTensor t) || t.getInfo().type != OnnxJavaType.FLOAT) {
                    throw new IllegalArgumentException("model output '" + name + "' is not a float tensor: " + value.getInfo());
                }
                long[] shape = t.getInfo().getShape();
                if (shape.length < 2 || shape[0] != images) {
                    throw new IllegalArgumentException("model output '" + name + "' has shape " + Arrays.toString(shape)
                            + "; expected N×C×… with N = " + images);
                }
                long spatial = 1;
                for (int i = 2; i < shape.length; i++) {
                    spatial *= shape[i];
                }
                // getFloatBuffer() copies the native values once into a heap buffer; use its array as is
                FloatBuffer fb = t.getFloatBuffer();
                float[] data;
                if (fb.hasArray() && fb.arrayOffset() == 0 && fb.position() == 0 && fb.remaining() == fb.array().length) {
                    data = fb.array();
                } else {
                    data = new float[fb.remaining()];
                    fb.get(data);
                }
                maps.put(name, new FeatureMaps(name, data, images, (int) shape[1], (int) spatial));
            }
        }
        return maps;
    }

    @Override
    public String toString() {
        return "OnnxModel[" + path + ", input " + inputName + Arrays.toString(inputShape) + ", outputs " + outputNames + "]";
    }

    /** Splits a layer list written as {@code relu1_2|relu2_2}, {@code "0 1 2"} or {@code a;b}. */
    public static List<String> splitLayers(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.trim().split("[\\s|;,]+")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
        return out;
    }
}
