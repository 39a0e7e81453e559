package org.imgloss.metrics.perceptual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzArraysTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void readsEveryLayoutNumpyWritesForSmallFloatArrays() throws IOException {
        double[] v = {0.5, -1.25, 3.0, 1e-3};
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("lin0.model.1.weight", NpyTestFiles.npy(v, "<f4", "1, 4, 1, 1", false, 1));
        entries.put("b", NpyTestFiles.npy(v, ">f4", "4,", false, 1));
        entries.put("c", NpyTestFiles.npy(v, "<f8", "4,", false, 2));
        entries.put("d", NpyTestFiles.npy(v, ">f8", "1, 4", true, 1));
        entries.put("e", NpyTestFiles.npy(v, "|f4", "4,", false, 3));
        for (boolean compressed : new boolean[] {false, true}) {
            Map<String, double[]> read = NpzArrays.read(write("w" + compressed + ".npz", NpyTestFiles.npz(entries, compressed)));
            assertEquals(List.of("lin0.model.1.weight", "b", "c", "d", "e"), List.copyOf(read.keySet()));
            for (Map.Entry<String, double[]> e : read.entrySet()) {
                double[] expected = e.getKey().equals("c") || e.getKey().equals("d") ? v
                        : new double[] {0.5f, -1.25f, 3.0f, 1e-3f};
                assertArrayEquals(expected, e.getValue(), 0.0, e.getKey());
            }
        }
    }

    @Test
    void fortranOrderedArraysComeBackInCOrder() throws IOException {
        // numpy.asfortranarray([[1, 2, 3], [4, 5, 6]]) stores the columns one after the other
        Map<String, byte[]> fortran = Map.of("f", NpyTestFiles.npy(new double[] {1, 4, 2, 5, 3, 6}, "<f8", "2, 3", true, 1));
        Map<String, double[]> read = NpzArrays.read(write("f.npz", NpyTestFiles.npz(fortran, false)));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, read.get("f"), 0.0);
    }

    @Test
    void rejectsWhatItCannotReadWithTheEntryName() throws IOException {
        Map<String, byte[]> ints = Map.of("w", NpyTestFiles.npy(new double[] {1}, "<i4", "1,", false, 1));
        IOException e = assertThrows(IOException.class, () -> NpzArrays.read(write("i.npz", NpyTestFiles.npz(ints, false))));
        assertTrue(e.getMessage().contains("w.npy") && e.getMessage().contains("<i4"), e.getMessage());
        byte[] truncated = NpyTestFiles.npy(new double[] {1, 2, 3});
        Map<String, byte[]> shortData = Map.of("t", java.util.Arrays.copyOf(truncated, truncated.length - 2));
        assertThrows(IOException.class, () -> NpzArrays.read(write("t.npz", NpyTestFiles.npz(shortData, false))));
        IOException notZip = assertThrows(IOException.class, () -> NpzArrays.read(write("x.npz", new byte[] {1, 2, 3})));
        assertTrue(notZip.getMessage().contains("x.npz"), notZip.getMessage());
    }
}
