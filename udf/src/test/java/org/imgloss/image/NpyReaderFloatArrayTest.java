package org.imgloss.image;

import org.imgloss.errors.ErrorCode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link NpyReader#readFloatArray}: float arrays of any shape, for arrays that are not images. */
class NpyReaderFloatArrayTest {

    private static byte[] npy(String descr, boolean fortran, int[] shape, double[] values, boolean version2) {
        ByteOrder order = descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        return TestEncoders.npy(descr, fortran, shape, TestEncoders.npyData(descr.substring(1), order, values), version2);
    }

    @Test
    void readsEveryByteOrderWidthAndHeaderVersionWithItsShape() throws DecodeException {
        double[] v = {0.5, -1.25, 3.0, 1e-3, 7, -8};
        double[] asFloat = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            asFloat[i] = (float) v[i];
        }
        for (String descr : new String[] {"<f4", ">f4", "|f4", "=f4", "<f8", ">f8"}) {
            for (boolean v2 : new boolean[] {false, true}) {
                NpyReader.FloatArray a = NpyReader.readFloatArray(npy(descr, false, new int[] {1, 2, 3, 1}, v, v2));
                assertArrayEquals(new long[] {1, 2, 3, 1}, a.shape(), descr);
                assertArrayEquals(descr.endsWith("8") ? v : asFloat, a.values(), 0.0, descr);
            }
        }
        NpyReader.FloatArray flat = NpyReader.readFloatArray(npy("<f4", false, new int[] {6}, v, false));
        assertArrayEquals(new long[] {6}, flat.shape());
        assertArrayEquals(asFloat, flat.values(), 0.0);
    }

    @Test
    void fortranOrderIsReturnedInCOrder() throws DecodeException {
        int[] shape = {2, 3, 4};
        double[] c = new double[24];
        double[] f = new double[24];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    double value = 100 * i + 10 * j + k;
                    c[(i * 3 + j) * 4 + k] = value;
                    f[i + 2 * (j + 3 * k)] = value;
                }
            }
        }
        assertArrayEquals(c, NpyReader.readFloatArray(npy("<f8", true, shape, f, false)).values(), 0.0);
        assertArrayEquals(c, NpyReader.readFloatArray(npy("<f8", false, shape, c, false)).values(), 0.0);
    }

    @Test
    void emptyAndScalarArrays() throws DecodeException {
        NpyReader.FloatArray empty = NpyReader.readFloatArray(npy("<f4", false, new int[] {0, 3}, new double[0], false));
        assertArrayEquals(new long[] {0, 3}, empty.shape());
        assertEquals(0, empty.values().length);
        NpyReader.FloatArray scalar = NpyReader.readFloatArray(npy("<f8", false, new int[0], new double[] {2.5}, false));
        assertEquals(0, scalar.shape().length);
        assertArrayEquals(new double[] {2.5}, scalar.values(), 0.0);
    }

    @Test
    void rejectsWhatItCannotReadSayingWhy() {
        DecodeException e = assertThrows(DecodeException.class,
                () -> NpyReader.readFloatArray(npy("<u1", false, new int[] {2}, new double[] {1, 2}, false)));
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, e.code());
        assertTrue(e.getMessage().contains("'<u1'") && e.getMessage().contains("float32"), e.getMessage());

        byte[] ints = TestEncoders.npy("<i4", false, new int[] {1}, new byte[4], false);
        e = assertThrows(DecodeException.class, () -> NpyReader.readFloatArray(ints));
        assertTrue(e.getMessage().contains("<i4"), e.getMessage());

        byte[] whole = npy("<f4", false, new int[] {3}, new double[] {1, 2, 3}, false);
        e = assertThrows(DecodeException.class, () -> NpyReader.readFloatArray(Arrays.copyOf(whole, whole.length - 2)));
        assertEquals(ErrorCode.UNDECODABLE, e.code());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        e = assertThrows(DecodeException.class, () -> NpyReader.readFloatArray(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
        assertEquals(ErrorCode.UNDECODABLE, e.code());
        assertTrue(e.getMessage().contains("NUMPY"), e.getMessage());

        byte[] version9 = whole.clone();
        version9[6] = 9;
        e = assertThrows(DecodeException.class, () -> NpyReader.readFloatArray(version9));
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, e.code());
    }
}
