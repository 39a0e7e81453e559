package org.imgloss.job.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.InputConfig;
import org.imgloss.job.config.PairMatch;

/**
 * How the files of two folders pair under {@code input.match}, worked out from their listing alone
 * (no image read): files on each side, pairs found (keys with one file on each side), and the unpaired
 * files, the first {@value #EXAMPLES} of each side (in path order) shown with the name of the other side
 * whose key is nearest (Levenshtein distance), which shows a suffix or a folder that keeps a layout
 * from pairing ({@code img_000_recon.png} nearest {@code img_000.png}).
 *
 * <p>The folders are listed on Spark's executors as a run lists them ({@link FolderListing}) and the
 * report is three passes over that listing, persisted: the keys counted per side (the pairs and the files
 * sharing a key summed), a {@link Tally} per task (files and unpaired files per side, and the first unpaired
 * names of each side: top {@value #EXAMPLES} per task, merged on the driver) and, per example, the nearest
 * name: the driver collects a few numbers and names per task, never a list of files. The nearest name is searched among every keyed file of
 * the other side, not a sample: each executor task keeps its nearest candidate per example (the
 * {@value #EXAMPLES} examples per side are shipped to it) and the driver picks among one candidate per
 * example and task, so the answer is the same as a search of the whole listing on one machine.
 */
public final class PairingReport {

    /** Unpaired files shown per side. */
    public static final int EXAMPLES = 5;

    /** An unpaired file (relative path) and the other side's file whose key is nearest (null: none). */
    public record Unpaired(String path, String closest) {
    }

    private final PairMatch match;
    private final long reconstructions;
    private final long originals;
    private final long pairs;
    private final long duplicateFiles;
    private final long unpairedReconstructions;
    private final long unpairedOriginals;
    private final List<Unpaired> reconstructionExamples;
    private final List<Unpaired> originalExamples;

    /**
     * Lists both folders of a directories input on the executors (recursively, hidden files skipped, as a
     * run does) and aggregates the pairing.
     *
     * @throws ConfigException naming a folder that does not exist
     */
    public static PairingReport of(SparkSession spark, InputConfig input) throws ConfigException {
        return of(DirectorySource.listing(spark, input).files(), input.match());
    }

    /** The pairing of a listing ({@link FolderListing#FILES} rows, keyed with {@code match}). */
    static PairingReport of(Dataset<Row> files, PairMatch match) {
        Dataset<Row> listed = files.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return new PairingReport(listed, match);
        } finally {
            listed.unpersist(false);
        }
    }

    private PairingReport(Dataset<Row> files, PairMatch match) {
        this.match = match;
        Column recon = col("reconstruction");
        Dataset<Row> perKey = files.filter(col(PairColumns.KEY).isNotNull()).groupBy(PairColumns.KEY)
                .agg(sum(when(recon, 1).otherwise(0)).as("rc"), sum(when(recon, 0).otherwise(1)).as("oc"));
        Column bothSides = col("rc").gt(0).and(col("oc").gt(0));
        Column onePair = col("rc").equalTo(1).and(col("oc").equalTo(1));
        Row keys = perKey.agg(count(when(onePair, lit(1))).as("pairs"),
                sum(when(bothSides.and(not(onePair)), col("rc").plus(col("oc"))).otherwise(0)).as("dups")).first();
        this.pairs = keys.getLong(0);
        this.duplicateFiles = keys.isNullAt(1) ? 0 : keys.getLong(1);

        Dataset<Row> flagged = files.join(perKey.withColumnRenamed(PairColumns.KEY, "k"),
                        files.col(PairColumns.KEY).equalTo(col("k")), "left")
                .withColumn("unpaired", col(PairColumns.KEY).isNull()
                        .or(when(recon, col("oc").equalTo(0)).otherwise(col("rc").equalTo(0))));
        Tally tally = new Tally();
        for (Tally t : flagged.select(recon, col("relative_path"), col(PairColumns.KEY), col("unpaired"))
                .javaRDD().mapPartitions(new TallyPerTask()).collect()) {
            tally.add(t);
        }
        this.reconstructions = tally.files[0];
        this.originals = tally.files[1];
        this.unpairedReconstructions = tally.unpaired[0];
        this.unpairedOriginals = tally.unpaired[1];
        List<Example> examples = new ArrayList<>(tally.first.get(0));
        examples.addAll(tally.first.get(1));
        List<Nearest> nearest = examples.isEmpty() ? List.of()
                : files.filter(col(PairColumns.KEY).isNotNull()).select(recon, col("relative_path"), col(PairColumns.KEY))
                .javaRDD().mapPartitions(new NearestPerTask(examples)).collect();
        this.reconstructionExamples = examplesOf(examples, nearest, true);
        this.originalExamples = examplesOf(examples, nearest, false);
    }

    /**
     * Files and unpaired files per side (0: reconstructions, 1: originals) and the first {@value #EXAMPLES}
     * unpaired files of each side in path order, of some tasks' files: tallies of tasks add up.
     */
    static final class Tally implements Serializable {
        private static final long serialVersionUID = 1L;
        final long[] files = new long[2];
        final long[] unpaired = new long[2];
        final List<List<Example>> first = List.of(new ArrayList<>(), new ArrayList<>());

        void add(boolean reconstruction, String path, String key, boolean isUnpaired) {
            int side = reconstruction ? 0 : 1;
            files[side]++;
            if (isUnpaired) {
                unpaired[side]++;
                keep(side, new Example(reconstruction, path, key == null ? PairMatch.withoutExtension(path) : key));
            }
        }

        void add(Tally other) {
            for (int side = 0; side < 2; side++) {
                files[side] += other.files[side];
                unpaired[side] += other.unpaired[side];
                for (Example e : other.first.get(side)) {
                    keep(side, e);
                }
            }
        }

        private void keep(int side, Example e) {
            List<Example> kept = first.get(side);
            if (kept.size() == EXAMPLES && e.path().compareTo(kept.get(EXAMPLES - 1).path()) >= 0) {
                return;
            }
            kept.add(e);
            kept.sort((a, b) -> a.path().compareTo(b.path()));
            if (kept.size() > EXAMPLES) {
                kept.remove(EXAMPLES);
            }
        }
    }

    /** One task's {@link Tally}. */
    static final class TallyPerTask implements FlatMapFunction<Iterator<Row>, Tally> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Tally> call(Iterator<Row> files) {
            Tally t = new Tally();
            while (files.hasNext()) {
                Row f = files.next();
                t.add(f.getBoolean(0), f.getString(1), f.isNullAt(2) ? null : f.getString(2), f.getBoolean(3));
            }
            return List.of(t).iterator();
        }
    }

    /** An unpaired file shown: its side, path and the text its nearest name is searched for (key, or stem). */
    record Example(boolean reconstruction, String path, String mine) implements Serializable {
    }

    /** The nearest name found for an example (by its index) in one task: distance, then name order. */
    record Nearest(int example, int distance, String name) implements Serializable {
        boolean beats(Nearest other) {
            return other == null || distance < other.distance
                    || distance == other.distance && name.compareTo(other.name) < 0;
        }
    }

    /** For each example, the nearest keyed file of the other side among one task's files. */
    static final class NearestPerTask implements FlatMapFunction<Iterator<Row>, Nearest> {
        private static final long serialVersionUID = 1L;
        private final List<Example> examples;

        NearestPerTask(List<Example> examples) {
            this.examples = List.copyOf(examples);
        }

        @Override
        public Iterator<Nearest> call(Iterator<Row> files) {
            LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
            Nearest[] best = new Nearest[examples.size()];
            while (files.hasNext()) {
                Row f = files.next();
                for (int i = 0; i < best.length; i++) {
                    Example e = examples.get(i);
                    if (e.reconstruction() != f.getBoolean(0)) {
                        Nearest n = new Nearest(i, distance.apply(e.mine(), f.getString(2)), f.getString(1));
                        if (n.beats(best[i])) {
                            best[i] = n;
                        }
                    }
                }
            }
            List<Nearest> out = new ArrayList<>();
            for (Nearest n : best) {
                if (n != null) {
                    out.add(n);
                }
            }
            return out.iterator();
        }
    }

    private static List<Unpaired> examplesOf(List<Example> examples, List<Nearest> nearest, boolean reconstruction) {
        Nearest[] best = new Nearest[examples.size()];
        for (Nearest n : nearest) {
            if (n.beats(best[n.example()])) {
                best[n.example()] = n;
            }
        }
        List<Unpaired> out = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            if (examples.get(i).reconstruction() == reconstruction) {
                out.add(new Unpaired(examples.get(i).path(), best[i] == null ? null : best[i].name()));
            }
        }
        return out;
    }

    public long reconstructions() {
        return reconstructions;
    }

    public long originals() {
        return originals;
    }

    /** Keys with exactly one file on each side: the pairs a run scores. */
    public long pairs() {
        return pairs;
    }

    /** True when no file pairs: a run would score nothing. */
    public boolean nothingPairs() {
        return pairs == 0;
    }

    public long unpairedReconstructions() {
        return unpairedReconstructions;
    }

    public long unpairedOriginals() {
        return unpairedOriginals;
    }

    public List<Unpaired> reconstructionExamples() {
        return reconstructionExamples;
    }

    public List<Unpaired> originalExamples() {
        return originalExamples;
    }

    /** The report as text lines, as {@code imgloss validate} prints it. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("pairing (input.match: " + match.configName() + "): " + reconstructions + " reconstruction(s), "
                + originals + " original(s), " + pairs + " pair(s)");
        if (duplicateFiles > 0) {
            lines.add("  " + duplicateFiles + " file(s) share a key with another file of their side (DUPLICATE_KEY rows)");
        }
        unpairedLines(lines, "reconstructions", unpairedReconstructions, reconstructionExamples, "original");
        unpairedLines(lines, "originals", unpairedOriginals, originalExamples, "reconstruction");
        return lines;
    }

    private static void unpairedLines(List<String> lines, String side, long count, List<Unpaired> examples,
                                      String otherSide) {
        if (count == 0) {
            return;
        }
        lines.add("  unpaired " + side + ": " + count + (count > examples.size() ? ", the first " + examples.size() : "")
                + " (with the nearest " + otherSide + "):");
        for (Unpaired u : examples) {
            lines.add("    " + u.path() + "  ~  " + (u.closest() == null ? "(no " + otherSide + ")" : u.closest()));
        }
    }
}
