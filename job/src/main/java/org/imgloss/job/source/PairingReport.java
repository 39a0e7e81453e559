package org.imgloss.job.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.apache.hadoop.conf.Configuration;
import org.imgloss.job.config.InputConfig;
import org.imgloss.job.config.PairMatch;

/**
 * How the files of two folders pair under {@code input.match}, worked out from the listings alone
 * (no Spark, no image read): files on each side, pairs found (keys with one file on each side), and
 * the unpaired files, up to {@value #EXAMPLES} of each side shown with the name of the other side
 * whose key is nearest (Levenshtein distance), which shows a suffix or a folder that keeps a layout
 * from pairing ({@code img_000_recon.png} nearest {@code img_000.png}).
 */
public final class PairingReport {

    /** Unpaired files shown per side. */
    public static final int EXAMPLES = 5;

    /** An unpaired file (relative path) and the other side's file whose key is nearest (null: none). */
    public record Unpaired(String path, String closest) {
    }

    private final PairMatch match;
    private final int reconstructions;
    private final int originals;
    private final int pairs;
    private final int duplicateFiles;
    private final int unpairedReconstructions;
    private final int unpairedOriginals;
    private final List<Unpaired> reconstructionExamples;
    private final List<Unpaired> originalExamples;

    /** Lists both folders of a directories input (recursively, hidden files skipped, as a run does). */
    public static PairingReport of(InputConfig input, Configuration conf) throws IOException {
        return of(relativePaths(input.reconstructions(), conf), relativePaths(input.originals(), conf), input.match());
    }

    /** The pairing of two listings of relative paths. */
    public static PairingReport of(List<String> reconstructions, List<String> originals, PairMatch match) {
        return new PairingReport(reconstructions, originals, match);
    }

    private PairingReport(List<String> recon, List<String> orig, PairMatch match) {
        this.match = match;
        this.reconstructions = recon.size();
        this.originals = orig.size();
        Map<String, List<String>> r = byKey(recon, match.keyer(true));
        Map<String, List<String>> o = byKey(orig, match.keyer(false));
        int found = 0;
        int duplicates = 0;
        for (Map.Entry<String, List<String>> e : r.entrySet()) {
            List<String> other = o.get(e.getKey());
            if (other != null && e.getValue().size() == 1 && other.size() == 1) {
                found++;
            } else if (other != null) {
                duplicates += e.getValue().size() + other.size();
            }
        }
        this.pairs = found;
        this.duplicateFiles = duplicates;
        List<String> rUnpaired = unpaired(recon, match.keyer(true), o);
        List<String> oUnpaired = unpaired(orig, match.keyer(false), r);
        this.unpairedReconstructions = rUnpaired.size();
        this.unpairedOriginals = oUnpaired.size();
        this.reconstructionExamples = examples(rUnpaired, match.keyer(true), o);
        this.originalExamples = examples(oUnpaired, match.keyer(false), r);
    }

    private static List<String> relativePaths(String root, Configuration conf) throws IOException {
        List<String> paths = new ArrayList<>();
        for (HadoopFiles.Listed f : HadoopFiles.listRecursively(root, conf).files()) {
            paths.add(f.relativePath());
        }
        paths.sort(null);
        return paths;
    }

    /** Files by key; files without a key (a pattern that does not match) are left out. */
    private static Map<String, List<String>> byKey(List<String> paths, Function<String, String> keyer) {
        Map<String, List<String>> byKey = new HashMap<>();
        for (String p : paths) {
            String key = keyer.apply(p);
            if (key != null) {
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
            }
        }
        return byKey;
    }

    /** Files whose key the other side lacks (or that have no key). */
    private static List<String> unpaired(List<String> paths, Function<String, String> keyer,
                                         Map<String, List<String>> other) {
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            String key = keyer.apply(p);
            if (key == null || !other.containsKey(key)) {
                out.add(p);
            }
        }
        out.sort(null);
        return out;
    }

    /** The first few unpaired files, each with the other side's file whose key is nearest to its key (or stem). */
    private static List<Unpaired> examples(List<String> unpaired, Function<String, String> keyer,
                                           Map<String, List<String>> other) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        List<Unpaired> out = new ArrayList<>();
        for (String p : unpaired.subList(0, Math.min(EXAMPLES, unpaired.size()))) {
            String key = keyer.apply(p);
            String mine = key == null ? PairMatch.withoutExtension(p) : key;
            String closest = null;
            int best = Integer.MAX_VALUE;
            for (Map.Entry<String, List<String>> e : other.entrySet()) {
                int d = distance.apply(mine, e.getKey());
                String name = e.getValue().get(0);
                if (d < best || d == best && name.compareTo(closest) < 0) {
                    best = d;
                    closest = name;
                }
            }
            out.add(new Unpaired(p, closest));
        }
        return out;
    }

    public int reconstructions() {
        return reconstructions;
    }

    public int originals() {
        return originals;
    }

    /** Keys with exactly one file on each side: the pairs a run scores. */
    public int pairs() {
        return pairs;
    }

    /** True when no file pairs: a run would score nothing. */
    public boolean nothingPairs() {
        return pairs == 0;
    }

    public int unpairedReconstructions() {
        return unpairedReconstructions;
    }

    public int unpairedOriginals() {
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

    private static void unpairedLines(List<String> lines, String side, int count, List<Unpaired> examples,
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
