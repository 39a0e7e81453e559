package org.imgloss.job.output;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import org.imgloss.image.Image;

/**
 * Encodes an image as a 16-bit PNG (grey for one channel, RGB for three): each sample clamped to
 * [0, 1], times 65535, rounded half up. Written by hand (signature, IHDR, one zlib IDAT with filter
 * type 0 per row, IEND) so that the bit depth is exactly 16 whatever ImageIO's writers support.
 */
public final class Png16 {

    private static final byte[] SIGNATURE = {(byte) 137, 80, 78, 71, 13, 10, 26, 10};

    private Png16() {
    }

    /** The sample as written: round(clamp(v, 0, 1) · 65535); NaN becomes 0. */
    public static int quantise(double v) {
        if (!(v > 0)) {
            return 0;
        }
        return v >= 1 ? 65535 : (int) Math.floor(v * 65535 + 0.5);
    }

    /**
     * @throws IllegalArgumentException when the image has neither 1 nor 3 channels
     */
    public static byte[] encode(Image image) {
        int channels = image.channels();
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("a 16-bit PNG holds 1 or 3 channels here, the image has " + channels);
        }
        int w = image.width();
        int h = image.height();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(SIGNATURE);
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(ihdr);
            d.writeInt(w);
            d.writeInt(h);
            d.writeByte(16);
            d.writeByte(channels == 1 ? 0 : 2);
            d.writeByte(0);
            d.writeByte(0);
            d.writeByte(0);
            chunk(out, "IHDR", ihdr.toByteArray());
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            try (DeflaterOutputStream z = new DeflaterOutputStream(idat)) {
                byte[] row = new byte[1 + w * channels * 2];
                double[][] planes = new double[channels][];
                for (int c = 0; c < channels; c++) {
                    planes[c] = image.plane(c);
                }
                for (int y = 0; y < h; y++) {
                    int k = 1;
                    for (int x = 0; x < w; x++) {
                        for (int c = 0; c < channels; c++) {
                            int s = quantise(planes[c][y * w + x]);
                            row[k++] = (byte) (s >>> 8);
                            row[k++] = (byte) s;
                        }
                    }
                    z.write(row);
                }
            }
            chunk(out, "IDAT", idat.toByteArray());
            chunk(out, "IEND", new byte[0]);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory PNG encoding failed", e);
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.writeInt(data.length);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }
}
