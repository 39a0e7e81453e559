package org.imgloss.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The one rule for what is a credential, used for everything the job writes or prints: the runs table's
 * {@code config_yaml}, the config as the CLI shows it, error messages and path columns.
 *
 * <p>A setting is secret when one of its name's segments (split on {@code .}, {@code -}, {@code _},
 * case-insensitive) is one of {@link #SECRET_SEGMENTS}, when it matches Spark's default
 * {@code spark.redaction.regex}, or when it matches the {@code spark.redaction.regex} the config sets.
 * A URI's user-info ({@code s3a://ACCESS:SECRET@bucket/...}) is masked to {@code s3a://***@bucket/...}.
 */
public final class Secrets {

    /** What a secret value is replaced by, as Spark's UI shows it. */
    public static final String REDACTED = "*********(redacted)";

    /** Name segments that mark a setting as secret. */
    public static final Set<String> SECRET_SEGMENTS = Set.of("secret", "password", "passwd", "token", "credential",
            "credentials", "key", "sas", "private", "passphrase");

    /** Spark's default {@code spark.redaction.regex}. */
    public static final Pattern SPARK_DEFAULT_REGEX = Pattern.compile("(?i)secret|password|token|access[.]?key");

    /** The Spark setting naming further secret settings. */
    public static final String REDACTION_REGEX = "spark.redaction.regex";

    private static final Pattern SEGMENT_SPLIT = Pattern.compile("[._-]");
    /** {@code scheme://user-info@}: user-info holds no '/', whitespace, quotes or '@'. */
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/\\s@'\"?#]+@");
    /** {@code name=value} parameters of a URL ({@code ?a=b&c=d}, {@code ;a=b}). */
    private static final Pattern URL_PARAM = Pattern.compile("([?&;])([^=&;?#\\s]+)=([^&;#\\s]*)");

    private Secrets() {
    }

    /** Whether a setting of this name holds a secret (by its segments or Spark's default regex). */
    public static boolean isSecretKey(String key) {
        return isSecretKey(key, null);
    }

    /** As {@link #isSecretKey(String)}, also true when {@code redactionRegex} (if valid) is found in the name. */
    public static boolean isSecretKey(String key, String redactionRegex) {
        if (key == null) {
            return false;
        }
        for (String segment : SEGMENT_SPLIT.split(key)) {
            if (SECRET_SEGMENTS.contains(segment.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        if (SPARK_DEFAULT_REGEX.matcher(key).find()) {
            return true;
        }
        Pattern user = compile(redactionRegex);
        return user != null && user.matcher(key).find();
    }

    private static Pattern compile(String regex) {
        if (regex == null || regex.isBlank()) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    /**
     * The {@code spark.redaction.regex} a new Spark session gets, so that Spark's own UI, event log and logs
     * redact what this rule does: Spark's default, the segment rule and the config's own regex (if any).
     */
    public static String sparkRedactionRegex(String configured) {
        String segments = "(?i)(?:^|[._-])(?:" + String.join("|", new java.util.TreeSet<>(SECRET_SEGMENTS))
                + ")(?:$|[._-])";
        String regex = SPARK_DEFAULT_REGEX.pattern() + "|" + segments;
        return compile(configured) == null ? regex : regex + "|" + configured;
    }

    /**
     * A copy of a config tree with every credential out of it: values of secret {@code spark.conf} settings
     * redacted (with the config's own {@code spark.redaction.regex}), secret parameters of
     * {@code output.jdbc.url} masked, and the user-info of every URI in a text value masked.
     */
    public static ObjectNode redact(ObjectNode root) {
        ObjectNode copy = root.deepCopy();
        if (copy.path("spark").path("conf") instanceof ObjectNode conf) {
            String regex = conf.path(REDACTION_REGEX).isValueNode() ? conf.path(REDACTION_REGEX).asText() : null;
            List<String> names = new ArrayList<>();
            conf.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                if (isSecretKey(n, regex)) {
                    conf.put(n, REDACTED);
                }
            }
        }
        if (copy.path("output").path("jdbc") instanceof ObjectNode jdbc && jdbc.path("url").isTextual()) {
            jdbc.put("url", JdbcConfig.maskUrl(jdbc.path("url").asText()));
        }
        maskTexts(copy);
        return copy;
    }

    private static void maskTexts(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                JsonNode v = o.get(n);
                if (v.isTextual()) {
                    o.put(n, maskUserInfo(v.asText()));
                } else {
                    maskTexts(v);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) {
                    a.set(i, a.textNode(maskUserInfo(a.get(i).asText())));
                } else {
                    maskTexts(a.get(i));
                }
            }
        }
    }

    /** {@code text} (a path, a URL or a message) with the user-info of every URI in it masked. */
    public static String maskUserInfo(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        return USER_INFO.matcher(text).replaceAll("$1***@");
    }

    /** A URL with the values of its secret parameters ({@code password=}, {@code sslkey=}, ...) masked. */
    public static String maskUrlParameters(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = URL_PARAM.matcher(url);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String replacement = isSecretKey(m.group(2)) ? m.group(1) + m.group(2) + "=***" : m.group();
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The Java regex Spark applies to column values to mask user-info: for Spark's {@code regexp_replace}. */
    public static final String USER_INFO_REGEX = USER_INFO.pattern();

    /** The replacement for {@link #USER_INFO_REGEX} in Spark's {@code regexp_replace}. */
    public static final String USER_INFO_REPLACEMENT = "$1***@";
}
