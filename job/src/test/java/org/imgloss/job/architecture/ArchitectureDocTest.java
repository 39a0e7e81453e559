package org.imgloss.job.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/ARCHITECTURE.md names every package of the code, and nothing that isn't there: every
 * package with main sources in any module is named, and every {@code org.imgloss...} package the
 * page names exists (as main or test sources).
 */
class ArchitectureDocTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern PACKAGE = Pattern.compile("\\borg\\.imgloss(?:\\.[a-z][a-z0-9]*)*");

    @Test
    void namesEveryPackageAndNothingElse() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/ARCHITECTURE.md"));
        Set<String> named = new TreeSet<>();
        Matcher m = PACKAGE.matcher(doc);
        while (m.find()) {
            named.add(m.group());
        }
        Set<String> main = packages("main");
        Set<String> all = new TreeSet<>(main);
        all.addAll(packages("test"));
        assertTrue(main.size() > 10, "found the modules' sources under " + ROOT + ": " + main);

        Set<String> unnamed = new TreeSet<>(main);
        unnamed.removeAll(named);
        assertEquals(Set.of(), unnamed, "packages missing from docs/ARCHITECTURE.md");
        Set<String> unknown = new TreeSet<>(named);
        unknown.removeAll(all);
        unknown.remove("org.imgloss"); // the root, named when the page speaks of the whole tree
        assertEquals(Set.of(), unknown, "docs/ARCHITECTURE.md names packages that do not exist");
    }

    /** Packages that hold at least one .java file under {@code <module>/src/<kind>/java}. */
    private static Set<String> packages(String kind) throws IOException {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path module : modules.toList()) {
                Path src = module.resolve("src").resolve(kind).resolve("java");
                if (!Files.isDirectory(src)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(src)) {
                    files.filter(f -> f.toString().endsWith(".java"))
                            .map(f -> src.relativize(f.getParent()).toString().replace('/', '.'))
                            .filter(p -> p.startsWith("org.imgloss"))
                            .forEach(found::add);
                }
            }
        }
        return found;
    }
}
