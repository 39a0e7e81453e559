package org.imgloss.metrics.metamer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.imgloss.image.Image;

/**
 * Test access to {@code golden/metamer} (a copy of {@code shared/golden/metamer}): expected.json,
 * the 8-bit RGB inputs decoded as uint8/255 (as the golden values were made) and the float32
 * metamers stored as .npy. A tiny PNG path through javax.imageio and a tiny .npy reader keep these
 * tests independent of the image decoder.
 */
final class MetamerGolden {

    private static final String ROOT = "/golden/metamer/";
    private static JsonNode expected;
    private static final Map<String, Image> IMAGES = new HashMap<>();

    private MetamerGolden() {
    }

    static synchronized JsonNode expected() {
        if (expected == null) {
            try (InputStream in = open("expected.json")) {
                expected = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return expected;
    }

    /**
     * The one {@code metameric_loss} row for this pair and these settings (the other parameters at
     * odak's defaults).
     */
    static JsonNode metamericRow(String image, String target, String mode, int nOrientations, double alpha,
            boolean l2FovealLoss, double gx, double gy) {
        return single("metameric_loss", row -> row.get("image").asText().equals(image)
                && row.get("target").asText().equals(target) && row.get("mode").asText().equals(mode)
                && row.get("n_orientations").asInt() == nOrientations && row.get("alpha").asDouble() == alpha
                && row.get("use_l2_foveal_loss").asBoolean() == l2FovealLoss && gaze(row, gx, gy),
                image + " vs " + target + " " + mode + " n=" + nOrientations + " alpha=" + alpha + " l2="
                        + l2FovealLoss + " gaze=" + gx + "," + gy);
    }

    /** The one {@code metamer_mse_loss} row for this clean target, n_orientations, α and gaze. */
    static JsonNode metamerMseRow(String target, int nOrientations, double alpha, double gx, double gy) {
        return single("metamer_mse_loss", row -> !row.has("error") && row.get("target").asText().equals(target)
                && row.get("n_orientations").asInt() == nOrientations && row.get("alpha").asDouble() == alpha
                && gaze(row, gx, gy), target + " n=" + nOrientations + " alpha=" + alpha + " gaze=" + gx + "," + gy);
    }

    private static boolean gaze(JsonNode row, double gx, double gy) {
        return row.get("gaze").get(0).asDouble() == gx && row.get("gaze").get(1).asDouble() == gy;
    }

    private static JsonNode single(String table, java.util.function.Predicate<JsonNode> match, String what) {
        JsonNode found = null;
        for (JsonNode row : expected().get(table).get("rows")) {
            if (match.test(row)) {
                if (found != null) {
                    throw new IllegalStateException(table + ": more than one row for " + what);
                }
                found = row;
            }
        }
        if (found == null) {
            throw new IllegalStateException(table + ": no row for " + what);
        }
        return found;
    }

    /** An input PNG as a 3-channel image, samples = uint8 / 255. */
    static synchronized Image input(String name) {
        return IMAGES.computeIfAbsent(name, n -> {
            try (InputStream in = open("inputs/" + n)) {
                BufferedImage bi = ImageIO.read(in);
                Raster r = bi.getRaster();
                int w = bi.getWidth();
                int h = bi.getHeight();
                if (r.getNumBands() != 3 || r.getSampleModel().getSampleSize(0) != 8) {
                    throw new IllegalStateException(n + ": expected 8-bit RGB");
                }
                double[][] planes = new double[3][w * h];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        for (int c = 0; c < 3; c++) {
                            planes[c][y * w + x] = r.getSample(x, y, c) / 255.0;
                        }
                    }
                }
                return new Image(w, h, planes, 8, Image.SampleFormat.UNSIGNED_INT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A little-endian float32 or float64 C-order .npy array: {shape..., data}. */
    static Npy npy(String path) {
        try (InputStream in = open(path)) {
            byte[] all = in.readAllBytes();
            ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
            if (all[0] != (byte) 0x93 || all[1] != 'N') {
                throw new IllegalStateException(path + " is not .npy");
            }
            int major = all[6];
            int headerLen;
            int start;
            if (major == 1) {
                headerLen = bb.getShort(8) & 0xFFFF;
                start = 10;
            } else {
                headerLen = bb.getInt(8);
                start = 12;
            }
            String header = new String(all, start, headerLen, StandardCharsets.ISO_8859_1);
            boolean f4 = header.contains("'<f4'");
            boolean f8 = header.contains("'<f8'");
            if (!(f4 || f8) || header.contains("'fortran_order': True")) {
                throw new IllegalStateException(path + ": unsupported header " + header);
            }
            String shapeText = header.substring(header.indexOf("'shape': (") + 10);
            shapeText = shapeText.substring(0, shapeText.indexOf(')'));
            String[] parts = shapeText.split(",");
            int count = 0;
            for (String p : parts) {
                if (!p.isBlank()) {
                    count++;
                }
            }
            int[] shape = new int[count];
            int k = 0;
            long n = 1;
            for (String p : parts) {
                if (!p.isBlank()) {
                    shape[k] = Integer.parseInt(p.trim());
                    n *= shape[k++];
                }
            }
            double[] data = new double[(int) n];
            int off = start + headerLen;
            for (int i = 0; i < n; i++) {
                data[i] = f4 ? bb.getFloat(off + 4 * i) : bb.getDouble(off + 8 * i);
            }
            return new Npy(shape, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Npy(int[] shape, double[] data) {
    }

    private static InputStream open(String path) {
        InputStream in = MetamerGolden.class.getResourceAsStream(ROOT + path);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + ROOT + path);
        }
        return in;
    }

    /** Relative difference |a − b| / max(|b|, tiny). */
    static double rel(double actual, double expected) {
        return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
    }
}
