package org.imgloss.job.config;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.function.Function;

/**
 * How the directories source gives each file its pairing key ({@code input.match}):
 * <ul>
 *   <li>{@code relative_path}: the path relative to its root folder, extension included
 *       ({@code a/b.png} pairs with {@code a/b.png});</li>
 *   <li>{@code stem}: that path without its last extension ({@code a/b.png} pairs with {@code a/b.tif});</li>
 *   <li>a pattern per side, {@code {reconstructions: "(?<key>.+)_recon", originals: "(?<key>.+)"}}: a Java
 *       regular expression that must match the whole relative path without its extension; its named
 *       group {@code key} is the key ({@code a/img_000_recon.png} pairs with {@code a/img_000.png}). A file
 *       that does not match has no key: it is a row with an error, never paired.</li>
 * </ul>
 *
 * @param kind            relative_path, stem or pattern
 * @param reconstructions (pattern) the reconstructions' regular expression
 * @param originals       (pattern) the originals' regular expression
 */
@JsonClassDescription("relative_path, stem, or a mapping {reconstructions: <regex>, originals: <regex>}")
public record PairMatch(Kind kind, String reconstructions, String originals) implements Serializable {

    /** The three forms. */
    public enum Kind { RELATIVE_PATH, STEM, PATTERN }

    public static final PairMatch RELATIVE_PATH = new PairMatch(Kind.RELATIVE_PATH, null, null);
    public static final PairMatch STEM = new PairMatch(Kind.STEM, null, null);

    /** The name of the key's group in a pattern. */
    public static final String KEY_GROUP = "key";

    /** {@code relative_path} or {@code stem}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static PairMatch named(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "relative_path" -> RELATIVE_PATH;
            case "stem" -> STEM;
            default -> throw new IllegalArgumentException("must be relative_path, stem or a mapping"
                    + " {reconstructions: <regex>, originals: <regex>} with a named group (?<key>...), got '" + name
                    + "'" + org.imgloss.metrics.NearestName.hint(n, List.of("relative_path", "stem")));
        };
    }

    /** The pattern form; each expression must compile and have the group {@code key}. */
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static PairMatch patterns(@JsonProperty("reconstructions") String reconstructions,
                              @JsonProperty("originals") String originals) throws ConfigException {
        List<String> problems = new ArrayList<>();
        check("reconstructions", reconstructions, problems);
        check("originals", originals, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new PairMatch(Kind.PATTERN, reconstructions, originals);
    }

    private static void check(String side, String regex, List<String> problems) {
        if (regex == null || regex.isEmpty()) {
            problems.add(side + ": required: a regular expression with a named group (?<key>...), e.g. \"(?<key>.+)_recon\"");
            return;
        }
        try {
            Pattern.compile(regex);
            if (!regex.contains("(?<" + KEY_GROUP + ">")) {
                problems.add(side + ": needs a named group (?<key>...) that captures the pairing key, got '" + regex + "'");
            }
        } catch (PatternSyntaxException e) {
            problems.add(side + ": not a regular expression (" + e.getDescription() + " near index " + e.getIndex()
                    + "), got '" + regex + "'");
        }
    }

    /**
     * The key of a file on one side, from its path relative to that side's folder; null when a pattern
     * does not match it (or its group is empty).
     */
    public String key(String relativePath, boolean reconstruction) {
        return keyer(reconstruction).apply(relativePath);
    }

    /** A reusable keyer for many files of one side (the pattern compiled once). */
    public Function<String, String> keyer(boolean reconstruction) {
        if (kind == Kind.RELATIVE_PATH) {
            return path -> path;
        }
        if (kind == Kind.STEM) {
            return PairMatch::withoutExtension;
        }
        Pattern p = Pattern.compile(reconstruction ? reconstructions : originals);
        return path -> {
            Matcher m = p.matcher(withoutExtension(path));
            String key = m.matches() ? m.group(KEY_GROUP) : null;
            return key == null || key.isEmpty() ? null : key;
        };
    }

    /** The relative path without its last extension ({@code a/b.png} → {@code a/b}; {@code a/.x} stays). */
    public static String withoutExtension(String relativePath) {
        int slash = relativePath.lastIndexOf('/');
        int dot = relativePath.lastIndexOf('.');
        return dot > slash + 1 ? relativePath.substring(0, dot) : relativePath;
    }

    /** As the config writes it: {@code stem}, or {@code {reconstructions: '...', originals: '...'}}. */
    public String configName() {
        return kind == Kind.PATTERN
                ? "{reconstructions: '" + reconstructions + "', originals: '" + originals + "'}"
                : kind.name().toLowerCase(Locale.ROOT);
    }
}
