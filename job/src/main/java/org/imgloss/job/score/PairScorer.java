package org.imgloss.job.score;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.DecodeException;
import org.imgloss.image.DecodeOptions;
import org.imgloss.image.Image;
import org.imgloss.image.ImageDecoder;
import org.imgloss.image.ImageInput;
import org.imgloss.job.config.Secrets;
import org.imgloss.job.output.MetamerFiles;
import org.imgloss.job.output.Png16;
import org.imgloss.job.output.ScoresSchema;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.imgloss.job.config.DecodeConfig;
import org.imgloss.job.config.MetricConfig;
import org.imgloss.job.source.HadoopFiles;
import org.imgloss.spark.ImageStructs;
import org.imgloss.job.source.PairColumns;
import org.imgloss.metrics.BatchPairMetric;
import org.imgloss.metrics.GeneratingMetric;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.PairInputs;
import org.imgloss.scoring.PairScore;
import org.imgloss.scoring.PairScoring;
import org.imgloss.scoring.ScoringTimes;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Scores one partition of pairs: builds one {@link PairScoring} for the partition (kernels and
 * their scratch buffers are reused across its pairs), then for each pair reads both images' bytes
 * once through Hadoop's FileSystem (or takes them from the row: encoded bytes or a Spark image
 * struct, see {@link ImageStructs}), decodes once and runs every
 * metric. Nothing a pair does stops the partition: a source error, a read failure
 * ({@code READ_FAILED}), a decode failure or a failing metric becomes a value in the pair's row.
 * Rows are produced lazily, in input order: one pair at a time, or, when a metric batches (the
 * ONNX feature losses: {@code perceptual}, {@code lpips}), {@value #BATCH_CHUNK} rows at a time
 * through {@link PairScoring#scoreBatch} (each image still decoded once, only one chunk's images
 * held) so the model runs several pairs per call. The rows are the same either way.
 */
public final class PairScorer implements FlatMapFunction<Iterator<Row>, Row> {

    private static final long serialVersionUID = 1L;

    private final StructType pairsSchema;
    private final List<String> carried;
    private final List<MetricConfig> metrics;
    private final DecodeConfig decode;
    private final Broadcast<SerializableConfiguration> hadoopConf;
    private final LongAccumulator scored;
    private final String name;
    private final String runId;
    private final String pathBase;
    private transient int[] carriedIndex;
    private transient List<String> maskColumns;
    private final String metamerMetric;
    private final String metamerFolder;
    private int chunkSize;
    private LongAccumulator failed;
    private LongAccumulator outOfRange;
    private ScoringProfile profile;
    // the current task's times when profiling (each task runs its own deserialized copy)
    private transient ScoringTimes taskTimes;
    private transient long taskReadNanos;

    /** Pairs per {@link PairScoring#scoreBatch} call when a metric batches (ONNX feature losses). */
    public static final int BATCH_CHUNK = 32;

    public PairScorer(StructType pairsSchema, List<String> carried, List<MetricConfig> metrics, DecodeConfig decode,
                      Broadcast<SerializableConfiguration> hadoopConf, LongAccumulator scored, String name,
                      String runId) {
        this(pairsSchema, carried, metrics, decode, hadoopConf, scored, name, runId, null, null, null);
    }

    /**
     * @param pathBase      folder that relative mask paths are resolved against (the manifest's), or null
     * @param metamerMetric alias of the {@code metamer_mse} metric whose metamers are written, or null
     * @param metamerFolder the run's metamer folder ({@link MetamerFiles#runFolder}), when writing metamers
     */
    public PairScorer(StructType pairsSchema, List<String> carried, List<MetricConfig> metrics, DecodeConfig decode,
                      Broadcast<SerializableConfiguration> hadoopConf, LongAccumulator scored, String name,
                      String runId, String pathBase, String metamerMetric, String metamerFolder) {
        this.pathBase = pathBase;
        this.metamerMetric = metamerMetric;
        this.metamerFolder = metamerFolder;
        this.pairsSchema = pairsSchema;
        this.carried = new ArrayList<>(carried);
        this.metrics = new ArrayList<>(metrics);
        this.decode = decode;
        this.hadoopConf = hadoopConf;
        this.scored = scored;
        this.name = name;
        this.runId = runId;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> pairs) {
        List<MetricSpec> specs = new ArrayList<>(metrics.size());
        for (MetricConfig m : metrics) {
            specs.add(m.toSpec());
        }
        PairScoring scoring = new PairScoring(specs, decode.toOptions());
        outOfRangeReported = 0;
        if (profile != null) {
            taskTimes = new ScoringTimes(specs.size());
            scoring.recordTimes(taskTimes);
        }
        Configuration conf = hadoopConf.value().value();
        int key = pairsSchema.fieldIndex(PairColumns.KEY);
        int rPath = pairsSchema.fieldIndex(PairColumns.RECONSTRUCTION_PATH);
        int oPath = pairsSchema.fieldIndex(PairColumns.ORIGINAL_PATH);
        int code = pairsSchema.fieldIndex(PairColumns.SOURCE_ERROR_CODE);
        int message = pairsSchema.fieldIndex(PairColumns.SOURCE_ERROR_MESSAGE);
        boolean inline = List.of(pairsSchema.fieldNames()).contains(PairColumns.RECONSTRUCTION_BYTES);
        int rBytes = inline ? pairsSchema.fieldIndex(PairColumns.RECONSTRUCTION_BYTES) : -1;
        int oBytes = inline ? pairsSchema.fieldIndex(PairColumns.ORIGINAL_BYTES) : -1;
        int[] carriedIdx = new int[carried.size()];
        for (int i = 0; i < carriedIdx.length; i++) {
            carriedIdx[i] = pairsSchema.fieldIndex(carried.get(i));
        }
        carriedIndex = carriedIdx;
        maskColumns = new ArrayList<>();
        for (MetricConfig m : metrics) {
            String c = m.maskColumn();
            if (c != null && !maskColumns.contains(c)) {
                maskColumns.add(c);
            }
        }
        int chunk = chunkSize > 0 ? chunkSize : defaultChunkSize(scoring);
        if (chunk <= 1) {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return pairs.hasNext();
                }

                @Override
                public Row next() {
                    if (!pairs.hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Row pair = pairs.next();
                    long start = profile == null ? 0 : System.nanoTime();
                    Row out = score(pair, scoring, conf, key, rPath, oPath, code, message, rBytes, oBytes, carriedIdx);
                    if (profile != null) {
                        profile.add(taskReadNanos, taskTimes, System.nanoTime() - start);
                        taskReadNanos = 0;
                    }
                    scored.add(1);
                    reportOutOfRange(scoring);
                    return out;
                }
            };
        }
        return new Iterator<>() {
            private final ArrayDeque<Row> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                return !ready.isEmpty() || pairs.hasNext();
            }

            @Override
            public Row next() {
                if (ready.isEmpty()) {
                    if (!pairs.hasNext()) {
                        throw new NoSuchElementException();
                    }
                    List<Row> rows = new ArrayList<>(chunk);
                    while (rows.size() < chunk && pairs.hasNext()) {
                        rows.add(pairs.next());
                    }
                    long start = profile == null ? 0 : System.nanoTime();
                    ready.addAll(scoreChunk(rows, scoring, conf, key, rPath, oPath, code, message, rBytes, oBytes,
                            carriedIdx));
                    if (profile != null) {
                        profile.add(taskReadNanos, taskTimes, System.nanoTime() - start);
                        taskReadNanos = 0;
                    }
                }
                Row out = ready.removeFirst();
                scored.add(1);
                reportOutOfRange(scoring);
                return out;
            }
        };
    }

    /**
     * Pairs scored together by {@link PairScoring#scoreBatch}, so that metrics that batch (the ONNX
     * feature losses) run several pairs per model call; {@code <= 0} (the default) means
     * {@value #BATCH_CHUNK} when a metric batches and metamers are not written, otherwise 1 (pair by
     * pair, holding one decoded pair at a time). Rows come out in input order either way, with the
     * same values.
     */
    public PairScorer chunkSize(int pairs) {
        this.chunkSize = pairs;
        return this;
    }

    /**
     * Counts the pairs that fail (a row with an {@code error_code}) into {@code failed}, for progress
     * lines, and the pairs with samples outside {@code [0, data_range]} into {@code outOfRange}
     * ({@link PairScoring#outOfRangePairs()}), for the run's summary.
     */
    public PairScorer counting(LongAccumulator failed, LongAccumulator outOfRange) {
        this.failed = failed;
        this.outOfRange = outOfRange;
        return this;
    }

    private transient long outOfRangeReported;

    /** Adds the pairs {@code scoring} found out of range since the last call to the accumulator. */
    private void reportOutOfRange(PairScoring scoring) {
        long now = scoring.outOfRangePairs();
        if (outOfRange != null && now > outOfRangeReported) {
            outOfRange.add(now - outOfRangeReported);
        }
        outOfRangeReported = now;
    }

    /**
     * Records where the scoring time goes into {@code profile}'s accumulators ({@code imgloss run
     * --profile}); {@code null} (the default) records nothing.
     */
    public PairScorer profile(ScoringProfile profile) {
        this.profile = profile;
        return this;
    }

    private int defaultChunkSize(PairScoring scoring) {
        if (metamerMetric != null) {
            return 1; // the metamer is taken from the kernel's cache right after its pair
        }
        for (MetricSpec s : scoring.specs()) {
            if (scoring.kernel(s.alias()) instanceof BatchPairMetric) {
                return BATCH_CHUNK;
            }
        }
        return 1;
    }

    /** One pair's row up to its scores: the prefix values, the pair's error so far, its bytes and inputs. */
    private static final class Pending {
        Row pair;
        Object[] values;
        int v;
        Map<String, String> carriedText;
        ErrorCode errorCode;
        String errorMessage;
        ImageInput r;
        ImageInput o;
        PairInputs inputs;
        Map<String, String> maskProblems;
        PairScore score;
    }

    private List<Row> scoreChunk(List<Row> rows, PairScoring scoring, Configuration conf, int key, int rPath, int oPath,
                                 int code, int message, int rBytes, int oBytes, int[] carriedIdx) {
        List<Pending> pending = new ArrayList<>(rows.size());
        List<Pending> toScore = new ArrayList<>(rows.size());
        for (Row pair : rows) {
            Pending p = read(pair, conf, key, rPath, oPath, code, message, rBytes, oBytes, carriedIdx);
            pending.add(p);
            if (p.errorCode == null) {
                toScore.add(p);
            }
        }
        List<PairScore> batch = null;
        if (!toScore.isEmpty()) {
            List<ImageInput> rs = new ArrayList<>(toScore.size());
            List<ImageInput> os = new ArrayList<>(toScore.size());
            List<PairInputs> ins = new ArrayList<>(toScore.size());
            for (Pending p : toScore) {
                rs.add(p.r);
                os.add(p.o);
                ins.add(p.inputs);
            }
            try {
                batch = scoring.scoreInputBatch(rs, os, ins);
            } catch (RuntimeException e) {
                batch = null; // a bug: score the pairs one by one so it stays with the pair that has it
            }
        }
        for (int i = 0; i < toScore.size(); i++) {
            Pending p = toScore.get(i);
            if (batch != null) {
                applyScore(p, batch.get(i));
            } else {
                scoreOne(p, scoring);
            }
            p.r = null;
            p.o = null;
        }
        List<Row> out = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            out.add(finish(p));
        }
        return out;
    }

    private Row score(Row pair, PairScoring scoring, Configuration conf, int key, int rPath, int oPath, int code,
                      int message, int rBytes, int oBytes, int[] carriedIdx) {
        Pending p = read(pair, conf, key, rPath, oPath, code, message, rBytes, oBytes, carriedIdx);
        if (p.errorCode == null) {
            scoreOne(p, scoring);
            p.r = null;
            p.o = null;
        }
        if (metamerMetric != null && p.score != null && p.errorCode == null) {
            writeMetamer(scoring, p.inputs, String.valueOf(pair.get(key)), conf);
        }
        scoring.forgetLastOriginal(); // not held while the next pair is read and decoded
        return finish(p);
    }

    /** The row's carried values, its bytes (or a source / read error) and its inputs (masks). */
    private Pending read(Row pair, Configuration conf, int key, int rPath, int oPath, int code, int message,
                         int rBytes, int oBytes, int[] carriedIdx) {
        Pending p = new Pending();
        p.pair = pair;
        Object[] values = new Object[3 + carriedIdx.length + 3 + metrics.size() + 5];
        int v = 0;
        values[v++] = pair.get(key);
        values[v++] = masked(pair.get(rPath));
        values[v++] = masked(pair.get(oPath));
        Map<String, String> carriedText = new LinkedHashMap<>();
        for (int i = 0; i < carriedIdx.length; i++) {
            Object c = pair.get(carriedIdx[i]);
            values[v++] = masked(ScoresSchema.carriedValue(c));
            if (c != null) {
                carriedText.put(carried.get(i), String.valueOf(c));
            }
        }
        p.values = values;
        p.v = v;
        p.carriedText = carriedText;
        String sourceCode = pair.getString(code);
        ErrorCode errorCode = sourceCode == null ? null : ErrorCode.valueOf(sourceCode);
        String errorMessage = pair.getString(message);
        long readStart = profile == null ? 0 : System.nanoTime();
        if (errorCode == null) {
            try {
                p.r = ImageStructs.input(rBytes >= 0 ? pair.get(rBytes) : HadoopFiles.readAll(pair.getString(rPath), conf));
            } catch (IOException | RuntimeException e) {
                errorCode = ErrorCode.READ_FAILED;
                errorMessage = "reconstruction: " + describe(e);
            }
            if (errorCode == null) {
                try {
                    p.o = ImageStructs.input(oBytes >= 0 ? pair.get(oBytes)
                            : HadoopFiles.readAll(pair.getString(oPath), conf));
                } catch (IOException | RuntimeException e) {
                    errorCode = ErrorCode.READ_FAILED;
                    errorMessage = "original: " + describe(e);
                }
            }
            if (profile != null) {
                taskReadNanos += System.nanoTime() - readStart;
            }
            if (errorCode == null) {
                try {
                    Map<String, Image> masks = new LinkedHashMap<>();
                    Map<String, String> maskProblems = new LinkedHashMap<>();
                    readMasks(pair, conf, masks, maskProblems);
                    p.inputs = carriedText.isEmpty() && masks.isEmpty() ? PairInputs.NONE
                            : new PairInputs(carriedText, masks);
                    p.maskProblems = maskProblems;
                } catch (RuntimeException e) {
                    // one pair must not stop the run
                    errorCode = ErrorCode.SCORING_FAILED;
                    errorMessage = describe(e);
                }
            }
        }
        p.errorCode = errorCode;
        p.errorMessage = errorMessage;
        return p;
    }

    /**
     * Scores a read pair on its own: decodes it, drops the encoded bytes (the pending pair no longer
     * holds them while the metrics run), then runs the metrics.
     */
    private void scoreOne(Pending p, PairScoring scoring) {
        PairScore score;
        try {
            PairScoring.Decoded decoded = scoring.decodePair(p.r, p.o);
            p.r = null;
            p.o = null;
            score = decoded.failure() != null ? decoded.failure()
                    : scoring.score(decoded.reconstruction(), decoded.original(), p.inputs);
        } catch (RuntimeException e) {
            // PairScoring turns bad data into values; this is a bug, but one pair must not stop the run
            p.errorCode = ErrorCode.SCORING_FAILED;
            p.errorMessage = describe(e);
            p.score = null;
            return;
        }
        applyScore(p, score);
    }

    private void applyScore(Pending p, PairScore score) {
        try {
            p.errorCode = score.errorCode();
            p.errorMessage = score.errorMessage();
            if (!p.maskProblems.isEmpty() && p.errorCode == null) {
                score = withMaskErrors(score, p.maskProblems);
            }
            p.score = score;
        } catch (RuntimeException e) {
            p.errorCode = ErrorCode.SCORING_FAILED;
            p.errorMessage = describe(e);
            p.score = null;
        }
    }

    private Row finish(Pending p) {
        Object[] values = p.values;
        int v = p.v;
        PairScore score = p.score;
        values[v++] = score == null ? null : score.width();
        values[v++] = score == null ? null : score.height();
        values[v++] = score == null ? null : score.channels();
        for (MetricConfig m : metrics) {
            values[v++] = score == null ? null : score.values().get(m.alias());
        }
        Map<String, String> metricErrors = score == null ? Map.of() : score.metricErrorCodes();
        values[v++] = CollectionConverters.asScala(new LinkedHashMap<>(metricErrors));
        values[v++] = ErrorCode.codeOf(p.errorCode);
        if (p.errorCode != null && failed != null) {
            failed.add(1);
        }
        values[v++] = Secrets.maskUserInfo(p.errorMessage);
        values[v++] = name;
        values[v++] = runId;
        return RowFactory.create(values);
    }

    /**
     * Reads and decodes each mask column's image of the pair (once per column, whatever number of
     * metrics use it). The column holds a path (URI, absolute, or relative to the manifest's folder)
     * or, from Parquet, the encoded bytes or an image struct. The mask is a weight: decoded without the domain or
     * normalisation options (8-bit 255 → 1.0). A null or empty cell gives no image (the metric
     * reports that); a failed read or decode is recorded in {@code problems}.
     */
    private void readMasks(Row pair, Configuration conf, Map<String, Image> masks, Map<String, String> problems) {
        for (String column : maskColumns) {
            if (masks.containsKey(column) || problems.containsKey(column)) {
                continue;
            }
            int idx = carried.indexOf(column);
            Object cell = idx < 0 ? null : pair.get(carriedIdxOf(idx));
            if (cell == null || cell instanceof String t && t.isBlank()) {
                continue;
            }
            String where = "mask column '" + column + "'";
            byte[] bytes;
            try {
                if (cell instanceof Row struct) {
                    masks.put(column, ImageStructs.input(struct).decode(DecodeOptions.DEFAULT));
                    continue;
                }
                if (cell instanceof byte[] b) {
                    bytes = b;
                } else {
                    String path = String.valueOf(cell).trim();
                    String resolved = pathBase == null ? path : HadoopFiles.resolve(pathBase, path);
                    where = where + " (" + resolved + ")";
                    bytes = HadoopFiles.readAll(resolved, conf);
                }
                masks.put(column, ImageDecoder.decode(bytes));
            } catch (DecodeException e) {
                problems.put(column, where + ": " + e.code() + ": " + e.getMessage());
            } catch (IOException | RuntimeException e) {
                problems.put(column, where + ": " + describe(e));
            }
        }
    }

    private int carriedIdxOf(int i) {
        return carriedIndex[i];
    }

    /** Metrics whose mask could not be read get {@link ErrorCode#MASK_UNREADABLE} instead of the kernel's code. */
    private PairScore withMaskErrors(PairScore score, Map<String, String> problems) {
        Map<String, ErrorCode> errors = new LinkedHashMap<>(score.metricErrors());
        Map<String, String> messages = new LinkedHashMap<>(score.metricMessages());
        for (MetricConfig m : metrics) {
            String column = m.maskColumn();
            if (column != null && problems.containsKey(column) && score.values().get(m.alias()) == null) {
                errors.put(m.alias(), ErrorCode.MASK_UNREADABLE);
                messages.put(m.alias(), problems.get(column));
            }
        }
        return new PairScore(score.width(), score.height(), score.channels(), score.values(), errors, messages,
                score.errorCode(), score.errorMessage());
    }

    /**
     * Writes the pair's metamer (from the {@code metamer_mse} kernel's cache: the metric just made
     * it) as a 16-bit PNG named after the key. A pair whose metamer cannot be made (its metric
     * reports why) gets no file; an I/O failure fails the task, which Spark retries.
     */
    private void writeMetamer(PairScoring scoring, PairInputs inputs, String pairKey, Configuration conf) {
        Image original = scoring.lastOriginal();
        if (original == null) {
            return;
        }
        if (!(scoring.kernel(metamerMetric) instanceof GeneratingMetric generating)) {
            return;
        }
        Image metamer;
        try {
            metamer = generating.generatedImage(original, inputs);
        } catch (RuntimeException e) {
            return;
        }
        byte[] png = Png16.encode(metamer);
        Path file = new Path(metamerFolder, MetamerFiles.fileStem(pairKey) + ".png");
        try {
            FileSystem fs = file.getFileSystem(conf);
            if (fs instanceof ChecksumFileSystem checksummed) {
                fs = checksummed.getRawFileSystem(); // no .crc file beside each PNG
            }
            try (FSDataOutputStream out = fs.create(file, true)) {
                out.write(png);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metamer " + file, e);
        }
    }

    /** A path (or other text) as the scores table holds it: URI user-info masked. */
    private static Object masked(Object value) {
        return value instanceof String text ? Secrets.maskUserInfo(text) : value;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
