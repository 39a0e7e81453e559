package org.imgloss.job.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.imgloss.job.cli.CliRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile configs: a huge file or scalar is rejected before it is parsed, numbers that do not fit are
 * errors naming the field and the range, YAML aliases never read as their anchor's name, {@code .nan}
 * is a problem of its field, and the Spark master URL is checked for its form.
 */
class ConfigLimitsTest {

    @TempDir
    Path dir;
    private ConfigLoader loader;

    @BeforeEach
    void folders() throws IOException {
        Files.createDirectories(dir.resolve("recon"));
        Files.createDirectories(dir.resolve("orig"));
        loader = new ConfigLoader(dir, Instant.parse("2026-12-05T00:00:00Z"));
    }

    private static final String VALID = """
            name: sample
            input:
              type: directories
              reconstructions: recon
              originals: orig
            metrics: [psnr]
            output:
              path: out
            """;

    private List<String> errors(String yaml, String... overrides) {
        return assertThrows(ConfigException.class, () -> loader.parse(yaml, List.of(overrides))).errors();
    }

    private static void assertHas(List<String> errors, String expected) {
        assertTrue(errors.contains(expected), "expected <" + expected + "> in " + errors);
    }

    private static void assertHasPrefix(List<String> errors, String prefix) {
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(prefix)), "expected <" + prefix + "...> in " + errors);
    }

    @Test
    void aFileOverTheSizeLimitIsRejectedBeforeItIsParsed() throws IOException {
        Path big = dir.resolve("big.yaml");
        try (Writer w = Files.newBufferedWriter(big)) {
            w.write("name: \"");
            char[] chunk = new char[1 << 20];
            java.util.Arrays.fill(chunk, 'a');
            for (int i = 0; i < 50; i++) {
                w.write(chunk);
            }
            w.write("\"\n");
        }
        String expected = "config: '" + big + "' is " + Files.size(big) + " bytes; a config may have at most "
                + ConfigLoader.MAX_CONFIG_BYTES + " bytes (1 MiB)";
        ConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(ConfigException.class, () -> loader.load(big, List.of())));
        assertEquals(List.of(expected), e.errors());
        CliRun.of("validate", dir.resolve("absent.yaml").toString()); // the CLI's classes loaded: time the check only
        CliRun v = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> CliRun.of("validate", big.toString()));
        assertEquals(2, v.exitCode(), v.err());
        assertTrue(v.err().contains(expected), v.err());
    }

    @Test
    void aScalarOverTheLengthLimitIsAProblemOfItsField() {
        // a plain value over two lines (folded into one, with a space): each line is short enough, the value not
        String half = "x".repeat(ConfigLoader.MAX_SCALAR_CHARS / 2 + 1);
        List<String> e = errors(VALID.replace("path: out", "path: " + half + "\n    " + half), "input.decode.eps=abc");
        assertHas(e, "output.path: a text of " + (2 * half.length() + 1) + " characters; at most "
                + ConfigLoader.MAX_SCALAR_CHARS + " are allowed");
        assertHas(e, "input.decode.eps: must be a number, got 'abc'"); // the other problems are still listed
    }

    /** One quoted value of almost 1 MiB on one line: refused before the YAML parser scans it. */
    @Test
    void aLineLongerThanAValueMayBeIsRefusedBeforeParsing() throws IOException {
        Path file = Files.writeString(dir.resolve("long.yaml"), VALID.replace("name: sample",
                "name: \"" + "a".repeat(1_000_000) + "\""));
        List<String> e = assertThrows(ConfigException.class, () -> loader.load(file, List.of())).errors();
        assertEquals(List.of("config: line 1 has 1000008 characters; a line may have at most "
                + ConfigLoader.MAX_SCALAR_CHARS + " (a longer value cannot be valid)"), e);
    }

    @Test
    void integersThatDoNotFitAreErrorsNamingTheRange() {
        String range = "must be an integer from 1 to 9223372036854775807";
        assertHas(errors(VALID, "input.decode.max_pixels=18446744073709551621"),
                "input.decode.max_pixels: " + range + ", got 18446744073709551621");
        assertHasPrefix(errors(VALID, "input.decode.max_pixels=1e30"), "input.decode.max_pixels: " + range + ", got 1");
        String inFile = VALID.replace("type: directories", "type: directories\n  decode: {max_pixels: 1e30}");
        assertHasPrefix(errors(inFile), "input.decode.max_pixels: " + range + ", got 1");
        String huge = VALID.replace("type: directories",
                "type: directories\n  decode: {max_pixels: 18446744073709551621}");
        assertHas(errors(huge), "input.decode.max_pixels: " + range + ", got 18446744073709551621");
    }

    @Test
    void aliasesNeverReadAsTheAnchorName() {
        String yaml = VALID.replace("name: sample", "name: &nm sample").replace("path: out", "path: *nm");
        List<String> e = errors(yaml);
        assertHas(e, "output.path: YAML aliases are not supported (*nm); write the value itself");
    }

    @Test
    void nanIsAProblemOfItsFieldAndTheOthersAreStillListed() {
        String yaml = VALID.replace("type: directories", "type: directories\n  decode: {eps: .nan}");
        List<String> e = errors(yaml, "output.format=xml");
        assertHas(e, "input.decode.eps: must be a finite number >= 0, got NaN");
        assertHasPrefix(e, "output.format: ");
    }

    @Test
    void sparkMasterFormIsChecked() throws ConfigException {
        assertHasPrefix(errors(VALID, "spark.master=local[0]"), "spark.master: 'local[0]' is not a Spark master URL");
        assertHasPrefix(errors(VALID, "spark.master=locl"), "spark.master: 'locl' is not a Spark master URL");
        assertHasPrefix(errors(VALID, "spark.master=local[2,0]"), "spark.master: 'local[2,0]' is not");
        for (String ok : List.of("local", "local[*]", "local[4]", "local[4,2]", "local[*,3]", "spark://h:7077",
                "spark://a:7077,b:7077", "yarn", "k8s://https://h:6443", "mesos://h:5050")) {
            assertEquals(ok, loader.parse(VALID, List.of("spark.master=" + ok)).spark().master(), ok);
        }
    }
}
