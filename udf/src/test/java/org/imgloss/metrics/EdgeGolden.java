package org.imgloss.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.imgloss.image.Image;
import org.junit.jupiter.api.DynamicTest;
import org.imgloss.metrics.blur.BlurSim;

/**
 * Reads the golden pairs for the edge/SAR/BlurSim tests: PNGs through the JDK's own PNG reader
 * (raster samples, exact for 8 and 16 bit, scaled as the golden README says), the SAR pairs from
 * their float32 {@code .npy} copies, and the four SAR domains from each case's {@code domain_params}.
 * Deliberately independent of {@code ImageDecoder} and {@code PairTransforms} (its own PNG, npy and
 * domain code): a decoder regression then fails the decoder's tests ({@code GoldenDecodeTest}), not
 * the edge, SAR and BlurSim kernels' golden tests, which check the kernels on their own. Golden tests
 * that go through the decoder on purpose use {@link GoldenPairs}.
 */
public final class EdgeGolden {

    public static final Path ROOT = Path.of("src/test/resources/golden");

    private EdgeGolden() {
    }

    /** One case in one domain: the images and the expected values. */
    public record Entry(String caseId, String domain, Image reconstruction, Image original, Image mask, JsonNode values,
                 JsonNode perChannel, boolean eightBit) {
        String label() {
            return caseId + " [" + domain + "]";
        }
    }

    /** The value a golden check compares: {@code kernel} on one pair (a whole entry or one of its channels). */
    @FunctionalInterface
    public interface PairValue {
        double of(PairMetric kernel, Entry entry, Image reconstruction, Image original);
    }

    /**
     * Adds one test when {@code entry} has a golden value named {@code key}: the metric {@code spec}
     * on the whole pair, then on each channel where the golden has per-channel values, each within
     * {@code tol} relative ({@link EdgeFixtures#assertClose}).
     */
    public static void addCheck(List<DynamicTest> tests, Entry entry, String key, String spec, double tol, PairValue value) {
        JsonNode expected = entry.values().get(key);
        if (expected == null || expected.isNull()) {
            return;
        }
        String what = entry.label() + " " + key;
        tests.add(DynamicTest.dynamicTest(what, () -> {
            PairMetric kernel = MetricSpec.parseList(spec).get(0).newKernel();
            EdgeFixtures.assertClose(expected.asDouble(),
                    value.of(kernel, entry, entry.reconstruction(), entry.original()), tol, what);
            JsonNode per = entry.perChannel() == null ? null : entry.perChannel().get(key);
            if (per != null && entry.original().channels() > 1) {
                for (int c = 0; c < entry.original().channels(); c++) {
                    double v = value.of(kernel, entry, EdgeFixtures.channel(entry.reconstruction(), c),
                            EdgeFixtures.channel(entry.original(), c));
                    EdgeFixtures.assertClose(per.get(c).asDouble(), v, tol, what + " channel " + c);
                }
            }
        }));
    }

    public static List<Entry> entries() {
        try {
            JsonNode root = new ObjectMapper().readTree(ROOT.resolve("expected.json").toFile());
            List<Entry> out = new ArrayList<>();
            for (JsonNode c : root.get("cases")) {
                String id = c.get("id").asText();
                boolean sar = "sar".equals(c.get("kind").asText());
                Image recon;
                Image orig;
                Image mask = null;
                if (sar) {
                    recon = npy(ROOT.resolve(c.get("files").get("recon_npy").asText()));
                    orig = npy(ROOT.resolve(c.get("files").get("orig_npy").asText()));
                    mask = png(ROOT.resolve(c.get("files").get("homogeneous_mask").asText()));
                } else {
                    recon = png(ROOT.resolve(c.get("files").get("recon").asText()));
                    orig = png(ROOT.resolve(c.get("files").get("orig").asText()));
                }
                for (var d : c.get("domains").properties()) {
                    String domain = d.getKey();
                    Image r = recon;
                    Image o = orig;
                    if (sar) {
                        JsonNode params = c.get("domain_params");
                        r = transform(recon, domain, params);
                        o = transform(orig, domain, params);
                    }
                    out.add(new Entry(id, domain, r, o, mask, d.getValue().get("values"), d.getValue().get("per_channel"),
                            c.get("bit_depth").asInt() == 8));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Image transform(Image image, String domain, JsonNode params) {
        double[] v = image.plane(0).clone();
        switch (domain) {
            case "linear_raw":
                break;
            case "linear_minmax": {
                double lo = params.get("linear_minmax").get("lo").asDouble();
                double hi = params.get("linear_minmax").get("hi").asDouble();
                for (int i = 0; i < v.length; i++) {
                    v[i] = (v[i] - lo) / (hi - lo);
                }
                break;
            }
            case "db_raw":
            case "db_minmax": {
                double eps = params.get(domain).get("db_eps").asDouble();
                for (int i = 0; i < v.length; i++) {
                    v[i] = 10 * Math.log10(v[i] + eps);
                }
                if (domain.equals("db_minmax")) {
                    double lo = params.get("db_minmax").get("lo").asDouble();
                    double hi = params.get("db_minmax").get("hi").asDouble();
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (v[i] - lo) / (hi - lo);
                    }
                }
                break;
            }
            default:
                throw new IllegalArgumentException("unknown domain " + domain);
        }
        return Image.ofPlanes(image.width(), image.height(), v);
    }

    /** A PNG's raster samples divided by 2^bits − 1, planar. */
    public static Image png(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        Raster raster = img.getRaster();
        int bits = raster.getSampleModel().getSampleSize(0);
        double max = (1 << bits) - 1;
        int w = raster.getWidth();
        int h = raster.getHeight();
        int bands = img.getColorModel().hasAlpha() ? raster.getNumBands() - 1 : raster.getNumBands();
        double[][] planes = new double[bands][w * h];
        for (int b = 0; b < bands; b++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    planes[b][y * w + x] = raster.getSample(x, y, b) / max;
                }
            }
        }
        return Image.ofPlanes(w, h, planes);
    }

    /** A 2-D little-endian float32 {@code .npy} array, upcast to double. */
    public static Image npy(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen = bb.getShort(8) & 0xffff;
        String header = new String(bytes, 10, headerLen, java.nio.charset.StandardCharsets.US_ASCII);
        if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) {
            throw new IOException("unexpected npy header " + header);
        }
        String shape = header.substring(header.indexOf('(') + 1, header.indexOf(')'));
        String[] dims = shape.split(",");
        int h = Integer.parseInt(dims[0].trim());
        int w = Integer.parseInt(dims[1].trim());
        double[] v = new double[h * w];
        int off = 10 + headerLen;
        for (int i = 0; i < v.length; i++) {
            v[i] = bb.getFloat(off + 4 * i);
        }
        return Image.ofPlanes(w, h, v);
    }
}
