package org.imgloss.job.source;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
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
import org.imgloss.job.config.PairMatch;
import org.imgloss.job.config.Secrets;

/**
 * Pairs two folder trees. Both are listed recursively on Spark's executors by {@link FolderListing}
 * (hidden files, e.g. {@code _SUCCESS} or {@code .DS_Store}, are skipped; symbolic links are followed, each
 * real folder listed once; an entry that cannot be listed is {@link UnreadableInput}); each file gets a key
 * there, its relative path ({@code match: relative_path}), that without the extension ({@code match: stem})
 * or the group {@code key} of a pattern per side (see {@link PairMatch}), and the files of both sides are
 * grouped by key in one Spark aggregation, moving paths only: the driver checks the two roots and never
 * holds a file name. {@link PairingReport} aggregates the same listing, for {@code imgloss validate}.
 *
 * <p>Carried column: {@code folder}, the key's parent folder ({@code ""} at the top), so that
 * {@code group_by: [folder]} summarises per sub-folder.
 *
 * <p>Every listed file appears in the pairs: a key found on one side only gives a
 * {@code MISSING_ORIGINAL} or {@code MISSING_RECONSTRUCTION} row; a key shared by several files on
 * one side gives a {@code DUPLICATE_KEY} row per file, never a silent pick; a file a pattern does not
 * match is a row of its own with the code of a missing other side.
 */
public final class DirectorySource implements PairSource {

    /** The carried column. */
    public static final String FOLDER = "folder";

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
        FolderListing.Listed listed = listing(spark, input);
        Dataset<Row> files = listed.files();
        // a file without a key (the pattern does not match it) is a group of its own
        Dataset<Row> pairs = files.groupBy(coalesce(col(PairColumns.KEY), concat(lit("\u0000"), col("uri"))))
                .agg(max(col(PairColumns.KEY)).as(PairColumns.KEY),
                        collect_list(when(col("reconstruction"), col("uri"))).as("r_paths"),
                        collect_list(when(not(col("reconstruction")), col("uri"))).as("o_paths"),
                        min(col("relative_path")).as("relative_path"))
                .select(PairColumns.KEY, "r_paths", "o_paths", "relative_path")
                .flatMap(new Pairing(input.match()), Encoders.row(PAIRS));
        return new Pairs(pairs, List.of(FOLDER), false, null, listed::unreadable);
    }

    /**
     * Both folders of a directories input, checked on the driver (each must exist and open) and listed
     * on the executors.
     *
     * @throws ConfigException naming each folder that does not exist
     */
    static FolderListing.Listed listing(SparkSession spark, InputConfig input) throws ConfigException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<String> errors = new ArrayList<>();
        String recon = root(input.reconstructions(), "input.reconstructions", conf, errors);
        String orig = root(input.originals(), "input.originals", conf, errors);
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return FolderListing.of(spark, new FolderListing.Root(recon, true), new FolderListing.Root(orig, false),
                input.match());
    }

    private static String root(String root, String field, Configuration conf, List<String> errors) {
        try {
            return HadoopFiles.listableRoot(root, conf);
        } catch (FileNotFoundException e) {
            errors.add(field + ": cannot read '" + Secrets.maskUserInfo(String.valueOf(root)) + "': no such folder");
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(Secrets.maskUserInfo("cannot list " + root + ": " + e.getMessage()), e);
        }
    }

    /** Turns one key's file lists into pair rows. */
    static final class Pairing implements FlatMapFunction<Row, Row> {

        private static final long serialVersionUID = 1L;
        private final PairMatch match;

        Pairing(PairMatch match) {
            this.match = match;
        }

        @Override
        public Iterator<Row> call(Row row) {
            List<String> rp = paths(row, 1);
            List<String> op = paths(row, 2);
            if (row.isNullAt(0)) {
                return List.of(unmatched(row.getString(3), rp.isEmpty() ? op.get(0) : rp.get(0), !rp.isEmpty()))
                        .iterator();
            }
            String key = row.getString(0);
            String folder = folder(key);
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

        /**
         * A file a pattern does not match, as a pair row of its own (key: its relative path), with the code of a
         * missing other side and a message naming the pattern: listed, never paired, never dropped.
         */
        private Row unmatched(String relativePath, String uri, boolean reconstruction) {
            String folder = folder(relativePath);
            String side = reconstruction ? "reconstructions" : "originals";
            String pattern = reconstruction ? match.reconstructions() : match.originals();
            String message = "'" + relativePath + "' does not match input.match." + side + " '" + pattern
                    + "', so it has no key";
            return reconstruction
                    ? RowFactory.create(relativePath, uri, null, folder, ErrorCode.MISSING_ORIGINAL.code(), message)
                    : RowFactory.create(relativePath, null, uri, folder, ErrorCode.MISSING_RECONSTRUCTION.code(), message);
        }

        private static String folder(String key) {
            int slash = key.lastIndexOf('/');
            return slash < 0 ? "" : key.substring(0, slash);
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
