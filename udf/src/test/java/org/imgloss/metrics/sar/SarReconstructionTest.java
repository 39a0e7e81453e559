package org.imgloss.metrics.sar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.imgloss.image.Image;
import org.junit.jupiter.api.Test;
import org.imgloss.metrics.EdgeFixtures;
import org.imgloss.metrics.SpecImages;
import org.imgloss.metrics.gradient.GradientL1;
import org.imgloss.metrics.ssim.MseSsim;
import org.imgloss.metrics.ssim.MseSsimTest;

class SarReconstructionTest {

    @Test
    void addsTheWeightedSobelGradientLoss() {
        Image y = SpecImages.reconstruction(61, 83, 1, 255);
        Image x = SpecImages.original(61, 83, 1, 255);
        double mse = MseSsim.mse(y, x);
        double grad = new GradientL1().compute(y, x).value();
        double value = new SarReconstruction(0.5, 0.5, 0.1, MseSsimTest.fixedSsim(0.8)).compute(y, x).value();
        assertEquals(0.5 * mse + 0.5 * 0.2 + 0.1 * grad, value, 1e-15);
        // metrics-spec §4: MSE 0.0011560512095843 and Sobel loss 0.185803193487547 on this pair.
        EdgeFixtures.assertClose(0.0011560512095843, mse, 1e-13, "MSE 61x83");
        EdgeFixtures.assertClose(0.5 * 0.0011560512095843 + 0.1 + 0.0185803193487547, value, 1e-13, "combined");
    }
}
