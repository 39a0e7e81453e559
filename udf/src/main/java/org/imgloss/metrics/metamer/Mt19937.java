package org.imgloss.metrics.metamer;

/**
 * The 32-bit Mersenne Twister MT19937 (Matsumoto &amp; Nishimura 1998) with the standard
 * {@code init_genrand} seeding, and the float draw of torch's CPU generator.
 *
 * <p>odak's {@code gen_metamer} calls {@code torch.manual_seed(0)} then {@code torch.rand_like}
 * (float32): each element takes the next 32-bit output {@code u} and is {@code (u & 0xFFFFFF) / 2^24}
 * (spec §10 step 4, checked element for element against torch). {@link #nextFloat24()} is that draw,
 * so a metamer generated here uses odak's noise image. Not thread-safe.
 */
public final class Mt19937 {

    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908B0DF;
    private static final int UPPER = 0x80000000;
    private static final int LOWER = 0x7FFFFFFF;

    private final int[] mt = new int[N];
    private int index;

    /** A generator seeded with {@code init_genrand(seed)} (the low 32 bits of the seed). */
    public Mt19937(long seed) {
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            int prev = mt[i - 1];
            mt[i] = 1812433253 * (prev ^ (prev >>> 30)) + i;
        }
        index = N;
    }

    /** The next 32-bit output, as an unsigned value in a long. */
    public long nextUnsignedInt() {
        return nextInt() & 0xFFFFFFFFL;
    }

    /** The next 32-bit output (bits as a Java int). */
    public int nextInt() {
        if (index >= N) {
            twist();
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9D2C5680;
        y ^= (y << 15) & 0xEFC60000;
        y ^= y >>> 18;
        return y;
    }

    /** torch's float32 uniform draw on CPU: {@code (u & 0xFFFFFF) / 2^24}, in [0, 1). */
    public double nextFloat24() {
        return (nextInt() & 0xFFFFFF) * (1.0 / 16777216.0);
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & UPPER) | (mt[(i + 1) % N] & LOWER);
            int v = mt[(i + M) % N] ^ (y >>> 1);
            if ((y & 1) != 0) {
                v ^= MATRIX_A;
            }
            mt[i] = v;
        }
        index = 0;
    }
}
