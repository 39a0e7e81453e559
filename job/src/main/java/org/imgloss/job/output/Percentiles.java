package org.imgloss.job.output;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.imgloss.job.config.SummaryConfig;

/**
 * The one rule for percentiles, used by the {@code summary} table, the checks' {@code p01}..{@code p99} and
 * the report: a set of {@code n} finite values (a summary group × metric, a check's group, the report's
 * whole run) gets <b>exact</b> percentiles (Spark's {@code percentile}, linear interpolation as numpy's
 * default; its aggregation buffer holds every value of the set) when {@code n <= exactUpTo}
 * ({@code summary.exact_percentiles_up_to}), else <b>approximate</b> ones (Spark's
 * {@code percentile_approx} with accuracy {@link SummaryConfig#APPROXIMATE_ACCURACY}: a value of the set
 * whose rank is within {@code n / 10,000} of the exact rank, from a sketch of bounded size). So the same
 * set of values gets the same percentiles wherever they are computed, and no set larger than
 * {@code exactUpTo} is ever held in one buffer.
 *
 * <p>When the sets' sizes are not known beforehand, they are counted first ({@link #withSizes}) and each
 * row carries the size of its set, so the decision is made per set inside one aggregation
 * ({@link #bySize}).
 */
public final class Percentiles {

    /** The values of the summary's {@code percentiles} column. */
    public static final String EXACT = "exact";
    public static final String APPROXIMATE = "approximate";
    /** The percentiles of the summary and the report, p05, p50 and p95, as a SQL array. */
    public static final String P05_P50_P95 = "array(0.05, 0.5, 0.95)";

    private Percentiles() {
    }

    /** The rule: whether a set of {@code finiteValues} values gets exact percentiles. */
    public static boolean exact(long finiteValues, long exactUpTo) {
        return finiteValues <= exactUpTo;
    }

    /**
     * The SQL aggregate of the percentiles {@code percentages} (a SQL number, or an array of them) of
     * {@code finiteSql} over one set of {@code finiteValues} values, known beforehand.
     */
    public static String known(String finiteSql, String percentages, long finiteValues, long exactUpTo) {
        return exact(finiteValues, exactUpTo) ? exactSql(finiteSql, percentages) : approximateSql(finiteSql, percentages);
    }

    /**
     * The SQL aggregate of the percentiles {@code percentages} of {@code finiteSql} over sets whose rows
     * carry the set's size in {@code sizeSql} (see {@link #withSizes}): exact for a set of at most
     * {@code exactUpTo} values, approximate for a larger one. The exact aggregate sees only the values
     * of small sets, the approximate one only those of large sets, so neither holds a large set whole.
     */
    public static String bySize(String finiteSql, String percentages, String sizeSql, long exactUpTo) {
        String small = "(" + sizeSql + ") <= " + exactUpTo;
        return "CASE WHEN max(" + sizeSql + ") <= " + exactUpTo
                + " THEN " + exactSql("CASE WHEN " + small + " THEN " + finiteSql + " END", percentages)
                + " ELSE " + approximateSql("CASE WHEN NOT " + small + " THEN " + finiteSql + " END", percentages)
                + " END";
    }

    /** The SQL aggregate saying {@link #EXACT} or {@link #APPROXIMATE}, as {@link #bySize} decides. */
    public static String kindBySize(String sizeSql, long exactUpTo) {
        return "CASE WHEN max(" + sizeSql + ") <= " + exactUpTo + " THEN '" + EXACT + "' ELSE '" + APPROXIMATE + "' END";
    }

    private static String exactSql(String valueSql, String percentages) {
        return "percentile(" + valueSql + ", " + percentages + ")";
    }

    private static String approximateSql(String valueSql, String percentages) {
        return "percentile_approx(" + valueSql + ", " + percentages + ", " + SummaryConfig.APPROXIMATE_ACCURACY + ")";
    }

    /**
     * {@code rows} with one more column per entry of {@code sizes}: name to how many non-null values of the
     * entry's expression the row's set has, a set being the rows with equal {@code keys} (columns of
     * {@code rows}; nulls equal; no keys: all rows). Counted in one aggregation, a row per set, joined
     * back (broadcast: a set is a group of the summary or of a check).
     */
    public static Dataset<Row> withSizes(Dataset<Row> rows, List<String> keys, Map<String, Column> sizes) {
        List<Column> by = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            by.add(col(quoted(keys.get(i))).as("_size_key" + i));
        }
        List<Column> counts = new ArrayList<>();
        sizes.forEach((name, values) -> counts.add(count(values).as(name)));
        Dataset<Row> counted = rows.groupBy(by.toArray(new Column[0]))
                .agg(counts.get(0), counts.subList(1, counts.size()).toArray(new Column[0]));
        Dataset<Row> joined;
        if (keys.isEmpty()) {
            joined = rows.crossJoin(broadcast(counted));
        } else {
            Column on = null;
            for (int i = 0; i < keys.size(); i++) {
                Column same = rows.col(quoted(keys.get(i))).eqNullSafe(counted.col("_size_key" + i));
                on = on == null ? same : on.and(same);
            }
            joined = rows.join(broadcast(counted), on, "inner");
        }
        List<Column> kept = new ArrayList<>();
        for (String c : rows.columns()) {
            kept.add(rows.col(quoted(c)));
        }
        sizes.keySet().forEach(name -> kept.add(counted.col(name)));
        return joined.select(kept.toArray(new Column[0]));
    }

    private static String quoted(String column) {
        return "`" + column.replace("`", "``") + "`";
    }
}
