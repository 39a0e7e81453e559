package org.imgloss.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's examples: each is the fenced block right after a marker line
 * {@code <!-- example: NAME -->}, so a rewrite of the README keeps them findable. The names:
 * {@code cli}, {@code spark-submit}, {@code sql}, {@code dataframe}, {@code pyspark}, {@code notebooks}.
 * ({@code .ci/readme-example NAME} prints one for the CI script.)
 */
public final class ReadmeExamples {

    public static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private ReadmeExamples() {
    }

    /** The code of the example NAME (without its fences); fails when the README has not exactly one. */
    public static String example(String name) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<!-- example: " + Pattern.quote(name) + " -->\\n\\s*```\\w*\\n(.*?)\\n```",
                Pattern.DOTALL).matcher(readme);
        if (!m.find()) {
            throw new AssertionError("README.md has no example '" + name + "' (a line <!-- example: " + name
                    + " --> before its fenced block)");
        }
        String code = m.group(1);
        if (m.find()) {
            throw new AssertionError("README.md has two examples '" + name + "'");
        }
        return code;
    }

    /**
     * The example with its relative {@code data-samples/} paths made absolute: the README's examples
     * run from the repository root, a test's JVM runs in {@code job/}.
     */
    public static String fromRoot(String code) {
        return code.replaceAll("([\"'`])data-samples/", "$1" + Matcher.quoteReplacement(ROOT.toString()) + "/data-samples/");
    }
}
