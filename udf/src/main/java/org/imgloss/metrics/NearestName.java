package org.imgloss.metrics;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * "Did you mean": the known name nearest to a mistyped one, by edit distance (Apache Commons Text's
 * Levenshtein distance, case-insensitive, {@code -} and {@code _} alike), when it is close enough to be
 * a typo: at most 2 edits (1 for a name of up to 3 letters) ({@code ssmi} → {@code ssim},
 * {@code ms-ssim} → {@code ms_ssim}, {@code outputs} → {@code output}).
 */
public final class NearestName {

    private NearestName() {
    }

    /** The nearest known name, if one is a likely typo of {@code given}. */
    public static Optional<String> of(String given, Collection<String> known) {
        if (given == null || given.isBlank()) {
            return Optional.empty();
        }
        String g = normal(given);
        int limit = g.length() <= 3 ? 1 : 2;
        LevenshteinDistance distance = new LevenshteinDistance(limit);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance.apply(g, normal(k));
            if (d >= 0 && d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code "; did you mean 'ssim'?"} (to end a message), or empty text when no known name is near. */
    public static String hint(String given, Collection<String> known) {
        return of(given, known).map(n -> "; did you mean '" + n + "'?").orElse("");
    }

    private static String normal(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    }
}
