package org.imgloss.job.source;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.imgloss.job.config.PairMatch;
import org.imgloss.job.config.Secrets;

/**
 * The files of two folder trees (reconstructions and originals) as a Dataset listed on Spark's executors,
 * each file with its key: the driver never holds the listing. The Dataset is lazy: its two partitions, one
 * per root, are listed by the tasks of the first Spark job that reads it (a run's costing job), so listing
 * adds no job of its own. Each task walks its tree with {@link HadoopFiles#listRecursively} (level by level,
 * {@value HadoopFiles#LISTING_THREADS} folders at once, hidden entries skipped, links followed, each real
 * folder once) and keys each file with {@code input.match} as it goes.
 *
 * <p>Why not a task per folder: that needs a Spark job per folder level, planned from the driver; most
 * folder trees are one or two levels of many files, which one task lists as fast as many would, and a
 * run's job count stays the same as with a driver listing. Entries that cannot be listed reach the driver
 * through an accumulator ({@link #unreadable}), which a re-run task may report twice: they are deduplicated.
 */
final class FolderListing {

    /** A listed file: its side, full URI, path relative to its root, and key (null: the pattern does not match). */
    static final StructType FILES = new StructType()
            .add("reconstruction", DataTypes.BooleanType, false)
            .add("uri", DataTypes.StringType, false)
            .add("relative_path", DataTypes.StringType, false)
            .add(PairColumns.KEY, DataTypes.StringType, true);

    /** The accumulator of files listed, which Spark's UI and listeners show per task. */
    static final String FILES_LISTED = "imgloss files listed";

    private FolderListing() {
    }

    /** One root to list: its full URI (checked by {@link HadoopFiles#listableRoot}) and its side. */
    record Root(String uri, boolean reconstruction) implements Serializable {
    }

    /** The listing and where its unreadable entries go. */
    record Listed(Dataset<Row> files, CollectionAccumulator<UnreadableInput> unreadableFound) {

        /** The entries that could not be listed, once the files have been computed; sorted, each once. */
        List<UnreadableInput> unreadable() {
            TreeSet<UnreadableInput> each = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
            each.addAll(unreadableFound.value());
            return List.copyOf(each);
        }
    }

    /** The files under both roots, keyed with {@code match}, as a Dataset of {@link #FILES} rows. */
    static Listed of(SparkSession spark, Root reconstructions, Root originals, PairMatch match) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableConfiguration> conf =
                jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        CollectionAccumulator<UnreadableInput> unreadable =
                spark.sparkContext().collectionAccumulator("imgloss unreadable input");
        LongAccumulator listed = spark.sparkContext().longAccumulator(FILES_LISTED);
        var rows = jsc.parallelize(List.of(reconstructions, originals), 2)
                .flatMap(new ListRoot(conf, match, unreadable, listed))
                .setName("imgloss listing of " + reconstructions.uri() + " and " + originals.uri());
        return new Listed(spark.createDataFrame(rows, FILES), unreadable);
    }

    /** Lists one root on an executor and keys its files. */
    static final class ListRoot implements FlatMapFunction<Root, Row> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<SerializableConfiguration> conf;
        private final PairMatch match;
        private final CollectionAccumulator<UnreadableInput> unreadable;
        private final LongAccumulator listed;

        ListRoot(Broadcast<SerializableConfiguration> conf, PairMatch match,
                 CollectionAccumulator<UnreadableInput> unreadable, LongAccumulator listed) {
            this.conf = conf;
            this.match = match;
            this.unreadable = unreadable;
            this.listed = listed;
        }

        @Override
        public Iterator<Row> call(Root root) {
            HadoopFiles.Listing listing;
            try {
                listing = HadoopFiles.listRecursively(root.uri(), conf.value().value());
            } catch (IOException e) {
                throw new UncheckedIOException(Secrets.maskUserInfo("cannot list " + root.uri() + ": " + e.getMessage()), e);
            }
            listing.unreadable().forEach(unreadable::add);
            listed.add(listing.files().size());
            Function<String, String> keyer = match.keyer(root.reconstruction());
            Iterator<HadoopFiles.Listed> files = listing.files().iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return files.hasNext();
                }

                @Override
                public Row next() {
                    HadoopFiles.Listed f = files.next();
                    return RowFactory.create(root.reconstruction(), f.uri(), f.relativePath(),
                            keyer.apply(f.relativePath()));
                }
            };
        }
    }
}
