package org.imgloss.job.score;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
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
import org.imgloss.job.source.PairColumns;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.PairInputs;
import org.imgloss.metrics.PairScore;
import org.imgloss.metrics.PairScoring;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Scores one partition of pairs: builds one {@link PairScoring} for the partition (kernels and
 * their scratch buffers are reused across its pairs), then for each pair reads both images' bytes
 * once through Hadoop's FileSystem (or takes them from the row), decodes once and runs every
 * metric. Nothing a pair does stops the partition: a source error, a read failure
 * ({@code READ_FAILED}), a decode failure or a failing metric becomes a value in the pair's row.
 * Rows are produced lazily, one pair at a time.
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

    public PairScorer(StructType pairsSchema, List<String> carried, List<MetricConfig> metrics, DecodeConfig decode,
                      Broadcast<SerializableConfiguration> hadoopConf, LongAccumulator scored, String name,
                      String runId) {
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
                Row out = score(pair, scoring, conf, key, rPath, oPath, code, message, rBytes, oBytes, carriedIdx);
                scored.add(1);
                return out;
            }
        };
    }

    private Row score(Row pair, PairScoring scoring, Configuration conf, int key, int rPath, int oPath, int code,
                      int message, int rBytes, int oBytes, int[] carriedIdx) {
        Object[] values = new Object[3 + carriedIdx.length + 3 + metrics.size() + 5];
        int v = 0;
        values[v++] = pair.get(key);
        values[v++] = pair.get(rPath);
        values[v++] = pair.get(oPath);
        Map<String, String> carriedText = new LinkedHashMap<>();
        for (int i = 0; i < carriedIdx.length; i++) {
            Object c = pair.get(carriedIdx[i]);
            values[v++] = c;
            if (c != null) {
                carriedText.put(carried.get(i), String.valueOf(c));
            }
        }
        String errorCode = pair.getString(code);
        String errorMessage = pair.getString(message);
        PairScore score = null;
        if (errorCode == null) {
            byte[] r = null;
            byte[] o = null;
            try {
                r = rBytes >= 0 ? (byte[]) pair.get(rBytes) : HadoopFiles.readAll(pair.getString(rPath), conf);
            } catch (IOException | RuntimeException e) {
                errorCode = PairColumns.READ_FAILED;
                errorMessage = "reconstruction: " + describe(e);
            }
            if (errorCode == null) {
                try {
                    o = oBytes >= 0 ? (byte[]) pair.get(oBytes) : HadoopFiles.readAll(pair.getString(oPath), conf);
                } catch (IOException | RuntimeException e) {
                    errorCode = PairColumns.READ_FAILED;
                    errorMessage = "original: " + describe(e);
                }
            }
            if (errorCode == null) {
                try {
                    score = scoring.score(r, o, carriedText.isEmpty() ? PairInputs.NONE
                            : new PairInputs(carriedText, Map.of()));
                    errorCode = score.errorCode();
                    errorMessage = score.errorMessage();
                } catch (RuntimeException e) {
                    // PairScoring turns bad data into values; this is a bug, but one pair must not stop the run
                    errorCode = "SCORING_FAILED";
                    errorMessage = describe(e);
                    score = null;
                }
            }
        }
        values[v++] = score == null ? null : score.width();
        values[v++] = score == null ? null : score.height();
        values[v++] = score == null ? null : score.channels();
        for (MetricConfig m : metrics) {
            values[v++] = score == null ? null : score.values().get(m.alias());
        }
        Map<String, String> metricErrors = score == null ? Map.of() : score.metricErrors();
        values[v++] = CollectionConverters.asScala(new LinkedHashMap<>(metricErrors));
        values[v++] = errorCode;
        values[v++] = errorMessage;
        values[v++] = name;
        values[v++] = runId;
        return RowFactory.create(values);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
