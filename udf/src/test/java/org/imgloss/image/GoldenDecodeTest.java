package org.imgloss.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden pairs decode to the shapes and values {@code expected.json} was computed from: every
 * PNG has its case's shape and bit depth, each SAR TIFF equals its {@code .npy} twin exactly, and a
 * naive MSE over the decoded pair reproduces the golden {@code unit} MSE (which proves the scaling).
 */
class GoldenDecodeTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode expected() {
        try (InputStream in = resource("golden/expected.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static InputStream resource(String path) {
        InputStream in = GoldenDecodeTest.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + path);
        }
        return in;
    }

    static byte[] bytes(String goldenRelative) {
        try (InputStream in = resource("golden/" + goldenRelative)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<JsonNode> cases(String kind) {
        List<JsonNode> out = new ArrayList<>();
        expected().get("cases").forEach(c -> {
            if (c.get("kind").asText().equals(kind)) {
                out.add(c);
            }
        });
        return out.stream();
    }

    static Stream<JsonNode> naturalCases() {
        return cases("natural");
    }

    static Stream<JsonNode> sarCases() {
        return cases("sar");
    }

    /**
     * MSE as the golden values define it for colour (mean of the per-channel MSEs), with a naive loop
     * and compensated (Neumaier) summation so that summation order cannot cost more than ~1e-15.
     */
    static double naiveMse(Image a, Image b) {
        double total = 0;
        for (int c = 0; c < a.channels(); c++) {
            double sum = 0;
            double comp = 0;
            for (int y = 0; y < a.height(); y++) {
                for (int x = 0; x < a.width(); x++) {
                    double d = a.get(c, y, x) - b.get(c, y, x);
                    double t = sum + d * d;
                    comp += Math.abs(sum) >= d * d ? (sum - t) + d * d : (d * d - t) + sum;
                    sum = t;
                }
            }
            total += (sum + comp) / ((double) a.width() * a.height());
        }
        return total / a.channels();
    }

    static void assertRelative(double expected, double actual, double rel, String what) {
        double tol = rel * Math.max(Math.abs(expected), Double.MIN_NORMAL);
        assertEquals(expected, actual, tol, what);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("naturalCases")
    void naturalPngsHaveTheirShapeAndUnitMse(JsonNode c) throws Exception {
        String id = c.get("id").asText();
        JsonNode shape = c.get("shape");
        int h = shape.get(0).asInt();
        int w = shape.get(1).asInt();
        int ch = shape.size() == 3 ? shape.get(2).asInt() : 1;
        Image orig = ImageDecoder.decode(bytes(c.get("files").get("orig").asText()), DecodeOptions.DEFAULT);
        Image recon = ImageDecoder.decode(bytes(c.get("files").get("recon").asText()), DecodeOptions.DEFAULT);
        for (Image img : new Image[] {orig, recon}) {
            assertEquals(h, img.height(), id);
            assertEquals(w, img.width(), id);
            assertEquals(ch, img.channels(), id);
            assertEquals(c.get("bit_depth").asInt(), img.bitDepth(), id);
            assertEquals(Image.SampleFormat.UNSIGNED_INT, img.sampleFormat(), id);
        }
        JsonNode mse = c.get("domains").get("unit").get("values").get("mse");
        assertRelative(mse.asDouble(), naiveMse(recon, orig), 1e-12, id + " unit mse");
        ImageHeader header = ImageProbe.probe(bytes(c.get("files").get("orig").asText()));
        assertEquals(new ImageHeader(ImageFormat.PNG, w, h, ch, c.get("bit_depth").asInt(),
                Image.SampleFormat.UNSIGNED_INT), header, id);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sarCases")
    void sarTiffsEqualTheirNpyTwins(JsonNode c) throws Exception {
        String id = c.get("id").asText();
        JsonNode files = c.get("files");
        for (String side : new String[] {"orig", "recon"}) {
            Image tif = ImageDecoder.decode(bytes(files.get(side).asText()), DecodeOptions.DEFAULT);
            Image npy = ImageDecoder.decode(bytes(files.get(side + "_npy").asText()), DecodeOptions.DEFAULT);
            assertEquals(192, tif.height(), id);
            assertEquals(256, tif.width(), id);
            assertEquals(1, tif.channels(), id);
            assertEquals(32, tif.bitDepth(), id);
            assertEquals(Image.SampleFormat.FLOAT, tif.sampleFormat(), id);
            assertArrayEquals(npy.plane(0), tif.plane(0), 0.0, id + " " + side);
            assertEquals(npy, tif, id + " " + side);
            // the SAR data leaves [0, 1]: the float samples must not have been clamped
            double[] range = PairTransforms.minMax(tif);
            assertTrue(range[1] > 1.0, id + " max " + range[1]);
        }
        Image orig = ImageDecoder.decode(bytes(files.get("orig").asText()), DecodeOptions.DEFAULT);
        JsonNode lin = c.get("domain_params").get("linear_minmax");
        double[] range = PairTransforms.minMax(orig);
        assertEquals(lin.get("lo").asDouble(), range[0], 0.0, id + " lo");
        assertEquals(lin.get("hi").asDouble(), range[1], 0.0, id + " hi");
        Image mask = ImageDecoder.decode(bytes(files.get("homogeneous_mask").asText()), DecodeOptions.DEFAULT);
        assertEquals(1, mask.channels(), id + " mask");
        assertFalse(mask.width() != 256 || mask.height() != 192, id + " mask shape");
    }
}
