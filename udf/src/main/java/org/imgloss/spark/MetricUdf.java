package org.imgloss.spark;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.api.java.UDF2;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricDefinition;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.scoring.PairScore;
import org.imgloss.scoring.PairScoring;

/**
 * One catalogue metric as a Spark UDF over two BINARY columns of encoded image bytes:
 * {@code (reconstruction, original) → DOUBLE}.
 *
 * <p>Each metric has a one-line public subclass with a no-argument constructor, named after the
 * metric in upper camel case plus {@code Udf} ({@code ssim} → {@link SsimUdf}, {@code ssim_loss} →
 * {@link SsimLossUdf}; see {@link #classNameFor}). That is what PySpark needs:
 * {@code spark.udf.registerJavaFunction("ssim", "org.imgloss.spark.SsimUdf", "double")}. Adding a
 * metric to the catalogue therefore means adding
 * <pre>{@code public final class MsSsimUdf extends MetricUdf implements UDF2<byte[], byte[], Double> {
 *     public MsSsimUdf() { super("ms_ssim"); }
 * }}</pre>
 * The repeated {@code implements UDF2<...>} is needed: {@code registerJava} / PySpark's
 * {@code registerJavaFunction} only look at the interfaces the class itself declares
 * ({@code NO_UDF_INTERFACE} otherwise). {@code MetricUdfClassesTest} fails until the class exists
 * and declares the interface. Those classes use the metric's
 * defaults; {@link ImgLossFunctions#register} adds the SQL forms that take an options string.
 *
 * <p><b>Values.</b> Returns the metric value, or {@code null} where there is none: a null or
 * empty side, undecodable bytes, size or channel mismatch, non-finite samples, an image over
 * {@code max_pixels}, or a metric that does not apply (an 8×8 pair has no 11×11-window SSIM). Bad
 * data never throws; use {@code score_pair} to see the reason.
 *
 * <p><b>Threads.</b> Spark deserialises one instance per task, and one instance may still be called
 * from several threads; kernels reuse scratch buffers and are not thread-safe, so each thread gets
 * its own {@link PairScoring} (created lazily, after deserialisation, from the metric name and the
 * option text this object carries).
 */
public class MetricUdf implements UDF2<byte[], byte[], Double> {

    private static final long serialVersionUID = 1L;

    private final String metric;
    private final String options;
    private transient volatile ThreadLocal<PairScoring> scorers;

    /**
     * The named metric with an option string (metric parameters and decode keys, see
     * {@link FunctionOptions}); validated now.
     *
     * @throws IllegalArgumentException for an unknown metric or a bad option, naming it
     */
    public MetricUdf(String metric, String options) {
        this.metric = metric;
        this.options = options == null ? "" : options;
        newScoring(); // validate eagerly: a bad name or option fails where the UDF is made, not in a task
    }

    /** The named metric with its defaults. */
    protected MetricUdf(String metric) {
        this(metric, "");
    }

    /** The catalogue name of the metric this UDF computes. */
    public final String metricName() {
        return metric;
    }

    /** The option string this UDF was configured with ({@code ""} for defaults). */
    public final String options() {
        return options;
    }

    @Override
    public Double call(byte[] reconstruction, byte[] original) {
        if (reconstruction == null || original == null) {
            return null;
        }
        PairScore score = ScoringSupport.scoreSafely(scoring(), reconstruction, original);
        return score.values().get(metric);
    }

    /**
     * {@link #call} for image values of either form: encoded bytes or a Spark image struct (a
     * {@link org.apache.spark.sql.Row}, see {@link ImageStructs}); a null side gives null.
     */
    Double callAny(Object reconstruction, Object original) {
        if (reconstruction == null || original == null) {
            return null;
        }
        PairScore score = ScoringSupport.scoreSafely(scoring(), ImageStructs.input(reconstruction),
                ImageStructs.input(original), org.imgloss.metrics.PairInputs.NONE);
        return score.values().get(metric);
    }

    private PairScoring scoring() {
        ThreadLocal<PairScoring> local = scorers;
        if (local == null) {
            synchronized (this) {
                local = scorers;
                if (local == null) {
                    local = ThreadLocal.withInitial(this::newScoring);
                    scorers = local;
                }
            }
        }
        return local.get();
    }

    private PairScoring newScoring() {
        ScoringSupport.ensurePlugins();
        MetricDefinition definition = MetricCatalog.get(metric);
        FunctionOptions parsed = FunctionOptions.parse(options, definition);
        MetricSpec spec = new MetricSpec(metric, definition, definition.bind(parsed.metricParameters()));
        return new PairScoring(List.of(spec), parsed.decode());
    }

    /**
     * The public UDF class of a metric, by the naming rule: {@code org.imgloss.spark.} + the name in
     * upper camel case + {@code Udf}, e.g. {@code ssim_loss} → {@code org.imgloss.spark.SsimLossUdf}.
     */
    public static String classNameFor(String metricName) {
        StringBuilder sb = new StringBuilder(MetricUdf.class.getPackageName()).append('.');
        for (String part : metricName.split("_")) {
            if (!part.isEmpty()) {
                sb.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return sb.append("Udf").toString();
    }
}
