package org.imgloss.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.QueryContext;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.classic.UserDefinedFunctionUtils$;
import org.apache.spark.sql.connector.catalog.CatalogManager$;
import org.apache.spark.sql.expressions.SparkUserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricDefinition;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.Parameter;
import scala.Option;
import scala.collection.immutable.Seq;
import scala.runtime.AbstractFunction1;

/**
 * The imgloss SQL functions: one call, {@link #register}, makes every catalogue metric and
 * {@code score_pair} callable from SQL in a session; the static helpers give the same functions to
 * the DataFrame API without registration.
 *
 * <p>SQL forms (image arguments are BINARY columns of encoded image bytes, or Spark image structs as
 * {@code spark.read.format("image")} gives, see {@link ImageStructs}; reconstruction first):
 * <pre>
 *   ssim(reconstruction, original)                                   -- defaults
 *   ssim(reconstruction, original, 'variant=skimage, data_range=255') -- options string
 *   ssim(reconstruction, original, map('variant', 'skimage'))        -- or a map of strings
 *   score_pair(reconstruction, original, 'psnr, ssim(variant=skimage) as ssim_sk, mse')
 *   score_pair(reconstruction, original, 'psnr, ssim', 'color=y_bt601')
 *   score_pair(reconstruction, original, 'metameric', NULL, named_struct('gaze_x', gx, 'gaze_y', gy))
 * </pre>
 * The options argument of a metric holds the metric's parameters and the decode keys of
 * {@link FunctionOptions}; {@code score_pair}'s fourth argument holds decode keys only. Options and
 * specs must be constants: they are parsed once, when the query is analysed, so an unknown metric or
 * a bad option fails the query before any row is read, with a message that names it (e.g.
 * {@code ssim: option variant: must be one of wang, skimage, ..., got 'fast'}). A NULL options
 * argument means defaults.
 *
 * <p>The functions are registered generically from {@link MetricCatalog#all()}, so metrics added to
 * the catalogue appear in SQL without changes here.
 */
public final class ImgLossFunctions {

    /** The SQL name of the multi-metric function. */
    public static final String SCORE_PAIR = "score_pair";

    private ImgLossFunctions() {
    }

    /**
     * Registers every catalogue metric under its name, and {@code score_pair}, as temporary functions
     * of {@code spark}'s session (re-registering replaces them).
     *
     * @return the registered function names
     */
    public static List<String> register(SparkSession spark) {
        FunctionRegistry registry = spark.sessionState().functionRegistry();
        List<String> names = new ArrayList<>();
        for (MetricDefinition d : MetricCatalog.all()) {
            registry.registerFunction(tempFunction(d.name()), metricInfo(d), new MetricBuilder(d.name()));
            names.add(d.name());
        }
        registry.registerFunction(tempFunction(SCORE_PAIR), scorePairInfo(), new ScorePairBuilder());
        names.add(SCORE_PAIR);
        return List.copyOf(names);
    }

    /**
     * The identifier of a session temporary function, as {@code createOrReplaceTempFunction} builds
     * it (Spark 4.2 keys temporary functions by system catalog and session namespace); registering
     * with it directly lets us attach the {@code DESCRIBE FUNCTION} text.
     */
    private static FunctionIdentifier tempFunction(String name) {
        return new FunctionIdentifier(name, Option.apply(CatalogManager$.MODULE$.SESSION_NAMESPACE()),
                Option.apply(CatalogManager$.MODULE$.SYSTEM_CATALOG_NAME()));
    }

    /**
     * The metric over two image columns (BINARY encoded images or Spark image structs) with its
     * defaults, e.g. {@code metric("ssim", r, o)}.
     */
    public static Column metric(String name, Column reconstruction, Column original) {
        return metric(name, reconstruction, original, "");
    }

    /**
     * The metric with an options string (metric parameters and decode keys).
     *
     * @throws IllegalArgumentException for an unknown metric or a bad option, naming it
     */
    public static Column metric(String name, Column reconstruction, Column original, String options) {
        // the either-form UDF: the columns' types are not known here (BINARY or image struct)
        return udf(new ImageStructUdfs.Metric(new MetricUdf(name, options)), DataTypes.DoubleType, name)
                .apply(reconstruction, original);
    }

    /** {@code score_pair} for the DataFrame API: a struct column (see {@link ScorePairUdf}). */
    public static Column scorePair(Column reconstruction, Column original, String spec) {
        return scorePair(reconstruction, original, spec, "");
    }

    /** {@code score_pair} with decode options ({@code "color=gray, max_pixels=4000000"}). */
    public static Column scorePair(Column reconstruction, Column original, String spec, String decodeOptions) {
        ImageStructUdfs.ScorePair any = new ImageStructUdfs.ScorePair(new ScorePairUdf(spec, decodeOptions));
        return udf(any, any.returnType(), SCORE_PAIR).apply(reconstruction, original);
    }

    /**
     * {@code score_pair} for pairs with extra inputs: {@code inputs} is a struct column whose fields
     * the metrics read by name (see {@link ScorePairInputsUdf}), e.g.
     * {@code functions.struct(col("gaze_x"), col("gaze_y"))}.
     */
    public static Column scorePair(Column reconstruction, Column original, String spec, String decodeOptions,
                                   Column inputs) {
        ImageStructUdfs.ScorePairInputs any =
                new ImageStructUdfs.ScorePairInputs(new ScorePairUdf(spec, decodeOptions));
        return udf(any, any.returnType(), SCORE_PAIR).apply(reconstruction, original, inputs);
    }

    /** A Spark UserDefinedFunction for a {@link ScorePairInputsUdf} (with its struct type). */
    public static SparkUserDefinedFunction scorePairUdf(ScorePairInputsUdf udf) {
        return udf(udf, udf.returnType(), SCORE_PAIR);
    }

    /** A Spark UserDefinedFunction for a configured {@link ScorePairUdf} (with its struct type). */
    public static SparkUserDefinedFunction scorePairUdf(ScorePairUdf udf) {
        return udf(udf, udf.returnType(), SCORE_PAIR);
    }

    private static SparkUserDefinedFunction metricUdf(MetricUdf udf, String name) {
        return udf(udf, DataTypes.DoubleType, name);
    }

    private static SparkUserDefinedFunction udf(UDF2<?, ?, ?> f, DataType type, String name) {
        return (SparkUserDefinedFunction) functions.udf(f, type).withName(name);
    }

    private static SparkUserDefinedFunction udf(UDF3<?, ?, ?, ?> f, DataType type, String name) {
        return (SparkUserDefinedFunction) functions.udf(f, type).withName(name);
    }

    // ---- function builders: run when a query is analysed, once per call site ----

    /** Builds {@code name(r, o[, options])}. */
    private static final class MetricBuilder extends AbstractFunction1<Seq<Expression>, Expression> {
        private final String name;

        MetricBuilder(String name) {
            this.name = name;
        }

        @Override
        public Expression apply(Seq<Expression> children) {
            int n = children.size();
            if (n != 2 && n != 3) {
                throw analysisError(name + " takes 2 or 3 arguments (reconstruction BINARY, original BINARY"
                        + "[, options STRING]), got " + n);
            }
            boolean structs = checkImage(name, children.apply(0), 1, "reconstruction")
                    | checkImage(name, children.apply(1), 2, "original");
            Map<String, String> options = n == 3 ? constantOptions(name, children.apply(2), 3) : Map.of();
            MetricUdf udf;
            try {
                udf = new MetricUdf(name, toText(options));
            } catch (IllegalArgumentException e) {
                throw analysisError(name + ": option " + e.getMessage());
            }
            if (structs) {
                return toExpression(udf(new ImageStructUdfs.Metric(udf), DataTypes.DoubleType, name), firstTwo(children));
            }
            return toExpression(metricUdf(udf, name), firstTwo(children));
        }
    }

    /** Builds {@code score_pair(r, o, spec[, decode_options])}. */
    private static final class ScorePairBuilder extends AbstractFunction1<Seq<Expression>, Expression> {
        @Override
        public Expression apply(Seq<Expression> children) {
            int n = children.size();
            if (n < 3 || n > 5) {
                throw analysisError(SCORE_PAIR + " takes 3 to 5 arguments (reconstruction BINARY, original BINARY, "
                        + "metrics STRING[, decode_options STRING[, inputs STRUCT]]), got " + n);
            }
            boolean structs = checkImage(SCORE_PAIR, children.apply(0), 1, "reconstruction")
                    | checkImage(SCORE_PAIR, children.apply(1), 2, "original");
            String spec = constantString(SCORE_PAIR, children.apply(2), 3, "the metrics spec, e.g. 'psnr, ssim'");
            Map<String, String> decode = n >= 4 ? constantOptions(SCORE_PAIR, children.apply(3), 4) : Map.of();
            if (n == 5 && !(children.apply(4).dataType() instanceof StructType)
                    && !(children.apply(4).dataType() instanceof NullType)) {
                throw analysisError(SCORE_PAIR + ": argument 5 (inputs) must be a STRUCT such as named_struct('gaze_x', "
                        + "gx, 'gaze_y', gy), got " + children.apply(4).dataType().sql());
            }
            ScorePairUdf udf;
            try {
                MetricSpec.parseList(spec);
            } catch (IllegalArgumentException e) {
                throw analysisError(SCORE_PAIR + ": bad metrics spec '" + spec + "': " + e.getMessage());
            }
            try {
                udf = new ScorePairUdf(spec, toText(decode));
            } catch (IllegalArgumentException e) {
                throw analysisError(SCORE_PAIR + ": " + (n >= 4 ? "decode option " : "") + e.getMessage());
            }
            if (n == 5) {
                List<Expression> three = List.of(children.apply(0), children.apply(1), children.apply(4));
                Seq<Expression> args = scala.jdk.javaapi.CollectionConverters.asScala(three).toSeq();
                if (structs) {
                    ImageStructUdfs.ScorePairInputs any = new ImageStructUdfs.ScorePairInputs(udf);
                    return toExpression(udf(any, any.returnType(), SCORE_PAIR), args);
                }
                return toExpression(scorePairUdf(new ScorePairInputsUdf(udf)), args);
            }
            if (structs) {
                ImageStructUdfs.ScorePair any = new ImageStructUdfs.ScorePair(udf);
                return toExpression(udf(any, any.returnType(), SCORE_PAIR), firstTwo(children));
            }
            return toExpression(scorePairUdf(udf), firstTwo(children));
        }
    }

    private static Seq<Expression> firstTwo(Seq<Expression> children) {
        return scala.jdk.javaapi.CollectionConverters.asScala(List.of(children.apply(0), children.apply(1))).toSeq();
    }

    private static Expression toExpression(SparkUserDefinedFunction f, Seq<Expression> children) {
        return UserDefinedFunctionUtils$.MODULE$.toScalaUDF(f, children);
    }

    /** Checks an image argument; true when it is an image struct (false for BINARY or NULL). */
    private static boolean checkImage(String function, Expression e, int position, String role) {
        DataType t = e.dataType();
        if (ImageStructs.isImageStruct(t)) {
            return true;
        }
        if (!DataTypes.BinaryType.equals(t) && !(t instanceof NullType)) {
            throw analysisError(function + ": argument " + position + " (" + role + ") must be BINARY, the encoded "
                    + "image bytes, or an image struct (" + ImageStructs.SCHEMA + "), got " + t.sql() + " " + e.sql());
        }
        return false;
    }

    private static Map<String, String> constantOptions(String function, Expression e, int position) {
        requireConstant(function, e, position, "an options string such as 'variant=skimage'");
        DataType t = e.dataType();
        Object value = e.eval(null);
        if (value == null) {
            return Map.of();
        }
        if (t instanceof StringType) {
            try {
                return MetricSpec.parseOptions(value.toString());
            } catch (IllegalArgumentException ex) {
                throw analysisError(function + ": bad options '" + value + "': " + ex.getMessage());
            }
        }
        if (t instanceof MapType m && m.keyType() instanceof StringType && m.valueType() instanceof StringType) {
            MapData map = (MapData) value;
            ArrayData keys = map.keyArray();
            ArrayData values = map.valueArray();
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 0; i < map.numElements(); i++) {
                out.put(keys.getUTF8String(i).toString().trim().toLowerCase(java.util.Locale.ROOT),
                        values.isNullAt(i) ? null : values.getUTF8String(i).toString());
            }
            return out;
        }
        throw analysisError(function + ": argument " + position + " (options) must be a STRING such as "
                + "'variant=skimage' or a MAP<STRING,STRING>, got " + t.sql());
    }

    private static String constantString(String function, Expression e, int position, String what) {
        requireConstant(function, e, position, what);
        if (!(e.dataType() instanceof StringType) && !(e.dataType() instanceof NullType)) {
            throw analysisError(function + ": argument " + position + " must be a STRING, " + what + ", got "
                    + e.dataType().sql());
        }
        Object value = e.eval(null);
        return value == null ? "" : value.toString();
    }

    private static void requireConstant(String function, Expression e, int position, String what) {
        if (!e.foldable()) {
            throw analysisError(function + ": argument " + position + " must be a constant, " + what
                    + ", not a column or expression: " + e.sql());
        }
    }

    /** Raw options back to the compact text form; values never contain top-level commas. */
    private static String toText(Map<String, String> options) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (e.getValue() == null) {
                throw new IllegalArgumentException(e.getKey() + ": needs a value");
            }
            sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    /**
     * Throws an {@link AnalysisException} with this message, as Spark's own analysis errors are
     * thrown. It is a checked exception in Java, which a Scala function may throw but not declare.
     */
    static RuntimeException analysisError(String message) {
        throw ImgLossFunctions.<RuntimeException>sneakyThrow(new AnalysisException(message, Option.empty(),
                Option.empty(), Option.empty(), Option.empty(), scala.collection.immutable.Map$.MODULE$.empty(),
                new QueryContext[0]));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    // ---- DESCRIBE FUNCTION text ----

    private static ExpressionInfo metricInfo(MetricDefinition d) {
        StringBuilder usage = new StringBuilder("_FUNC_(reconstruction, original[, options]) - ")
                .append(d.summary())
                .append(" Arguments are BINARY columns of encoded image bytes or Spark image structs; returns DOUBLE, NULL where the pair "
                        + "cannot be scored. Options: 'key=value, ...' with the decode keys color, domain, eps, "
                        + "normalize, max_pixels");
        for (Parameter p : d.parameters()) {
            usage.append(", ").append(p.name()).append(" (default ").append(p.defaultText()).append(')');
        }
        usage.append(". Better: ").append(d.better().label());
        if (!d.reference().isBlank()) {
            usage.append(". Agrees with: ").append(d.reference());
        }
        if (!d.tolerance().isBlank()) {
            usage.append(". Tolerance: ").append(d.tolerance());
        }
        return info(MetricUdf.classNameFor(d.name()), d.name(), usage.toString());
    }

    private static ExpressionInfo scorePairInfo() {
        return info(ScorePairUdf.class.getName(), SCORE_PAIR,
                "_FUNC_(reconstruction, original, metrics[, decode_options[, inputs]]) - Scores one pair of "
                        + "encoded images with several metrics, decoding each image once. metrics is a constant such "
                        + "as 'psnr, ssim(variant=skimage) as ssim_sk'; decode_options holds decode keys; inputs is a "
                        + "struct of extra per-pair inputs (gaze columns, mask images). Returns a struct with one "
                        + "DOUBLE per alias plus width, height, channels, metric_errors (alias -> code), error_code "
                        + "and error_message.");
    }

    private static ExpressionInfo info(String className, String name, String usage) {
        return new ExpressionInfo(className, null, name, usage, "", "", "", "", "", "", "java_udf");
    }
}
