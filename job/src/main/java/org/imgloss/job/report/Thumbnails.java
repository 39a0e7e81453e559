package org.imgloss.job.report;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.imgloss.image.ImageInput;
import org.imgloss.job.config.AuditConfig;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.DecodeConfig;
import org.imgloss.job.config.InputType;
import org.imgloss.job.config.MetricConfig;
import org.imgloss.job.output.ScoresSchema;
import org.imgloss.job.report.ReportModel.Thumbs;
import org.imgloss.job.source.HadoopFiles;
import org.imgloss.job.source.PairColumns;
import org.imgloss.job.source.PairSource;
import org.imgloss.job.source.Pairs;
import org.imgloss.metrics.MapMetric;
import org.imgloss.metrics.PairMetric;
import org.imgloss.spark.ImageStructs;

/**
 * The second, small pass over the input: the selected pairs only (found by key in the config's
 * source, as the run read them), their pictures made on the executors by {@link ThumbnailMaker},
 * and only the JPEG thumbnails brought to the driver.
 */
final class Thumbnails implements FlatMapFunction<Iterator<Row>, Row> {

    private static final long serialVersionUID = 1L;

    /** What all pictures of one report may take, in bytes (before base64): keeps the page under 5 MB. */
    static final int IMAGE_BUDGET = 3_300_000;
    private static final int MIN_CAP = 6_000;
    private static final int MAX_CAP = 96_000;

    private final StructType schema;
    private final DecodeConfig decode;
    private final MetricConfig ssimMetric;
    private final int byteCap;
    private final Broadcast<SerializableConfiguration> hadoopConf;

    private Thumbnails(StructType schema, DecodeConfig decode, MetricConfig ssimMetric, int byteCap,
                       Broadcast<SerializableConfiguration> hadoopConf) {
        this.schema = schema;
        this.decode = decode;
        this.ssimMetric = ssimMetric;
        this.byteCap = byteCap;
        this.hadoopConf = hadoopConf;
    }

    /** The bytes one picture may take when a report shows {@code pairs} pairs of four pictures each. */
    static int byteCap(int pairs) {
        return Math.max(MIN_CAP, Math.min(MAX_CAP, IMAGE_BUDGET / Math.max(1, pairs * 4)));
    }

    /**
     * The thumbnails of the pairs with these keys, by key. A key not found (its files gone since the
     * run) gets none; the page says so.
     *
     * <p>For file inputs the pairs' paths come from the run's own {@code scores} rows, so nothing is
     * listed again; only images held in the input's rows (Parquet input), or paths whose user-info the
     * scores table masked, need the source read again.
     *
     * @param scores the run's scores rows
     */
    static Map<String, Thumbs> of(SparkSession spark, AuditConfig config, Set<String> keys, Dataset<Row> scores) {
        Map<String, Thumbs> out = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        Dataset<Row> selected;
        if (config.input().type() != InputType.PARQUET && !pathsMasked(scores, keys)) {
            selected = scores.filter(col(PairColumns.KEY).isin(keys.toArray()).and(col(ScoresSchema.ERROR_CODE).isNull()))
                    .select(col(PairColumns.KEY), col(PairColumns.RECONSTRUCTION_PATH), col(PairColumns.ORIGINAL_PATH));
        } else {
            Pairs pairs;
            try {
                pairs = PairSource.of(config.input()).load(spark);
            } catch (ConfigException e) {
                String why = "pictures not made: the input cannot be read now (" + String.join("; ", e.errors()) + ")";
                for (String k : keys) {
                    out.put(k, new Thumbs(null, null, null, 0, null, null, 0, 0, why));
                }
                return out;
            }
            selected = pairs.rows().filter(col(PairColumns.KEY).isin(keys.toArray())
                    .and(col(PairColumns.SOURCE_ERROR_CODE).isNull()));
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableConfiguration> conf =
                jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        MetricConfig ssim = ssimMetric(config.metrics());
        Thumbnails pass = new Thumbnails(selected.schema(), config.input().decode(), ssim, byteCap(keys.size()), conf);
        List<Row> made = selected.javaRDD().mapPartitions(pass).collect();
        Base64.Encoder b64 = Base64.getEncoder();
        for (Row r : made) {
            out.putIfAbsent(r.getString(0), new Thumbs(uri(b64, (byte[]) r.get(1)), uri(b64, (byte[]) r.get(2)),
                    uri(b64, (byte[]) r.get(3)), r.getDouble(4), uri(b64, (byte[]) r.get(5)),
                    ssim == null ? null : ssim.alias(), r.getInt(6), r.getInt(7), r.getString(8)));
        }
        return out;
    }

    /** Whether a selected pair's path in {@code scores} had its URI user-info masked (so cannot be read as written). */
    private static boolean pathsMasked(Dataset<Row> scores, Set<String> keys) {
        return !scores.filter(col(PairColumns.KEY).isin(keys.toArray()).and(
                        col(PairColumns.RECONSTRUCTION_PATH).contains("***@").or(col(PairColumns.ORIGINAL_PATH).contains("***@"))))
                .isEmpty();
    }

    private static String uri(Base64.Encoder b64, byte[] jpeg) {
        return jpeg == null ? null : "data:image/jpeg;base64," + b64.encodeToString(jpeg);
    }

    /** The metric whose map is shown: the first {@code ssim}, else the first {@code ssim_loss}; or null. */
    static MetricConfig ssimMetric(List<MetricConfig> metrics) {
        for (String name : List.of("ssim", "ssim_loss")) {
            for (MetricConfig m : metrics) {
                if (m.name().equals(name)) {
                    return m;
                }
            }
        }
        return null;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) throws Exception {
        MapMetric map = null;
        if (ssimMetric != null) {
            PairMetric kernel = ssimMetric.toSpec().newKernel();
            map = kernel instanceof MapMetric m ? m : null;
        }
        ThumbnailMaker maker = new ThumbnailMaker(decode.toOptions(), map,
                ssimMetric != null && ssimMetric.name().endsWith("_loss"), byteCap);
        Configuration conf = hadoopConf.value().value();
        boolean inline = List.of(schema.fieldNames()).contains(PairColumns.RECONSTRUCTION_BYTES);
        List<Row> out = new ArrayList<>();
        while (rows.hasNext()) {
            Row pair = rows.next();
            String key = pair.getAs(PairColumns.KEY);
            ThumbnailMaker.Made m;
            try {
                ImageInput r = ImageStructs.input(inline ? pair.getAs(PairColumns.RECONSTRUCTION_BYTES)
                        : HadoopFiles.readAll(pair.getAs(PairColumns.RECONSTRUCTION_PATH), conf));
                ImageInput o = ImageStructs.input(inline ? pair.getAs(PairColumns.ORIGINAL_BYTES)
                        : HadoopFiles.readAll(pair.getAs(PairColumns.ORIGINAL_PATH), conf));
                m = maker.make(r, o);
            } catch (java.io.IOException | RuntimeException e) {
                m = new ThumbnailMaker.Made(null, null, null, 0, null, 0, 0, "not read: " + e.getMessage());
            }
            out.add(RowFactory.create(key, m.reconstruction(), m.original(), m.error(), m.errorMax(), m.ssim(),
                    m.width(), m.height(), m.note()));
        }
        return out.iterator();
    }
}
