import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Generates imgloss's sample dataset, deterministically (fixed seeds): run from the repository root
 * with {@code java data-samples/GenerateSamples.java} (JDK 17+, no dependencies).
 *
 * <pre>
 * data-samples/pairs/orig/&lt;folder&gt;/...   originals (176×168: every metric of conf/local.yaml applies)
 * data-samples/pairs/recon/&lt;folder&gt;/...  reconstructions (paired by stem: scene03.jpg ~ scene03.png)
 *   rgb8/    8-bit RGB PNG scenes; reconstructions blurred, noisy, JPEG q=25 (as .jpg), blur+noise,
 *            one perfect copy (PSNR = +inf), one without an original (MISSING_ORIGINAL) and one
 *            truncated, corrupt PNG (UNDECODABLE)
 *   gray16/  16-bit grey PNG phantoms; reconstructions blurred / noisy
 *   sar/     float32 TIFF SAR-like intensities (4-look gamma speckle); reconstructions smoothed
 *            (a despeckling filter) / quantised to 6 bits
 * data-samples/manifest.csv  the same pairs as a manifest with carried columns model and split
 * data-samples/sar/          a SAR audit (conf/sar.yaml): float32 TIFF intensities, piecewise constant
 *                            reflectivity times L-look Gamma speckle, reconstructions despeckled (box or
 *                            Lee filter), 8-bit PNG homogeneity masks (255 = homogeneous), manifest.csv
 *                            with a mask column
 * data-samples/metamer/      RGB PNG pairs and a manifest with per-pair gaze_x, gaze_y (conf/metamer.yaml)
 * </pre>
 *
 * The Parquet sample ({@code data-samples/pairs.parquet}) is made from the manifest with Spark; see
 * data-samples/README.md.
 */
public class GenerateSamples {

    /**
     * The size of the images being generated: the pairs of {@code conf/local.yaml} are 176×168, so that
     * every metric of that config has a value (MS-SSIM's five scales need 161 px on the short side); the
     * SAR and metamer sets are 96×80.
     */
    static int W = 176;
    static int H = 168;

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "data-samples");
        Path pairs = root.resolve("pairs");
        deleteTree(pairs);
        List<String> manifest = new ArrayList<>();
        manifest.add("key,reconstruction,original,model,split");

        // ---- rgb8: 8-bit RGB scenes
        String[][] rgb = {
            {"scene01", "png", "blur", "train"},
            {"scene02", "png", "noise", "train"},
            {"scene03", "jpg", "jpeg", "test"},
            {"scene04", "png", "blur_noise", "test"},
            {"scene05", "png", "identity", "test"},
        };
        for (int i = 0; i < rgb.length; i++) {
            double[][] orig = scene(1000 + i);
            double[][] recon = degrade(orig, rgb[i][2], 2000 + i);
            write8(pairs.resolve("orig/rgb8/" + rgb[i][0] + ".png"), orig, "png", 0);
            write8(pairs.resolve("recon/rgb8/" + rgb[i][0] + "." + rgb[i][1]), recon, rgb[i][1], 0.25f);
            manifest.add(row("rgb8/" + rgb[i][0], "pairs/recon/rgb8/" + rgb[i][0] + "." + rgb[i][1],
                    "pairs/orig/rgb8/" + rgb[i][0] + ".png", rgb[i][2], rgb[i][3]));
        }
        // a reconstruction whose original is missing
        write8(pairs.resolve("recon/rgb8/scene06.png"), degrade(scene(1006), "blur", 2006), "png", 0);
        manifest.add(row("rgb8/scene06", "pairs/recon/rgb8/scene06.png", "", "blur", "test"));
        // a corrupt reconstruction: a PNG cut off after 200 bytes
        double[][] o7 = scene(1007);
        write8(pairs.resolve("orig/rgb8/scene07.png"), o7, "png", 0);
        byte[] full = encode8(degrade(o7, "noise", 2007), "png", 0);
        Files.write(pairs.resolve("recon/rgb8/scene07.png"), Arrays.copyOf(full, 200));
        manifest.add(row("rgb8/scene07", "pairs/recon/rgb8/scene07.png", "pairs/orig/rgb8/scene07.png", "noise",
                "train"));

        // ---- gray16: 16-bit grey phantoms
        String[][] gray = {{"ct01", "blur", "train"}, {"ct02", "noise", "test"}};
        for (int i = 0; i < gray.length; i++) {
            double[] orig = phantom(3000 + i);
            double[] recon = degrade(new double[][] {orig}, gray[i][1], 4000 + i)[0];
            write16(pairs.resolve("orig/gray16/" + gray[i][0] + ".png"), orig);
            write16(pairs.resolve("recon/gray16/" + gray[i][0] + ".png"), recon);
            manifest.add(row("gray16/" + gray[i][0], "pairs/recon/gray16/" + gray[i][0] + ".png",
                    "pairs/orig/gray16/" + gray[i][0] + ".png", gray[i][1], gray[i][2]));
        }

        // ---- sar: float32 TIFF intensities with 4-look speckle
        String[][] sar = {{"sar01", "despeckle", "train"}, {"sar02", "quantise", "test"}};
        for (int i = 0; i < sar.length; i++) {
            double[] orig = speckled(5000 + i);
            double[] recon = sar[i][1].equals("despeckle") ? boxFilter(orig, 2) : quantise(orig, 64, 1.5);
            writeTiff(pairs.resolve("orig/sar/" + sar[i][0] + ".tif"), orig);
            writeTiff(pairs.resolve("recon/sar/" + sar[i][0] + ".tif"), recon);
            manifest.add(row("sar/" + sar[i][0], "pairs/recon/sar/" + sar[i][0] + ".tif",
                    "pairs/orig/sar/" + sar[i][0] + ".tif", sar[i][1], sar[i][2]));
        }
        Files.write(root.resolve("manifest.csv"), (String.join("\n", manifest) + "\n").getBytes());
        System.out.println("wrote " + pairs + " and " + root.resolve("manifest.csv"));
        W = 96;
        H = 80;
        writeSar(root.resolve("sar"));
        writeMetamer(root.resolve("metamer"));
    }

    /**
     * SAR pairs with masks: reflectivity (constant patches, a bright square target, a line) times
     * L-look Gamma speckle of mean 1; reconstructions despeckled; the mask marks pixels whose 9x9
     * neighbourhood has one reflectivity (255) and everything else (0).
     */
    static void writeSar(Path dir) throws IOException {
        deleteTree(dir);
        List<String> manifest = new ArrayList<>();
        manifest.add("key,reconstruction,original,mask,looks,filter");
        Object[][] cases = {{"sar01", 1, "box5"}, {"sar02", 4, "lee7"}, {"sar03", 4, "box3"}};
        for (Object[] c : cases) {
            String key = (String) c[0];
            int looks = (Integer) c[1];
            String filter = (String) c[2];
            long seed = 7000 + key.hashCode();
            double[] reflect = reflectivity(seed);
            double[] orig = speckle(reflect, looks, seed + 1);
            double[] recon = switch (filter) {
                case "box5" -> boxFilter(orig, 2);
                case "box3" -> boxFilter(orig, 1);
                case "lee7" -> leeFilter(orig, 3, looks);
                default -> throw new IllegalArgumentException(filter);
            };
            writeTiff(dir.resolve("orig/" + key + ".tif"), orig);
            writeTiff(dir.resolve("recon/" + key + ".tif"), recon);
            writeMask(dir.resolve("mask/" + key + ".png"), homogeneous(reflect, 4));
            manifest.add(row(key, "recon/" + key + ".tif", "orig/" + key + ".tif", "mask/" + key + ".png",
                    String.valueOf(looks), filter));
        }
        Files.write(dir.resolve("manifest.csv"), (String.join("\n", manifest) + "\n").getBytes());
        System.out.println("wrote " + dir);
    }

    /** Piecewise constant reflectivity: 3x2 patches of random level, a bright target, a dark line. */
    static double[] reflectivity(long seed) {
        Random r = new Random(seed);
        double[] levels = new double[6];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = 0.05 + 0.3 * r.nextDouble();
        }
        int tx = 10 + r.nextInt(W - 30);
        int ty = 10 + r.nextInt(H - 30);
        double[] p = new double[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double v = levels[(x * 3 / W) + 3 * (y * 2 / H)];
                if (x >= tx && x < tx + 8 && y >= ty && y < ty + 8) {
                    v = 1.5; // a bright target
                }
                if (Math.abs(x - y - 10) <= 1) {
                    v = 0.02; // a dark linear feature (a road)
                }
                p[y * W + x] = v;
            }
        }
        return p;
    }

    /** Intensity = reflectivity x Gamma(L, 1/L) speckle (mean 1, variance 1/L). */
    static double[] speckle(double[] reflect, int looks, long seed) {
        Random r = new Random(seed);
        double[] s = new double[reflect.length];
        for (int i = 0; i < s.length; i++) {
            double g = 0;
            for (int k = 0; k < looks; k++) {
                g += -Math.log(1 - r.nextDouble());
            }
            s[i] = reflect[i] * g / looks;
        }
        return s;
    }

    /** Lee filter: mean + k (x - mean), k = max(0, 1 - mean^2 / (L var)), window 2 radius + 1. */
    static double[] leeFilter(double[] p, int radius, int looks) {
        double[] out = new double[p.length];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double s = 0;
                double s2 = 0;
                int n = 0;
                for (int dy = -radius; dy <= radius; dy++) {
                    for (int dx = -radius; dx <= radius; dx++) {
                        double v = p[reflect(y + dy, H) * W + reflect(x + dx, W)];
                        s += v;
                        s2 += v * v;
                        n++;
                    }
                }
                double mean = s / n;
                double var = Math.max(0, s2 / n - mean * mean);
                double k = var <= 0 ? 0 : Math.max(0, 1 - mean * mean / (looks * var));
                out[y * W + x] = mean + k * (p[y * W + x] - mean);
            }
        }
        return out;
    }

    /** 1 where every pixel within radius (Chebyshev) has the same reflectivity, else 0. */
    static double[] homogeneous(double[] reflect, int radius) {
        double[] m = new double[reflect.length];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean same = true;
                for (int dy = -radius; dy <= radius && same; dy++) {
                    for (int dx = -radius; dx <= radius && same; dx++) {
                        int yy = Math.max(0, Math.min(H - 1, y + dy));
                        int xx = Math.max(0, Math.min(W - 1, x + dx));
                        same = reflect[yy * W + xx] == reflect[y * W + x];
                    }
                }
                m[y * W + x] = same ? 1 : 0;
            }
        }
        return m;
    }

    static void writeMask(Path file, double[] m) throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                img.getRaster().setSample(x, y, 0, to8(m[y * W + x]));
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    /** RGB scenes and their blurred / noisy reconstructions, each with its own gaze. */
    static void writeMetamer(Path dir) throws IOException {
        deleteTree(dir);
        List<String> manifest = new ArrayList<>();
        manifest.add("key,reconstruction,original,gaze_x,gaze_y,model");
        Object[][] cases = {{"view01", "blur", 0.5, 0.5}, {"view02", "noise", 0.25, 0.4}, {"view03", "blur_noise", 0.8, 0.7}};
        for (int i = 0; i < cases.length; i++) {
            String key = (String) cases[i][0];
            String how = (String) cases[i][1];
            double[][] orig = scene(8000 + i);
            write8(dir.resolve("orig/" + key + ".png"), orig, "png", 0);
            write8(dir.resolve("recon/" + key + ".png"), degrade(orig, how, 8100 + i), "png", 0);
            manifest.add(row(key, "recon/" + key + ".png", "orig/" + key + ".png", String.valueOf(cases[i][2]),
                    String.valueOf(cases[i][3]), how));
        }
        Files.write(dir.resolve("manifest.csv"), (String.join("\n", manifest) + "\n").getBytes());
        System.out.println("wrote " + dir);
    }

    static String row(String... cells) {
        return String.join(",", cells);
    }

    // ------------------------------------------------------------ scenes

    /** An RGB scene in [0,1]: smooth gradient background, discs, stripes and fine texture. */
    static double[][] scene(long seed) {
        Random r = new Random(seed);
        double[][] c = new double[3][W * H];
        double[] base = {r.nextDouble(), r.nextDouble(), r.nextDouble()};
        double angle = r.nextDouble() * Math.PI;
        double[][] discs = new double[4][];
        for (int k = 0; k < discs.length; k++) {
            discs[k] = new double[] {r.nextDouble() * W, r.nextDouble() * H, 6 + r.nextDouble() * 14,
                r.nextDouble(), r.nextDouble(), r.nextDouble()};
        }
        double freq = 0.3 + r.nextDouble() * 0.5;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double t = (x * Math.cos(angle) + y * Math.sin(angle)) / (W + H);
                for (int ch = 0; ch < 3; ch++) {
                    double v = 0.2 + 0.6 * (base[ch] * (1 - t) + (1 - base[ch]) * t);
                    if (x > W * 0.6 && y < H * 0.4) {
                        v = 0.5 + 0.35 * Math.sin(freq * (x + 2 * y) + ch);
                    }
                    for (double[] d : discs) {
                        double dx = x - d[0];
                        double dy = y - d[1];
                        if (dx * dx + dy * dy < d[2] * d[2]) {
                            v = d[3 + ch];
                        }
                    }
                    v += 0.02 * r.nextGaussian();
                    c[ch][y * W + x] = clamp(v);
                }
            }
        }
        return c;
    }

    /** A grey phantom in [0,1]: ellipses of different densities with a soft edge. */
    static double[] phantom(long seed) {
        Random r = new Random(seed);
        double[] p = new double[W * H];
        double[][] e = new double[6][];
        for (int k = 0; k < e.length; k++) {
            e[k] = new double[] {W * (0.3 + 0.4 * r.nextDouble()), H * (0.3 + 0.4 * r.nextDouble()),
                8 + 25 * r.nextDouble(), 6 + 20 * r.nextDouble(), 0.1 + 0.3 * r.nextDouble()};
        }
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double v = 0.05;
                for (double[] el : e) {
                    double q = Math.pow((x - el[0]) / el[2], 2) + Math.pow((y - el[1]) / el[3], 2);
                    v += el[4] / (1 + Math.exp((q - 1) * 12));
                }
                p[y * W + x] = clamp(v);
            }
        }
        return p;
    }

    /** SAR-like intensity: piecewise reflectivity times 4-look gamma speckle (mean 1). */
    static double[] speckled(long seed) {
        Random r = new Random(seed);
        double[] s = new double[W * H];
        double fx = 8 + r.nextInt(8);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double reflect = 0.05 + 0.1 * (((int) (x / fx) + (int) (y / fx)) % 3);
                if (Math.hypot(x - W / 2.0, y - H / 2.0) < 12) {
                    reflect = 0.6; // a bright target
                }
                double gamma = 0;
                for (int k = 0; k < 4; k++) {
                    gamma += -Math.log(1 - r.nextDouble());
                }
                s[y * W + x] = reflect * gamma / 4;
            }
        }
        return s;
    }

    // ------------------------------------------------------------ degradations

    static double[][] degrade(double[][] img, String how, long seed) {
        Random r = new Random(seed);
        double[][] out = new double[img.length][];
        for (int c = 0; c < img.length; c++) {
            double[] p = img[c];
            switch (how) {
                case "blur" -> p = gaussianBlur(p, 1.5);
                case "noise" -> p = noise(p, 0.04, r);
                case "blur_noise" -> p = noise(gaussianBlur(p, 1.0), 0.02, r);
                case "jpeg", "identity" -> p = p.clone(); // JPEG artefacts come from the encoder
                default -> throw new IllegalArgumentException(how);
            }
            out[c] = p;
        }
        return out;
    }

    static double[] noise(double[] p, double sigma, Random r) {
        double[] o = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            o[i] = clamp(p[i] + sigma * r.nextGaussian());
        }
        return o;
    }

    static double[] gaussianBlur(double[] p, double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        double[] tmp = new double[p.length];
        double[] out = new double[p.length];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double s = 0;
                for (int i = -radius; i <= radius; i++) {
                    s += k[i + radius] * p[y * W + reflect(x + i, W)];
                }
                tmp[y * W + x] = s;
            }
        }
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double s = 0;
                for (int i = -radius; i <= radius; i++) {
                    s += k[i + radius] * tmp[reflect(y + i, H) * W + x];
                }
                out[y * W + x] = s;
            }
        }
        return out;
    }

    static double[] boxFilter(double[] p, int radius) {
        double[] out = new double[p.length];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double s = 0;
                int n = 0;
                for (int dy = -radius; dy <= radius; dy++) {
                    for (int dx = -radius; dx <= radius; dx++) {
                        s += p[reflect(y + dy, H) * W + reflect(x + dx, W)];
                        n++;
                    }
                }
                out[y * W + x] = s / n;
            }
        }
        return out;
    }

    static double[] quantise(double[] p, int levels, double max) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            double q = Math.min(levels - 1, Math.floor(Math.min(p[i], max) / max * (levels - 1) + 0.5));
            out[i] = q / (levels - 1) * max;
        }
        return out;
    }

    static int reflect(int i, int n) {
        if (i < 0) {
            return -i - 1;
        }
        if (i >= n) {
            return 2 * n - i - 1;
        }
        return i;
    }

    static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    // ------------------------------------------------------------ encoders

    static void write8(Path file, double[][] c, String format, float jpegQuality) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, encode8(c, format, jpegQuality));
    }

    static byte[] encode8(double[][] c, String format, float jpegQuality) throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = y * W + x;
                int rgb = (to8(c[0][i]) << 16) | (to8(c[1][i]) << 8) | to8(c[2][i]);
                img.setRGB(x, y, rgb);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (format.equals("jpg")) {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(jpegQuality);
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(img, null, null), param);
            }
            writer.dispose();
        } else {
            ImageIO.write(img, "png", bytes);
        }
        return bytes.toByteArray();
    }

    static int to8(double v) {
        return (int) Math.round(clamp(v) * 255);
    }

    static void write16(Path file, double[] p) throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                img.getRaster().setSample(x, y, 0, (int) Math.round(clamp(p[y * W + x]) * 65535));
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    /** A baseline little-endian TIFF: one float32 grey channel, uncompressed, one strip. */
    static void writeTiff(Path file, double[] p) throws IOException {
        int[][] entries = { // tag, type (3 SHORT, 4 LONG), value
            {256, 4, W}, {257, 4, H}, {258, 3, 32}, {259, 3, 1}, {262, 3, 1}, {273, 4, 0}, {277, 3, 1},
            {278, 4, H}, {279, 4, W * H * 4}, {284, 3, 1}, {339, 3, 3}};
        int ifdSize = 2 + entries.length * 12 + 4;
        int dataOffset = 8 + ifdSize;
        ByteBuffer b = ByteBuffer.allocate(dataOffset + W * H * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        b.putShort((short) entries.length);
        for (int[] e : entries) {
            int value = e[0] == 273 ? dataOffset : e[2];
            b.putShort((short) e[0]).putShort((short) e[1]).putInt(1);
            if (e[1] == 3) {
                b.putShort((short) value).putShort((short) 0);
            } else {
                b.putInt(value);
            }
        }
        b.putInt(0);
        for (double v : p) {
            b.putFloat((float) v);
        }
        Files.createDirectories(file.getParent());
        Files.write(file, b.array());
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted((a, c) -> c.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(q);
            }
        }
    }
}
