package org.imgloss.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tests' golden data ({@code udf/src/test/resources/golden}) is an exact copy of the shared
 * golden folder, which lives beside the project ({@code shared/golden} next to the clone, as CI
 * checks it out): the same files, byte for byte. When this fails, copy the shared folder over the
 * project's copy (the message lists the files that differ) and run the golden tests.
 */
class GoldenCopyTest {

    /** The module's copy; tests run with the module folder ({@code udf/}) as working directory. */
    static final Path COPY = Path.of("src/test/resources/golden").toAbsolutePath();

    /** {@code shared/golden} beside the project root. */
    static final Path SHARED = Path.of("").toAbsolutePath().getParent().resolveSibling("shared").resolve("golden");

    @Test
    void copyEqualsTheSharedGoldenFolderByteForByte() throws IOException {
        assertTrue(Files.isDirectory(COPY), "the golden copy is missing: " + COPY);
        if (!Files.isDirectory(SHARED)) {
            fail("the shared golden folder is missing: " + SHARED + " (the tests expect shared/ beside the project"
                    + " root, as CI checks it out); without it the copy in " + COPY + " cannot be checked for drift");
        }
        SortedSet<String> copy = files(COPY);
        SortedSet<String> shared = files(SHARED);
        List<String> problems = new ArrayList<>();
        for (String f : copy) {
            if (!shared.contains(f)) {
                problems.add("only in the copy: " + f);
            } else if (!Arrays.equals(Files.readAllBytes(COPY.resolve(f)), Files.readAllBytes(SHARED.resolve(f)))) {
                problems.add("differs: " + f);
            }
        }
        for (String f : shared) {
            if (!copy.contains(f)) {
                problems.add("missing from the copy: " + f);
            }
        }
        assertTrue(copy.contains("expected.json") && copy.contains("metamer/expected.json"),
                "the copy lacks the expected values: " + copy.size() + " files");
        if (!problems.isEmpty()) {
            fail(problems.size() + " file(s) of " + COPY + " drifted from " + SHARED + ":\n  "
                    + String.join("\n  ", problems));
        }
    }

    /** Every regular file below {@code root}, as a relative path with '/' separators. */
    private static SortedSet<String> files(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            SortedSet<String> out = new TreeSet<>();
            all.filter(Files::isRegularFile).forEach(p -> out.add(root.relativize(p).toString().replace('\\', '/')));
            return out;
        }
    }
}
