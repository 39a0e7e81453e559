package org.imgloss.metrics.metamer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class Mt19937Test {

    @Test
    void seedZeroGivesTheStandardStream() {
        Mt19937 mt = new Mt19937(0);
        // reference outputs of init_genrand(0)
        assertEquals(2357136044L, mt.nextUnsignedInt());
        assertEquals(2546248239L, mt.nextUnsignedInt());
        assertEquals(3071714933L, mt.nextUnsignedInt());
    }

    @Test
    void floatDrawsAreTorchsRandAfterManualSeedZero() {
        // torch.manual_seed(0); torch.rand(1000) — the well-known 0.4963, 0.7682, 0.0885, …; values across the
        // first twist boundary (624) from the spec's reference implementation (metamer_reference.py)
        Mt19937 mt = new Mt19937(0);
        double[] v = new double[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = mt.nextFloat24();
        }
        assertEquals(0.49625658988952637, v[0], 0.0);
        assertEquals(0.7682217955589294, v[1], 0.0);
        assertEquals(0.08847743272781372, v[2], 0.0);
        assertEquals(0.012159585952758789, v[623], 0.0);
        assertEquals(0.3576542139053345, v[624], 0.0);
        assertEquals(0.40386343002319336, v[999], 0.0);
    }
}
