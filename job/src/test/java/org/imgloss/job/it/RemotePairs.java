package org.imgloss.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.DecodeOptions;
import org.imgloss.job.TestImages;
import org.imgloss.job.cli.ImglossCommand;
import org.imgloss.job.source.PairColumns;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.scoring.PairScore;
import org.imgloss.scoring.PairScoring;
import picocli.CommandLine;

/**
 * A small pair dataset for the remote file system tests: good pairs, identical images, a corrupt
 * reconstruction, a file name with a space, and one file without its counterpart on each side. The
 * bytes are kept, so that the job's scores can be compared with scoring the same bytes locally.
 */
final class RemotePairs {

    /** The metrics every remote run configures (plain names, catalogue defaults). */
    static final List<String> METRICS = List.of("psnr", "mse", "mae");

    /** Relative path to reconstruction bytes ({@code null}: no reconstruction with that key). */
    final Map<String, byte[]> recon = new LinkedHashMap<>();
    /** Relative path to original bytes ({@code null}: no original with that key). */
    final Map<String, byte[]> orig = new LinkedHashMap<>();

    RemotePairs() {
        int[] p1 = TestImages.base(21);
        int[] p2 = TestImages.base(22);
        int[] p3 = TestImages.base(23);
        int[] p4 = TestImages.base(24);
        put("a/p1.png", TestImages.png(TestImages.noisy(p1, 5, 1)), TestImages.png(p1));
        put("a/p2.png", TestImages.png(TestImages.noisy(p2, 20, 2)), TestImages.png(p2));
        put("b/identical.png", TestImages.png(p3), TestImages.png(p3));
        put("b/with space.png", TestImages.png(TestImages.noisy(p4, 9, 4)), TestImages.png(p4));
        put("b/corrupt.png", TestImages.corruptPng(p2), TestImages.png(p2));
        put("b/only_recon.png", TestImages.png(p1), null);
        put("b/only_orig.png", null, TestImages.png(p2));
    }

    private void put(String key, byte[] r, byte[] o) {
        recon.put(key, r);
        orig.put(key, o);
    }

    int size() {
        return recon.size();
    }

    /** The error code the job must give each key, {@code null} for a scored pair. */
    static String expectedCode(String key) {
        return switch (key) {
            case "b/corrupt.png" -> "UNDECODABLE";
            case "b/only_recon.png" -> ErrorCode.MISSING_ORIGINAL.code();
            case "b/only_orig.png" -> ErrorCode.MISSING_RECONSTRUCTION.code();
            default -> null;
        };
    }

    /** Uploads both sides under {@code root + "/recon"} and {@code root + "/orig"}, plus a {@code _SUCCESS} marker. */
    void upload(FileSystem fs, String root) throws IOException {
        for (Map.Entry<String, byte[]> e : recon.entrySet()) {
            if (e.getValue() != null) {
                write(fs, root + "/recon/" + e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<String, byte[]> e : orig.entrySet()) {
            if (e.getValue() != null) {
                write(fs, root + "/orig/" + e.getKey(), e.getValue());
            }
        }
        write(fs, root + "/recon/_SUCCESS", new byte[0]);
    }

    /**
     * A manifest CSV for the same files, with paths relative to its folder ({@code root}) and a
     * carried {@code model} column; a pair without an original has an empty cell.
     */
    void uploadManifest(FileSystem fs, String root) throws IOException {
        StringBuilder csv = new StringBuilder("key,reconstruction,original,model\n");
        for (String key : recon.keySet()) {
            csv.append(key).append(',')
                    .append(recon.get(key) == null ? "" : "recon/" + key).append(',')
                    .append(orig.get(key) == null ? "" : "orig/" + key).append(',')
                    .append(key.startsWith("a/") ? "unet" : "vae").append('\n');
        }
        write(fs, root + "/manifest.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    static void write(FileSystem fs, String uri, byte[] bytes) throws IOException {
        try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(uri), true)) {
            out.write(bytes);
        }
    }

    /** What {@code imgloss run} printed and returned. */
    record Cli(int exitCode, String out, String err) {
        String describe() {
            return "exit " + exitCode + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    /** Runs {@code imgloss run CONFIG} in-process through the picocli command, as {@code Main} does. */
    static Cli run(Path config, String... extra) {
        return run(config.toString(), extra);
    }

    /** Runs {@code imgloss run LOCATION}: a local file or a Hadoop path ({@code hdfs://...}, {@code file:/...}). */
    static Cli run(String config, String... extra) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ImglossCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("run", config, "--progress-seconds", "0"));
        args.addAll(List.of(extra));
        int code = cl.execute(args.toArray(new String[0]));
        return new Cli(code, out.toString(), err.toString());
    }

    static Path writeConfig(Path dir, String fileName, String yaml) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(fileName), yaml);
    }

    /**
     * Checks a run's scores: one row per key, the expected error codes, both paths as URIs on the
     * remote file system, and every metric value equal to scoring the same bytes locally with the
     * same metrics and decode defaults.
     *
     * @param pathPrefix what every reconstruction and original path must start with
     */
    void assertScores(List<Row> rows, String pathPrefix) {
        Map<String, Row> byKey = new HashMap<>();
        for (Row r : rows) {
            assertNull(byKey.put(r.getAs("key"), r), "two rows for key " + r.getAs("key"));
        }
        assertEquals(recon.keySet(), byKey.keySet(), "one row per pair, nothing else");
        List<MetricSpec> specs = new ArrayList<>();
        for (String m : METRICS) {
            specs.add(MetricSpec.of(m));
        }
        PairScoring local = new PairScoring(specs, DecodeOptions.DEFAULT);
        for (String key : recon.keySet()) {
            Row row = byKey.get(key);
            String where = key + ": " + row;
            assertEquals(expectedCode(key), row.getAs("error_code"), where);
            String rp = row.getAs(PairColumns.RECONSTRUCTION_PATH);
            String op = row.getAs(PairColumns.ORIGINAL_PATH);
            if (recon.get(key) != null) {
                assertTrue(rp.startsWith(pathPrefix), where);
                assertTrue(rp.endsWith(key.substring(key.lastIndexOf('/') + 1)), where);
            } else {
                assertNull(rp, where);
            }
            if (orig.get(key) != null) {
                assertTrue(op.startsWith(pathPrefix), where);
            } else {
                assertNull(op, where);
            }
            if (recon.get(key) == null || orig.get(key) == null) {
                assertNotNull(row.getAs("error_message"), where);
                for (String m : METRICS) {
                    assertNull(row.getAs(m), where);
                }
                continue;
            }
            PairScore expected = local.score(recon.get(key), orig.get(key));
            assertEquals(ErrorCode.codeOf(expected.errorCode()), row.getAs("error_code"), where);
            if (expected.failed()) {
                assertTrue(((String) row.getAs("error_message")).contains("reconstruction"), where);
                assertNull(row.getAs("width"), where);
                continue;
            }
            assertEquals(TestImages.W, (int) row.getAs("width"), where);
            assertEquals(TestImages.H, (int) row.getAs("height"), where);
            assertEquals(expected.channels(), row.getAs("channels"), where);
            for (String m : METRICS) {
                Double want = expected.values().get(m);
                assertNotNull(want, where + " local " + m);
                // the same bytes, the same code: bit-identical, not merely close
                assertEquals(want, (Double) row.getAs(m), where + " " + m);
            }
        }
        Row identical = byKey.get("b/identical.png");
        assertEquals(0.0, (double) identical.getAs("mse"));
        assertEquals(Double.POSITIVE_INFINITY, (double) identical.getAs("psnr"));
    }
}
