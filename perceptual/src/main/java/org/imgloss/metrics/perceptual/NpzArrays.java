package org.imgloss.metrics.perceptual;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the float arrays of a NumPy {@code .npz} file (what {@code numpy.savez} and
 * {@code numpy.savez_compressed} write): a zip archive with one {@code <key>.npy} entry per array.
 *
 * <p>Supported {@code .npy} content: format versions 1.0, 2.0 and 3.0; dtypes {@code <f4},
 * {@code >f4}, {@code <f8}, {@code >f8} (and {@code |}/{@code =} byte-order marks for the native
 * little-endian); C order, or Fortran order when at most one dimension exceeds 1 (then both orders
 * are the same). Values are returned flattened, in double precision, by key without the
 * {@code .npy} suffix.
 */
public final class NpzArrays {

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpzArrays() {
    }

    /**
     * All arrays of the file, flattened, by key (zip entry name without {@code .npy}), in archive order.
     *
     * @throws IOException naming the file and the entry for anything this reader does not support
     */
    public static Map<String, double[]> read(Path npz) throws IOException {
        Map<String, double[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(npz.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            for (ZipEntry e : Collections.list(entries)) {
                if (e.isDirectory() || !e.getName().endsWith(".npy")) {
                    continue;
                }
                String key = e.getName().substring(0, e.getName().length() - 4);
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(key, parseNpy(in.readAllBytes()));
                } catch (IOException | RuntimeException ex) {
                    throw new IOException(npz + ": entry " + e.getName() + ": " + ex.getMessage(), ex);
                }
            }
        } catch (java.util.zip.ZipException ex) {
            throw new IOException(npz + " is not an .npz (zip) archive: " + ex.getMessage(), ex);
        }
        return Collections.unmodifiableMap(out);
    }

    /** One {@code .npy} array, flattened. */
    static double[] parseNpy(byte[] bytes) throws IOException {
        if (bytes.length < 10 || (bytes[0] & 0xFF) != 0x93 || !new String(bytes, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new IOException("not a .npy array (magic \\x93NUMPY missing)");
        }
        int major = bytes[6] & 0xFF;
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = b.getShort(8) & 0xFFFF;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            headerLength = b.getInt(8);
            headerStart = 12;
        } else {
            throw new IOException("unsupported .npy format version " + major);
        }
        if (headerLength < 0 || headerStart + headerLength > bytes.length) {
            throw new IOException("truncated .npy header");
        }
        String header = new String(bytes, headerStart, headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new IOException("cannot read the .npy header " + header.trim());
        }
        String kind = d.group(2);
        int width = Integer.parseInt(d.group(3));
        if (!kind.equals("f") || (width != 4 && width != 8)) {
            throw new IOException("dtype " + d.group(1) + kind + width + " is not supported; save float32 or float64");
        }
        ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        long count = 1;
        int nonTrivial = 0;
        for (String dim : s.group(1).split(",")) {
            if (!dim.isBlank()) {
                long v = Long.parseLong(dim.trim().replace("L", ""));
                count *= v;
                if (v > 1) {
                    nonTrivial++;
                }
            }
        }
        if (f.group(1).equals("True") && nonTrivial > 1) {
            throw new IOException("Fortran-ordered arrays with more than one non-trivial dimension are not supported");
        }
        int dataStart = headerStart + headerLength;
        if (count > Integer.MAX_VALUE || (long) dataStart + count * width > bytes.length) {
            throw new IOException("the array data is shorter than its shape (" + s.group(1) + ") says");
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, (int) count * width).order(order);
        double[] out = new double[(int) count];
        for (int i = 0; i < out.length; i++) {
            out[i] = width == 4 ? data.getFloat() : data.getDouble();
        }
        return out;
    }
}
