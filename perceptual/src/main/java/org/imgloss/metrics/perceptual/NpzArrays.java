package org.imgloss.metrics.perceptual;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.imgloss.image.DecodeException;
import org.imgloss.image.NpyReader;

/**
 * Reads the float arrays of a NumPy {@code .npz} file (what {@code numpy.savez} and
 * {@code numpy.savez_compressed} write): a zip archive with one {@code <key>.npy} entry per array.
 *
 * <p>Each entry is read by {@link NpyReader#readFloatArray}: format versions 1.0, 2.0 and 3.0,
 * {@code float32} or {@code float64} in either byte order, C or Fortran order. Values are returned
 * flattened in C order, in double precision, by key without the {@code .npy} suffix.
 */
public final class NpzArrays {

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
                    out.put(key, NpyReader.readFloatArray(in.readAllBytes()).values());
                } catch (IOException | DecodeException | RuntimeException ex) {
                    throw new IOException(npz + ": entry " + e.getName() + ": " + ex.getMessage(), ex);
                }
            }
        } catch (java.util.zip.ZipException ex) {
            throw new IOException(npz + " is not an .npz (zip) archive: " + ex.getMessage(), ex);
        }
        return Collections.unmodifiableMap(out);
    }
}
