package org.imgloss.job.bench;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * The end-to-end benchmark's images: folders of 8-bit RGB PNG pairs ({@code orig/pNNNNN.png},
 * {@code recon/pNNNNN.png}), made from fixed seeds so every machine times the same pixels. The
 * original has smooth waves, 32-pixel checkerboard edges and fine texture; the reconstruction is the
 * original plus Gaussian noise of σ 13 grey levels, clipped. A folder whose {@code .complete} marker
 * exists is reused as it is.
 */
final class E2eDataset {

    private static final double NOISE_LEVELS = 13.0;

    private E2eDataset() {
    }

    /** The folder {@code root/name} with {@code pairs} pairs of {@code size × size}, made if missing. */
    static Path ensure(Path root, String name, int size, int pairs) throws IOException {
        Path dir = root.resolve(name);
        Path done = dir.resolve(".complete");
        if (Files.exists(done)) {
            return dir;
        }
        Path orig = Files.createDirectories(dir.resolve("orig"));
        Path recon = Files.createDirectories(dir.resolve("recon"));
        System.err.printf(Locale.ROOT, "e2e: writing %d pairs of %dx%d RGB PNG to %s%n", pairs, size, size, dir);
        for (int i = 0; i < pairs; i++) {
            long seed = 1_000_003L * size + i;
            byte[] o = original(size, seed);
            byte[] r = reconstruction(o, seed ^ 0x5DEECE66DL);
            String file = String.format(Locale.ROOT, "p%05d.png", i);
            write(o, size, orig.resolve(file));
            write(r, size, recon.resolve(file));
        }
        Files.writeString(done, pairs + " pairs of " + size + "x" + size + "\n");
        return dir;
    }

    /** Interleaved BGR samples (BufferedImage's TYPE_3BYTE_BGR layout). */
    private static byte[] original(int size, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double scale = size / 512.0;
        double shift = rnd.nextDouble() * 40;
        byte[] px = new byte[size * size * 3];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                for (int c = 0; c < 3; c++) {
                    double phase = 0.7 * c + shift;
                    double v = 0.5 + 0.25 * Math.sin(x / (17.0 * scale) + phase) * Math.cos(y / (23.0 * scale) - phase)
                            + ((x / 32 + y / 32) % 2 == 0 ? 0.1 : -0.1)
                            + 0.05 * (rnd.nextDouble() - 0.5);
                    px[(y * size + x) * 3 + c] = (byte) clip(Math.round(v * 255));
                }
            }
        }
        return px;
    }

    private static byte[] reconstruction(byte[] original, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] px = new byte[original.length];
        for (int i = 0; i < px.length; i++) {
            double g = gaussian(rnd);
            px[i] = (byte) clip(Math.round((original[i] & 0xFF) + NOISE_LEVELS * g));
        }
        return px;
    }

    private static void write(byte[] bgr, int size, Path file) throws IOException {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(bgr, 0, data, 0, data.length);
        try (OutputStream out = Files.newOutputStream(file)) {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer");
            }
        }
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = 1.0 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static long clip(long v) {
        return Math.max(0, Math.min(255, v));
    }
}
