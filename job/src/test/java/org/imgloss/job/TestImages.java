package org.imgloss.job;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small named image fixtures for job tests: 8-bit grey PNGs made from a fixed seed. */
public final class TestImages {

    public static final int W = 24;
    public static final int H = 20;

    private TestImages() {
    }

    /** A textured grey image. */
    public static int[] base(long seed) {
        Random r = new Random(seed);
        int[] p = new int[W * H];
        for (int i = 0; i < p.length; i++) {
            p[i] = 40 + (i % W) * 6 + r.nextInt(30);
        }
        return p;
    }

    /** The image plus uniform noise of +-amplitude grey levels, clamped. */
    public static int[] noisy(int[] p, int amplitude, long seed) {
        Random r = new Random(seed);
        int[] o = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            o[i] = Math.max(0, Math.min(255, p[i] + r.nextInt(2 * amplitude + 1) - amplitude));
        }
        return o;
    }

    public static byte[] png(int[] p) {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                img.getRaster().setSample(x, y, 0, p[y * W + x]);
            }
        }
        return pngOf(img);
    }

    /** A grey PNG of uniform noise (incompressible: about width × height bytes). */
    public static byte[] noisePng(int width, int height, long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.getRaster().setSample(x, y, 0, r.nextInt(256));
            }
        }
        return pngOf(img);
    }

    /**
     * A grey PNG that is large in pixels but small on disk: a ramp whose slope depends on the seed, with
     * a 32×32 block of noise in its top-left corner (a few kilobytes for 640×640).
     */
    public static byte[] rampPng(int width, int height, long seed) {
        Random r = new Random(seed);
        int slope = 1 + (int) Math.floorMod(seed, 3);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v = x < 32 && y < 32 ? r.nextInt(256) : (slope * x + y) & 0xff;
                img.getRaster().setSample(x, y, 0, v);
            }
        }
        return pngOf(img);
    }

    private static byte[] pngOf(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A PNG cut short: decodes to UNDECODABLE. */
    public static byte[] corruptPng(int[] p) {
        byte[] full = png(p);
        return Arrays.copyOf(full, Math.min(60, full.length - 1));
    }

    public static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** MSE of two 8-bit images on the [0,1] scale. */
    public static double mse(int[] a, int[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (a[i] - b[i]) / 255.0;
            s += d * d;
        }
        return s / a.length;
    }
}
