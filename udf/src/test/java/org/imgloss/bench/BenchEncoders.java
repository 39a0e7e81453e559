package org.imgloss.bench;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.imgloss.image.Image;

/**
 * Encoders that turn a benchmark {@link Image} into file bytes for the decode benchmarks: PNG
 * (8- or 16-bit, gray or RGB, every row Paeth-filtered and deflated at the default level, as
 * common writers do) and uncompressed single-strip float32 TIFF (little-endian, chunky samples).
 */
final class BenchEncoders {

    private BenchEncoders() {
    }

    /** PNG of {@code bits} (8 or 16) per sample; 1 channel is gray, 3 is RGB. */
    static byte[] png(Image img, int bits) {
        int ch = img.channels();
        if (ch != 1 && ch != 3) {
            throw new IllegalArgumentException("PNG benchmark images have 1 or 3 channels, got " + ch);
        }
        int bytesPerSample = bits / 8;
        int bpp = ch * bytesPerSample;
        int stride = img.width() * bpp;
        double max = (1 << bits) - 1;
        byte[] raw = new byte[stride];
        byte[] prev = new byte[stride];
        ByteArrayOutputStream filtered = new ByteArrayOutputStream(img.height() * (stride + 1));
        byte[] line = new byte[stride + 1];
        for (int y = 0; y < img.height(); y++) {
            int k = 0;
            for (int x = 0; x < img.width(); x++) {
                for (int c = 0; c < ch; c++) {
                    int v = (int) Math.round(img.plane(c)[y * img.width() + x] * max);
                    if (bytesPerSample == 2) {
                        raw[k++] = (byte) (v >>> 8);
                    }
                    raw[k++] = (byte) v;
                }
            }
            line[0] = 4; // Paeth
            for (int i = 0; i < stride; i++) {
                int a = i >= bpp ? raw[i - bpp] & 0xFF : 0;
                int b = prev[i] & 0xFF;
                int c = i >= bpp ? prev[i - bpp] & 0xFF : 0;
                line[i + 1] = (byte) ((raw[i] & 0xFF) - paeth(a, b, c));
            }
            filtered.write(line, 0, line.length);
            byte[] t = prev;
            prev = raw;
            raw = t;
        }
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        deflater.setInput(filtered.toByteArray());
        deflater.finish();
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!deflater.finished()) {
            idat.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt(img.width()).putInt(img.height()).put((byte) bits).put((byte) (ch == 1 ? 0 : 2))
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        if (pa <= pb && pa <= pc) {
            return a;
        }
        return pb <= pc ? b : c;
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** Uncompressed little-endian TIFF with 32-bit IEEE float samples, one strip. */
    static byte[] tiffFloat32(Image img) {
        int ch = img.channels();
        int w = img.width();
        int h = img.height();
        int dataBytes = w * h * ch * 4;
        short[][] tags = {
            // tag, type (3 SHORT, 4 LONG), count, value (filled below for offsets)
            {256, 4, 1}, {257, 4, 1}, {258, 3, (short) ch}, {259, 3, 1}, {262, 3, 1},
            {273, 4, 1}, {277, 3, 1}, {278, 4, 1}, {279, 4, 1}, {284, 3, 1}, {339, 3, (short) ch},
        };
        int entries = tags.length;
        int ifdOffset = 8;
        int ifdBytes = 2 + entries * 12 + 4;
        int extra = ifdOffset + ifdBytes; // out-of-line SHORT arrays for ch > 2
        int bitsOffset = extra;
        int formatOffset = extra + (ch > 2 ? ch * 2 : 0);
        int dataOffset = formatOffset + (ch > 2 ? ch * 2 : 0);
        ByteBuffer b = ByteBuffer.allocate(dataOffset + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifdOffset);
        b.putShort((short) entries);
        for (short[] t : tags) {
            int tag = t[0];
            int type = t[1];
            int count = t[2];
            long value = switch (tag) {
                case 256 -> w;
                case 257, 278 -> h;
                case 258 -> ch > 2 ? bitsOffset : 32 | (ch == 2 ? 32 << 16 : 0);
                case 259, 284 -> 1; // Compression none; PlanarConfiguration chunky
                case 262 -> ch == 1 ? 1 : 2; // BlackIsZero or RGB
                case 273 -> dataOffset;
                case 277 -> ch;
                case 279 -> dataBytes;
                case 339 -> ch > 2 ? formatOffset : 3 | (ch == 2 ? 3 << 16 : 0);
                default -> throw new IllegalStateException("tag " + tag);
            };
            b.putShort((short) tag).putShort((short) type).putInt(count);
            if (type == 3 && count == 1) {
                b.putShort((short) value).putShort((short) 0);
            } else {
                b.putInt((int) value);
            }
        }
        b.putInt(0);
        if (ch > 2) {
            for (int c = 0; c < ch; c++) {
                b.putShort((short) 32);
            }
            for (int c = 0; c < ch; c++) {
                b.putShort((short) 3);
            }
        }
        for (int i = 0; i < w * h; i++) {
            for (int c = 0; c < ch; c++) {
                b.putFloat((float) img.plane(c)[i]);
            }
        }
        return b.array();
    }
}
