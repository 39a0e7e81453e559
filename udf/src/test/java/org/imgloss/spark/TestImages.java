package org.imgloss.spark;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small encoded test images, built in memory (PNG through ImageIO, NumPy .npy by hand). */
final class TestImages {

    private TestImages() {
    }

    /** An 8-bit PNG (1 channel: gray, 3: RGB) of smooth structure plus seeded noise. */
    static byte[] png(int width, int height, int channels, long seed) {
        BufferedImage img = new BufferedImage(width, height,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        Random rnd = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    double base = 127 + 90 * Math.sin((x + 3 * c) / 3.0) * Math.cos((y - 2 * c) / 4.0);
                    int v = (int) Math.max(0, Math.min(255, Math.round(base + rnd.nextGaussian() * 12)));
                    img.getRaster().setSample(x, y, c, v);
                }
            }
        }
        return encode(img);
    }

    /** The same picture as {@code png(width, height, channels, seed)} with extra noise: a "reconstruction". */
    static byte[] noisy(int width, int height, int channels, long seed, long noiseSeed) {
        BufferedImage img;
        try {
            img = ImageIO.read(new java.io.ByteArrayInputStream(png(width, height, channels, seed)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Random rnd = new Random(noiseSeed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    int v = img.getRaster().getSample(x, y, c) + (int) Math.round(rnd.nextGaussian() * 20);
                    img.getRaster().setSample(x, y, c, Math.max(0, Math.min(255, v)));
                }
            }
        }
        return encode(img);
    }

    /** A PNG cut after its first {@code keep} bytes: a known format, corrupt data. */
    static byte[] truncated(byte[] png, int keep) {
        return Arrays.copyOf(png, keep);
    }

    /** Bytes that are no image format at all. */
    static byte[] notAnImage() {
        return "this is a text file, not an image".getBytes(StandardCharsets.US_ASCII);
    }

    /** A little-endian float32 NumPy array of shape (height, width). */
    static byte[] npyFloat32(int height, int width, float[] values) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + height + ", " + width + "), }";
        int unpadded = 10 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        StringBuilder header = new StringBuilder(dict);
        while (10 + header.length() + 1 < total) {
            header.append(' ');
        }
        header.append('\n');
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buf.putShort((short) header.length());
        buf.put(header.toString().getBytes(StandardCharsets.US_ASCII));
        for (float v : values) {
            buf.putFloat(v);
        }
        return buf.array();
    }

    private static byte[] encode(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
