package org.imgloss.job.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.imgloss.errors.ErrorCode;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.InputConfig;
import org.imgloss.job.config.Secrets;

/**
 * Pairs two folder trees. Both are listed recursively by {@link HadoopFiles} (hidden files,
 * e.g. {@code _SUCCESS} or {@code .DS_Store}, are skipped; symbolic links are followed, each real
 * folder listed once; an entry that cannot be listed is {@link UnreadableInput}); each file gets a key,
 * its relative path ({@code match: relative_path}), that without the extension ({@code match: stem}) or
 * the group {@code key} of a pattern per side (see {@link org.imgloss.job.config.PairMatch}), and the two
 * lists are joined on the key in Spark, moving paths only. {@link PairingReport} works out the same
 * pairing from the listings alone, for {@code imgloss validate}.
 *
 * <p>Carried column: {@code folder}, the key's parent folder ({@code ""} at the top), so that
 * {@code group_by: [folder]} summarises per sub-folder.
 *
 * <p>Every listed file appears in the pairs: a key found on one side only gives a
 * {@code MISSING_ORIGINAL} or {@code MISSING_RECONSTRUCTION} row; a key shared by several files on
 * one side gives a {@code DUPLICATE_KEY} row per file, never a silent pick.
 */
public final class DirectorySource implements PairSource {

    /** The carried column. */
    public static final String FOLDER = "folder";

    private static final StructType SIDE = new StructType()
            .add(PairColumns.KEY, DataTypes.StringType, false)
            .add("path", DataTypes.StringType, false);

    static final StructType PAIRS = new StructType()
            .add(PairColumns.KEY, DataTypes.StringType, false)
            .add(PairColumns.RECONSTRUCTION_PATH, DataTypes.StringType, true)
            .add(PairColumns.ORIGINAL_PATH, DataTypes.StringType, true)
            .add(FOLDER, DataTypes.StringType, false)
            .add(PairColumns.SOURCE_ERROR_CODE, DataTypes.StringType, true)
            .add(PairColumns.SOURCE_ERROR_MESSAGE, DataTypes.StringType, true);

    private final InputConfig input;

    public DirectorySource(InputConfig input) {
        this.input = input;
    }

    @Override
    public Pairs load(SparkSession spark) throws ConfigException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<String> errors = new ArrayList<>();
        List<UnreadableInput> unreadable = new ArrayList<>();
        List<Row> unmatched = new ArrayList<>();
        List<Row> recon = side(input.reconstructions(), true, conf, errors, unmatched, unreadable);
        List<Row> orig = side(input.originals(), false, conf, errors, unmatched, unreadable);
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        Dataset<Row> r = distributed(spark, recon, SIDE).groupBy(PairColumns.KEY)
                .agg(collect_list(col("path")).as("r_paths"));
        Dataset<Row> o = distributed(spark, orig, SIDE).groupBy(PairColumns.KEY)
                .agg(collect_list(col("path")).as("o_paths"));
        Dataset<Row> pairs = r.join(o, r.col(PairColumns.KEY).equalTo(o.col(PairColumns.KEY)), "full_outer")
                .select(functionsCoalesceKey(r, o), r.col("r_paths"), o.col("o_paths"))
                .flatMap(new Pairing(), Encoders.row(PAIRS));
        if (!unmatched.isEmpty()) {
            pairs = pairs.union(distributed(spark, unmatched, PAIRS));
        }
        return new Pairs(pairs, List.of(FOLDER), false).withUnreadable(unreadable);
    }

    /** The listing as an RDD-backed table (not a local relation: a million paths must not sit in the plan). */
    private static Dataset<Row> distributed(SparkSession spark, List<Row> rows, StructType schema) {
        int slices = Math.max(1, Math.min(1000, rows.size() / 50_000));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(jsc.parallelize(rows, slices), schema);
    }

    private static org.apache.spark.sql.Column functionsCoalesceKey(Dataset<Row> r, Dataset<Row> o) {
        return org.apache.spark.sql.functions.coalesce(r.col(PairColumns.KEY), o.col(PairColumns.KEY))
                .as(PairColumns.KEY);
    }

    /**
     * One side's files as (key, path) rows. A file a pattern does not match goes to {@code unmatched} as a
     * pair row of its own (key: its relative path), with the code of a missing other side and a message
     * naming the pattern: listed, never paired, never dropped.
     */
    private List<Row> side(String root, boolean reconstructions, Configuration conf, List<String> errors,
                           List<Row> unmatched, List<UnreadableInput> unreadable) {
        String field = reconstructions ? "input.reconstructions" : "input.originals";
        Function<String, String> keyer = input.match().keyer(reconstructions);
        List<Row> rows = new ArrayList<>();
        try {
            HadoopFiles.Listing listing = HadoopFiles.listRecursively(root, conf);
            for (HadoopFiles.Listed f : listing.files()) {
                String key = keyer.apply(f.relativePath());
                if (key != null) {
                    rows.add(RowFactory.create(key, f.uri()));
                } else {
                    unmatched.add(unmatched(f, reconstructions));
                }
            }
            unreadable.addAll(listing.unreadable());
        } catch (FileNotFoundException e) {
            errors.add(field + ": cannot read '" + Secrets.maskUserInfo(String.valueOf(root)) + "': no such folder");
        } catch (IOException e) {
            throw new UncheckedIOException(Secrets.maskUserInfo("cannot list " + root + ": " + e.getMessage()), e);
        }
        return rows;
    }

    private Row unmatched(HadoopFiles.Listed f, boolean reconstruction) {
        String key = f.relativePath();
        int slash = key.lastIndexOf('/');
        String folder = slash < 0 ? "" : key.substring(0, slash);
        String side = reconstruction ? "reconstructions" : "originals";
        String pattern = reconstruction ? input.match().reconstructions() : input.match().originals();
        String message = "'" + key + "' does not match input.match." + side + " '" + pattern + "', so it has no key";
        return reconstruction
                ? RowFactory.create(key, f.uri(), null, folder, ErrorCode.MISSING_ORIGINAL.code(), message)
                : RowFactory.create(key, null, f.uri(), folder, ErrorCode.MISSING_RECONSTRUCTION.code(), message);
    }

    /** Turns one key's file lists into pair rows. */
    static final class Pairing implements FlatMapFunction<Row, Row> {

        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Row> call(Row row) {
            String key = row.getString(0);
            List<String> rp = paths(row, 1);
            List<String> op = paths(row, 2);
            int slash = key.lastIndexOf('/');
            String folder = slash < 0 ? "" : key.substring(0, slash);
            List<Row> out = new ArrayList<>();
            if (rp.size() == 1 && op.size() == 1) {
                out.add(RowFactory.create(key, rp.get(0), op.get(0), folder, null, null));
            } else if (rp.isEmpty() && op.size() == 1) {
                out.add(RowFactory.create(key, null, op.get(0), folder, ErrorCode.MISSING_RECONSTRUCTION.code(),
                        "no reconstruction has key '" + key + "'"));
            } else if (op.isEmpty() && rp.size() == 1) {
                out.add(RowFactory.create(key, rp.get(0), null, folder, ErrorCode.MISSING_ORIGINAL.code(),
                        "no original has key '" + key + "'"));
            } else {
                String message = "key '" + key + "' is shared by " + count(rp.size(), "reconstruction") + " "
                        + names(rp) + " and " + count(op.size(), "original") + " " + names(op)
                        + "; each file needs its own key";
                String lonelyR = rp.size() == 1 ? rp.get(0) : null;
                String lonelyO = op.size() == 1 ? op.get(0) : null;
                if (rp.size() > 1) {
                    for (String p : rp) {
                        out.add(RowFactory.create(key, p, lonelyO, folder, ErrorCode.DUPLICATE_KEY.code(), message));
                    }
                }
                if (op.size() > 1) {
                    for (String p : op) {
                        out.add(RowFactory.create(key, lonelyR, p, folder, ErrorCode.DUPLICATE_KEY.code(), message));
                    }
                }
            }
            return out.iterator();
        }

        private static List<String> paths(Row row, int i) {
            List<String> out = row.isNullAt(i) ? new ArrayList<>() : new ArrayList<>(row.getList(i));
            out.sort(null);
            return out;
        }

        private static String count(int n, String what) {
            return n + " " + what + (n == 1 ? "" : "s");
        }

        private static String names(List<String> paths) {
            List<String> names = new ArrayList<>();
            for (String p : paths) {
                names.add(p.substring(p.lastIndexOf('/') + 1));
            }
            return names.toString();
        }
    }
}
