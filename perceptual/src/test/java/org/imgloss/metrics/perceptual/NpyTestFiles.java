package org.imgloss.metrics.perceptual;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes {@code .npy} arrays and {@code .npz} archives as NumPy lays them out (format 1.0 or 2.0), for tests. */
public final class NpyTestFiles {

    private NpyTestFiles() {
    }

    /** An array with a dtype such as {@code <f4}, {@code >f8}, a shape text such as {@code "1, 64, 1, 1"}. */
    public static byte[] npy(double[] values, String descr, String shape, boolean fortran, int major) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': ("
                + shape + "), }";
        int prefix = major == 1 ? 10 : 12;
        StringBuilder header = new StringBuilder(dict);
        while ((prefix + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        int width = descr.endsWith("8") ? 8 : 4;
        ByteBuffer b = ByteBuffer.allocate(prefix + header.length() + width * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) header.length());
        } else {
            b.putInt(header.length());
        }
        b.put(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        b.order(descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            if (width == 8) {
                b.putDouble(v);
            } else {
                b.putFloat((float) v);
            }
        }
        return b.array();
    }

    /** 1-D little-endian float32. */
    public static byte[] npy(double[] values) {
        return npy(values, "<f4", values.length + ",", false, 1);
    }

    /** A zip of {@code <key>.npy} entries, deflated when {@code compressed} (numpy.savez_compressed). */
    public static byte[] npz(Map<String, byte[]> entries, boolean compressed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(compressed ? 6 : 0);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
