package org.imgloss.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.DecodeOptions;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.PairInputs;
import org.imgloss.scoring.PairScore;
import org.imgloss.scoring.PairScoring;

/**
 * Several metrics over one (reconstruction, original) pair of encoded images, decoded once:
 * the UDF behind {@code score_pair}. It returns a struct ({@link #returnType}):
 * <ul>
 *   <li>one nullable DOUBLE field per metric, named by its alias, in spec order;</li>
 *   <li>{@code width}, {@code height}, {@code channels} (INT): the decoded pair's shape, null when
 *       unknown (e.g. undecodable bytes);</li>
 *   <li>{@code metric_errors} (MAP&lt;STRING,STRING&gt;): alias → code for the metrics without a value
 *       on a scored pair (e.g. {@code ssim → TOO_SMALL} on an 8×8 pair), empty otherwise;</li>
 *   <li>{@code error_code}, {@code error_message} (STRING): why the whole pair failed, null when it
 *       was scored. The codes are the {@link ErrorCode} constants: pair-level ones in
 *       {@code error_code}, metric-level ones in {@code metric_errors}.</li>
 * </ul>
 * It never throws for bad data. Use it from the DataFrame API as
 * <pre>{@code List<MetricSpec> specs = MetricSpec.parseList("psnr, ssim");
 * UserDefinedFunction f = functions.udf(new ScorePairUdf("psnr, ssim"), ScorePairUdf.returnType(specs));
 * df.select(f.apply(col("reconstruction"), col("original")).as("s"));}</pre>
 * or through {@link ImgLossFunctions#scorePair}.
 *
 * <p>Holds only text (the metric spec and decode options) and rebuilds its {@link PairScoring}
 * lazily per thread after deserialisation, since kernels reuse buffers and are not thread-safe.
 */
public final class ScorePairUdf implements UDF2<byte[], byte[], Row> {

    private static final long serialVersionUID = 1L;

    /** Struct fields after the metric fields; no metric alias may use these names. */
    public static final List<String> FIXED_FIELDS =
            List.of("width", "height", "channels", "metric_errors", "error_code", "error_message");

    private final String spec;
    private final String decodeOptions;
    private final LongAccumulator decodes;
    private transient volatile ThreadLocal<PairScoring> scorers;
    private transient volatile StructType rowType;

    /** Scores the metrics of {@code spec} (see {@link MetricSpec#parseList}) with default decoding. */
    public ScorePairUdf(String spec) {
        this(spec, "");
    }

    /**
     * Scores the metrics of {@code spec} with decode options given as text
     * ({@code "color=y_bt601, max_pixels=4000000"}; only the keys of {@link FunctionOptions#DECODE_KEYS}).
     *
     * @throws IllegalArgumentException for a bad spec or option, naming it
     */
    public ScorePairUdf(String spec, String decodeOptions) {
        this(spec, decodeOptions, null);
    }

    /**
     * Scores already configured metrics (e.g. built from a job config with {@link MetricSpec#of})
     * with these decode options. They travel to the executors as their compact text form
     * ({@link MetricSpec#toSpecString}), so the parameters must survive that round trip (numbers,
     * booleans, choices, lists and strings without commas or parentheses do).
     */
    public ScorePairUdf(List<MetricSpec> specs, DecodeOptions decodeOptions) {
        this(toSpecText(specs), FunctionOptions.toText(decodeOptions), null);
    }

    private static String toSpecText(List<MetricSpec> specs) {
        StringBuilder sb = new StringBuilder();
        for (MetricSpec s : specs) {
            sb.append(sb.length() == 0 ? "" : ", ").append(s.toSpecString());
        }
        return sb.toString();
    }

    private ScorePairUdf(String spec, String decodeOptions, LongAccumulator decodes) {
        this.spec = spec;
        this.decodeOptions = decodeOptions == null ? "" : decodeOptions;
        this.decodes = decodes;
        List<MetricSpec> parsed = specs();
        returnType(parsed); // validates the field names
        // builds the kernels once, so that a factory's complaint (lpips without a model) fails here,
        // when the query is analysed, not in a task
        new PairScoring(parsed, decodeOptions());
    }

    /**
     * The same UDF, adding to {@code accumulator} the number of images it hands to the decoder
     * (two per evaluated pair, each decoded once by {@link PairScoring}). Lets a job or a test see
     * that N rows cost 2N decodes, whatever the number of metrics and struct fields read.
     */
    public ScorePairUdf countingDecodes(LongAccumulator accumulator) {
        return new ScorePairUdf(spec, decodeOptions, accumulator);
    }

    /** The parsed metric specs, in field order. */
    public List<MetricSpec> specs() {
        return MetricSpec.parseList(spec);
    }

    /** The decode options this UDF applies. */
    public DecodeOptions decodeOptions() {
        return parseDecodeOptions(decodeOptions);
    }

    /** The struct type this UDF returns for its spec. */
    public StructType returnType() {
        return returnType(specs());
    }

    /**
     * The struct type returned for these metrics: one nullable DOUBLE per alias (in order), then
     * {@link #FIXED_FIELDS}.
     *
     * @throws IllegalArgumentException when an alias collides with a fixed field
     */
    public static StructType returnType(List<MetricSpec> specs) {
        Set<String> fixed = Set.copyOf(FIXED_FIELDS);
        List<StructField> fields = new ArrayList<>(specs.size() + FIXED_FIELDS.size());
        for (MetricSpec s : specs) {
            if (fixed.contains(s.alias())) {
                throw new IllegalArgumentException("alias '" + s.alias() + "' is a reserved field of score_pair's "
                        + "result (" + String.join(", ", FIXED_FIELDS) + "); rename it with 'as <alias>'");
            }
            fields.add(DataTypes.createStructField(s.alias(), DataTypes.DoubleType, true));
        }
        fields.add(DataTypes.createStructField("width", DataTypes.IntegerType, true));
        fields.add(DataTypes.createStructField("height", DataTypes.IntegerType, true));
        fields.add(DataTypes.createStructField("channels", DataTypes.IntegerType, true));
        fields.add(DataTypes.createStructField("metric_errors",
                DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true), false));
        fields.add(DataTypes.createStructField("error_code", DataTypes.StringType, true));
        fields.add(DataTypes.createStructField("error_message", DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }

    /** The struct type for a spec in its text form. */
    public static StructType returnType(String spec) {
        return returnType(MetricSpec.parseList(spec));
    }

    /**
     * Scores one pair. The row carries its schema ({@link #returnType()}), so fields can be read by
     * name when the UDF is called directly.
     */
    @Override
    public Row call(byte[] reconstruction, byte[] original) {
        return score(reconstruction, original, PairInputs.NONE);
    }

    /**
     * Scores one pair that carries extra inputs for the metrics that use them (gaze columns, a mask
     * image); see {@link ScorePairInputsUdf}.
     */
    public Row score(byte[] reconstruction, byte[] original, PairInputs inputs) {
        return scoreAny(reconstruction, original, inputs);
    }

    /**
     * {@link #score(byte[], byte[], PairInputs)} for image values of either form: encoded bytes or a
     * Spark image struct (a {@link Row}, see {@link ImageStructs}); a null side is empty input.
     */
    Row scoreAny(Object reconstruction, Object original, PairInputs inputs) {
        PairScore score = ScoringSupport.scoreSafely(scoring(), ImageStructs.input(reconstruction),
                ImageStructs.input(original), inputs);
        if (decodes != null) {
            decodes.add(2);
        }
        StructType type = rowType;
        if (type == null) {
            type = returnType();
            rowType = type;
        }
        return toRow(score, type);
    }

    /** The struct value of one score, in the field order of {@link #returnType}. */
    static Row toRow(PairScore score, StructType type) {
        Object[] values = new Object[score.values().size() + FIXED_FIELDS.size()];
        int i = 0;
        for (Double v : score.values().values()) {
            values[i++] = v;
        }
        values[i++] = score.width();
        values[i++] = score.height();
        values[i++] = score.channels();
        values[i++] = score.metricErrorCodes();
        values[i++] = ErrorCode.codeOf(score.errorCode());
        values[i] = score.errorMessage();
        return new GenericRowWithSchema(values, type);
    }

    private PairScoring scoring() {
        ThreadLocal<PairScoring> local = scorers;
        if (local == null) {
            synchronized (this) {
                local = scorers;
                if (local == null) {
                    local = ThreadLocal.withInitial(() -> {
                        ScoringSupport.ensurePlugins();
                        return new PairScoring(specs(), decodeOptions());
                    });
                    scorers = local;
                }
            }
        }
        return local.get();
    }

    static DecodeOptions parseDecodeOptions(String text) {
        return FunctionOptions.decodeOptions(MetricSpec.parseOptions(text));
    }
}
