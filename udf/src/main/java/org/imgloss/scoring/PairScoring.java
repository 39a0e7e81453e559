package org.imgloss.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.DecodeException;
import org.imgloss.image.DecodeOptions;
import org.imgloss.image.Image;
import org.imgloss.image.ImageInput;
import org.imgloss.image.PairTransforms;
import org.imgloss.metrics.BatchPairMetric;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.PairInputs;
import org.imgloss.metrics.PairMetric;

/**
 * Scores pairs with a fixed list of metrics: decodes each image once, applies the decode options,
 * runs every metric on the same decoded images, and turns every problem into a value.
 *
 * <p>One instance holds one kernel per metric, and kernels reuse their scratch buffers, so an
 * instance is <b>not thread-safe</b>: make one per Spark partition or per thread. Nothing here
 * throws for bad data: undecodable bytes, mismatched shapes, non-finite samples and images over
 * {@code max_pixels} come back as a {@link PairScore} with an error code; a metric that does not
 * apply to a good pair comes back as a null value with its code in {@link PairScore#metricErrors()}.
 *
 * <p>Every pair gets a fresh {@link PairMemo} in its {@link PairInputs#cache()}, so the metrics of
 * one pair share their common work (one SSIM for {@code ssim} and {@code mse_ssim}) and nothing is
 * kept from one pair to the next.
 */
public final class PairScoring {

    private final List<MetricSpec> specs;
    private final List<PairMetric> kernels;
    private final DecodeOptions options;
    /** The smallest {@code data_range} among the metrics that take one; +∞ when none does. */
    private final double smallestDataRange;
    private Image lastOriginal;
    /** The images of the last pair this instance decoded itself (see {@link #decodedInRange}). */
    private Image decodedReconstruction;
    private Image decodedOriginal;
    private long outOfRangePairs;
    private ScoringTimes times;

    public PairScoring(List<MetricSpec> specs, DecodeOptions options) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("at least one metric is needed");
        }
        this.specs = List.copyOf(specs);
        this.options = options;
        List<PairMetric> k = new ArrayList<>(specs.size());
        for (MetricSpec s : specs) {
            k.add(s.newKernel());
        }
        this.kernels = Collections.unmodifiableList(k);
        double smallest = Double.POSITIVE_INFINITY;
        for (MetricSpec s : specs) {
            if (s.parameters().has("data_range")) {
                smallest = Math.min(smallest, s.parameters().getDouble("data_range"));
            }
        }
        this.smallestDataRange = smallest;
    }

    /**
     * How many pairs, of those that reached the metrics, had a sample (after the decode options)
     * outside {@code [0, data_range]} of one of the metrics: values not on the scale the metric
     * assumes (e.g. float images in [0, 255] with {@code data_range} 1). Counted, not refused.
     */
    public long outOfRangePairs() {
        return outOfRangePairs;
    }

    public List<MetricSpec> specs() {
        return specs;
    }

    /**
     * Adds the time of every later decode, pair check and metric to {@code times} (sized for
     * {@link #specs()}), or stops recording with {@code null}. Recording costs two clock reads per step.
     *
     * @return this scoring
     */
    public PairScoring recordTimes(ScoringTimes times) {
        if (times != null && times.metrics() != specs.size()) {
            throw new IllegalArgumentException("times for " + times.metrics() + " metrics, scoring has " + specs.size());
        }
        this.times = times;
        return this;
    }

    public DecodeOptions options() {
        return options;
    }

    /**
     * The kernel scoring the metric with this alias (the same instance for every pair, with its
     * caches), e.g. to ask the {@code metamer_mse} kernel for the metamer it just made.
     *
     * @throws IllegalArgumentException when no metric has that alias
     */
    public PairMetric kernel(String alias) {
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).alias().equals(alias)) {
                return kernels.get(i);
            }
        }
        throw new IllegalArgumentException("no metric with alias '" + alias + "'");
    }

    /**
     * The original of the last pair scored, as the metrics saw it (after the domain and
     * normalisation options), or {@code null} when that pair failed before its metrics ran.
     */
    public Image lastOriginal() {
        return lastOriginal;
    }

    /** Decodes and scores one pair of encoded images. A null side counts as empty input. */
    public PairScore score(byte[] reconstruction, byte[] original) {
        return score(reconstruction, original, PairInputs.NONE);
    }

    /** Decodes and scores one pair that carries extra inputs for the metrics that use them. */
    public PairScore score(byte[] reconstruction, byte[] original, PairInputs inputs) {
        return score(ImageInput.encoded(reconstruction), ImageInput.encoded(original), inputs);
    }

    /**
     * Decodes and scores one pair given in any {@link ImageInput} form (encoded bytes, Spark image
     * structs as {@link org.imgloss.image.OpenCvPixels}): the same decode options, checks and metrics
     * as for bytes. A null side counts as empty input.
     */
    public PairScore score(ImageInput reconstruction, ImageInput original, PairInputs inputs) {
        lastOriginal = null;
        Object decoded = decode(reconstruction, original);
        if (decoded instanceof PairScore failed) {
            return failed;
        }
        Image[] pair = (Image[]) decoded;
        return score(pair[0], pair[1], inputs);
    }

    /**
     * Decodes and scores many pairs, each image decoded once, with the same results (values, error
     * codes, messages) as {@link #score(byte[], byte[], PairInputs)} on each pair in turn. Metrics
     * whose kernel is a {@link BatchPairMetric} (the ONNX feature losses) get all the pairs that
     * passed the decode, shape and finiteness checks in one {@code computeBatch} call, so they run
     * in batches of their {@code batch_size}; the other metrics run pair by pair. A batch call that
     * throws is retried pair by pair, so one bad pair cannot fail its batch-mates. All decoded
     * images of the call are held at once: callers bound the list size (e.g. 16–64 pairs).
     * Afterwards {@link #lastOriginal()} is that of the last pair.
     *
     * @param inputs one per pair ({@link PairInputs#NONE} when there are none), or null for none at all
     * @return one score per pair, in input order
     */
    public List<PairScore> scoreBatch(List<byte[]> reconstructions, List<byte[]> originals, List<PairInputs> inputs) {
        return scoreInputBatch(reconstructions.stream().map(ImageInput::encoded).toList(),
                originals.stream().map(ImageInput::encoded).toList(), inputs);
    }

    /**
     * {@link #scoreBatch} for pairs given in any {@link ImageInput} form, with the same results as
     * {@link #score(ImageInput, ImageInput, PairInputs)} on each pair in turn.
     */
    public List<PairScore> scoreInputBatch(List<? extends ImageInput> reconstructions,
                                           List<? extends ImageInput> originals, List<PairInputs> inputs) {
        int n = reconstructions.size();
        if (originals.size() != n || (inputs != null && inputs.size() != n)) {
            throw new IllegalArgumentException("need one original and one inputs entry per reconstruction, got "
                    + n + ", " + originals.size() + " and " + (inputs == null ? "no" : inputs.size()));
        }
        lastOriginal = null;
        PairScore[] out = new PairScore[n];
        Image[][] prepared = new Image[n][];
        PairInputs[] in = new PairInputs[n];
        List<Integer> good = new ArrayList<>(n);
        for (int p = 0; p < n; p++) {
            in[p] = inputs == null || inputs.get(p) == null ? PairInputs.NONE : inputs.get(p);
            Object decoded = decode(reconstructions.get(p), originals.get(p));
            if (decoded instanceof PairScore failed) {
                out[p] = failed;
                continue;
            }
            Image[] pair = (Image[]) decoded;
            Object ready = prepare(pair[0], pair[1]);
            if (ready instanceof PairScore failed) {
                out[p] = failed;
            } else {
                prepared[p] = (Image[]) ready;
                good.add(p);
            }
        }
        MetricResult[][] results = new MetricResult[n][];
        for (int p : good) {
            in[p] = in[p].withCache(new PairMemo());
            results[p] = new MetricResult[specs.size()];
            for (int m = 0; m < specs.size(); m++) {
                if (!(kernels.get(m) instanceof BatchPairMetric)) {
                    results[p][m] = computeTimed(m, prepared[p], in[p]);
                }
            }
        }
        if (!good.isEmpty()) {
            for (int m = 0; m < specs.size(); m++) {
                if (kernels.get(m) instanceof BatchPairMetric batch) {
                    long start = times == null ? 0 : System.nanoTime();
                    computeBatched(batch, m, good, prepared, in, results);
                    if (times != null) {
                        times.addMetric(m, System.nanoTime() - start);
                    }
                }
            }
        }
        for (int p : good) {
            out[p] = assemble(prepared[p][1], results[p]);
        }
        if (n > 0 && prepared[n - 1] != null) {
            lastOriginal = prepared[n - 1][1];
        }
        return Arrays.asList(out);
    }

    private void computeBatched(BatchPairMetric kernel, int m, List<Integer> good, Image[][] prepared,
                                PairInputs[] in, MetricResult[][] results) {
        List<Image> rs = new ArrayList<>(good.size());
        List<Image> os = new ArrayList<>(good.size());
        List<PairInputs> ins = new ArrayList<>(good.size());
        for (int p : good) {
            rs.add(prepared[p][0]);
            os.add(prepared[p][1]);
            ins.add(in[p]);
        }
        List<MetricResult> batch = null;
        try {
            batch = kernel.computeBatch(rs, os, ins);
            if (batch == null || batch.size() != good.size() || batch.contains(null)) {
                batch = null;
            }
        } catch (RuntimeException e) {
            batch = null;
        }
        for (int k = 0; k < good.size(); k++) {
            int p = good.get(k);
            results[p][m] = batch != null ? batch.get(k) : computeOne(kernel, prepared[p], in[p]);
        }
    }

    /**
     * Both images of a pair decoded, or why they could not be: what {@link #score(ImageInput, ImageInput,
     * PairInputs)} does first, for callers that drop the encoded bytes before the metrics run (then
     * {@link #score(Image, Image, PairInputs)}, or {@link #failure()} as the pair's score).
     */
    public record Decoded(Image reconstruction, Image original, PairScore failure) {
    }

    /** Decodes both images (as {@link #score(ImageInput, ImageInput, PairInputs)} does). */
    public Decoded decodePair(ImageInput reconstruction, ImageInput original) {
        lastOriginal = null;
        Object decoded = decode(reconstruction, original);
        if (decoded instanceof PairScore failed) {
            return new Decoded(null, null, failed);
        }
        Image[] pair = (Image[]) decoded;
        return new Decoded(pair[0], pair[1], null);
    }

    /** Forgets {@link #lastOriginal()}, so that it does not stay in memory until the next pair. */
    public void forgetLastOriginal() {
        lastOriginal = null;
    }

    /** Both images decoded, or the failure {@link PairScore}. */
    private Object decode(ImageInput reconstruction, ImageInput original) {
        long start = times == null ? 0 : System.nanoTime();
        try {
            return decodeBoth(reconstruction, original);
        } finally {
            if (times != null) {
                times.addDecode(System.nanoTime() - start);
            }
        }
    }

    private Object decodeBoth(ImageInput reconstruction, ImageInput original) {
        decodedReconstruction = null;
        decodedOriginal = null;
        Image r;
        Image o;
        try {
            r = (reconstruction == null ? ImageInput.encoded(null) : reconstruction).decode(options);
        } catch (DecodeException e) {
            return failure(null, e.code(), "reconstruction: " + e.getMessage());
        } catch (RuntimeException | OutOfMemoryError e) {
            return failure(null, ErrorCode.UNDECODABLE, "reconstruction: " + describe(e));
        }
        try {
            o = (original == null ? ImageInput.encoded(null) : original).decode(options);
        } catch (DecodeException e) {
            return failure(null, e.code(), "original: " + e.getMessage());
        } catch (RuntimeException | OutOfMemoryError e) {
            return failure(null, ErrorCode.UNDECODABLE, "original: " + describe(e));
        }
        decodedReconstruction = r;
        decodedOriginal = o;
        return new Image[] {r, o};
    }

    /**
     * Whether {@code image} is one this instance just decoded from integer samples, untransformed: its
     * samples are then {@code k / (2^b − 1)} (or, after a colour conversion, weighted sums of such values),
     * finite by construction, and, without a colour conversion, within {@code [0, 1]} exactly, so the
     * checks need not scan its planes.
     */
    private boolean decodedFromIntegers(Image image) {
        return (image == decodedReconstruction || image == decodedOriginal)
                && image.sampleFormat() == Image.SampleFormat.UNSIGNED_INT;
    }

    /**
     * Scores one decoded pair: checks shapes, applies the domain and normalisation options, checks
     * that every sample is finite, then runs each metric.
     */
    public PairScore score(Image reconstruction, Image original) {
        return score(reconstruction, original, PairInputs.NONE);
    }

    /** Scores one decoded pair that carries extra inputs. */
    public PairScore score(Image reconstruction, Image original, PairInputs inputs) {
        lastOriginal = null;
        Object ready = prepare(reconstruction, original);
        if (ready instanceof PairScore failed) {
            return failed;
        }
        Image[] pair = (Image[]) ready;
        lastOriginal = pair[1];
        PairInputs shared = inputs.withCache(new PairMemo());
        MetricResult[] results = new MetricResult[specs.size()];
        for (int i = 0; i < specs.size(); i++) {
            results[i] = computeTimed(i, pair, shared);
        }
        return assemble(pair[1], results);
    }

    /**
     * Checks shapes, applies the domain and normalisation options and checks that every sample is
     * finite: the transformed pair, or the failure {@link PairScore}.
     */
    private Object prepare(Image reconstruction, Image original) {
        long start = times == null ? 0 : System.nanoTime();
        try {
            return checkAndTransform(reconstruction, original);
        } finally {
            if (times != null) {
                times.addCheck(System.nanoTime() - start);
            }
        }
    }

    private Object checkAndTransform(Image reconstruction, Image original) {
        if (reconstruction.width() != original.width() || reconstruction.height() != original.height()) {
            return failure(null, ErrorCode.SIZE_MISMATCH, "reconstruction is " + reconstruction.height() + "x"
                    + reconstruction.width() + " (HxW), original is " + original.height() + "x" + original.width());
        }
        if (reconstruction.channels() != original.channels()) {
            return failure(original, ErrorCode.CHANNEL_MISMATCH, "reconstruction has " + reconstruction.channels()
                    + " channel(s), original has " + original.channels());
        }
        Image r;
        Image o;
        try {
            Image[] pair = PairTransforms.apply(reconstruction, original, options);
            r = pair[0];
            o = pair[1];
        } catch (DecodeException e) {
            return failure(original, e.code(), e.getMessage());
        }
        boolean rInteger = decodedFromIntegers(r);
        boolean oInteger = decodedFromIntegers(o);
        String nonFinite = rInteger ? null : firstNonFinite(r, "reconstruction");
        if (nonFinite == null && !oInteger) {
            nonFinite = firstNonFinite(o, "original");
        }
        if (nonFinite != null) {
            return failure(original, ErrorCode.NON_FINITE, nonFinite);
        }
        if (smallestDataRange < Double.POSITIVE_INFINITY
                && (outside(r, rInteger && unitRange()) || outside(o, oInteger && unitRange()))) {
            outOfRangePairs++;
        }
        return new Image[] {r, o};
    }

    private MetricResult computeTimed(int m, Image[] pair, PairInputs inputs) {
        if (times == null) {
            return computeOne(kernels.get(m), pair, inputs);
        }
        long start = System.nanoTime();
        MetricResult result = computeOne(kernels.get(m), pair, inputs);
        times.addMetric(m, System.nanoTime() - start);
        return result;
    }

    /**
     * Pairs of more pixels than this have each kernel's scratch released after its metric
     * ({@link PairMetric#releaseScratch}): the buffers of a large image are then held by one kernel at a
     * time, not by every kernel at once (their sum is several times the image), while pairs up to this
     * size (1024×1024) reuse them from pair to pair.
     */
    public static final int KEEP_SCRATCH_PIXELS = 1 << 20;

    private static MetricResult computeOne(PairMetric kernel, Image[] pair, PairInputs inputs) {
        try {
            return kernel.compute(pair[0], pair[1], inputs);
        } catch (RuntimeException e) {
            return MetricResult.notApplicable(ErrorCode.METRIC_FAILED, describe(e));
        } finally {
            if (pair[1].pixels() > KEEP_SCRATCH_PIXELS) {
                kernel.releaseScratch();
            }
        }
    }

    private PairScore assemble(Image o, MetricResult[] results) {
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, ErrorCode> errors = new LinkedHashMap<>();
        Map<String, String> messages = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            String alias = specs.get(i).alias();
            MetricResult result = results[i];
            values.put(alias, result.value());
            if (!result.hasValue()) {
                errors.put(alias, result.errorCode());
                messages.put(alias, result.message());
            }
        }
        return new PairScore(o.width(), o.height(), o.channels(), Collections.unmodifiableMap(values),
                Collections.unmodifiableMap(errors), Collections.unmodifiableMap(messages), null, null);
    }

    private PairScore failure(Image known, ErrorCode code, String message) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (MetricSpec s : specs) {
            values.put(s.alias(), null);
        }
        return new PairScore(known == null ? null : known.width(), known == null ? null : known.height(),
                known == null ? null : known.channels(), Collections.unmodifiableMap(values), Map.of(), Map.of(),
                code, message);
    }

    /** Whether samples of an integer image decoded without colour conversion ([0, 1]) are all in range. */
    private boolean unitRange() {
        return options.color() == DecodeOptions.Color.KEEP && smallestDataRange >= 1;
    }

    /** {@link #outside(Image, double)} against the smallest data range, unless {@code known} in range. */
    private boolean outside(Image image, boolean knownInRange) {
        return !knownInRange && outside(image, smallestDataRange);
    }

    private static boolean outside(Image image, double range) {
        for (int c = 0; c < image.channels(); c++) {
            for (double v : image.plane(c)) {
                if (v < 0 || v > range) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String firstNonFinite(Image image, String which) {
        for (int c = 0; c < image.channels(); c++) {
            double[] p = image.plane(c);
            for (int i = 0; i < p.length; i++) {
                if (!Double.isFinite(p[i])) {
                    return which + " has a non-finite sample (" + p[i] + ") at channel " + c + ", row "
                            + (i / image.width()) + ", column " + (i % image.width());
                }
            }
        }
        return null;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
