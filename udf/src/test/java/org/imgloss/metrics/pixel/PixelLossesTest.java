package org.imgloss.metrics.pixel;

import static org.imgloss.metrics.SpecImages.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.Image;
import org.junit.jupiter.api.Test;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.ParameterException;
import org.imgloss.metrics.SpecImages;
import org.imgloss.metrics.ssim.SsimTest;

/** mse, mae, huber and psnr against the spec's §3/§4 values on the 61×83 test pair and edge cases. */
class PixelLossesTest {

    private static final double REL = 1e-12;
    private static final Image X1 = SpecImages.original(61, 83, 1, 255);
    private static final Image Y1 = SpecImages.reconstruction(61, 83, 1, 255);
    private static final Image X255 = SpecImages.original(61, 83, 1, 1);
    private static final Image Y255 = SpecImages.reconstruction(61, 83, 1, 1);

    private static double value(String metric, Map<String, ?> params, Image y, Image x) {
        MetricResult r = MetricCatalog.get(metric).create(params).compute(y, x);
        assertTrue(r.hasValue(), () -> metric + ": " + r.message());
        return r.value();
    }

    @Test
    void specValuesOn61x83() {
        assertRel(0.0011560512095843, value("mse", Map.of(), Y1, X1), REL, "MSE [0,1]");
        assertRel(0.0291766874634507, value("mae", Map.of(), Y1, X1), REL, "MAE [0,1]");
        assertRel(75.1722299032194, value("mse", Map.of(), Y255, X255), REL, "MSE 0-255");
        assertRel(7.44005530317993, value("mae", Map.of(), Y255, X255), REL, "MAE 0-255");
        assertRel(29.3702292755278, value("psnr", Map.of(), Y1, X1), REL, "PSNR L=1");
        assertRel(29.3702292755278, value("psnr", Map.of("data_range", 255), Y255, X255), REL, "PSNR L=255");
        assertRel(0.000578025604792152, value("huber", Map.of(), Y1, X1), REL, "SmoothL1 beta=1 [0,1]");
        assertRel(6.95793008097966, value("huber", Map.of(), Y255, X255), REL, "SmoothL1 beta=1 0-255");
        assertRel(0.0203514760537793, value("huber", Map.of("beta", "0.02"), Y1, X1), REL, "SmoothL1 beta=0.02");
        // PyTorch huber_loss(delta) = delta * smooth_l1_loss(beta=delta)
        assertRel(0.000407029521075586, 0.02 * value("huber", Map.of("beta", 0.02), Y1, X1), REL, "Huber delta=0.02");
    }

    @Test
    void huberSpecialCases() {
        double mse = value("mse", Map.of(), Y1, X1);
        double mae = value("mae", Map.of(), Y1, X1);
        assertRel(mse / 2, value("huber", Map.of(), Y1, X1), 1e-14, "beta=1 on [0,1] data is MSE/2");
        assertEquals(mae, value("huber", Map.of("beta", 0), Y1, X1), 0.0, "beta=0 is L1");
        // at |d| = beta both branches agree: d = 0.5 everywhere, beta = 0.5
        Image a = SsimTest.constant(3, 4, 0.25);
        Image b = SsimTest.constant(3, 4, 0.75);
        assertEquals(0.25, value("huber", Map.of("beta", 0.5), b, a), 1e-15);
        assertEquals(0.25, value("huber", Map.of("beta", 0.5000001), b, a), 1e-7);
        assertThrows(ParameterException.class, () -> MetricCatalog.get("huber").bind(Map.of("beta", -1)));
    }

    @Test
    void rgbValuesAreOverAllSamplesAndPsnrChannelMeanDiffers() {
        Image x = SpecImages.original(64, 64, 3, 255);
        Image y = SpecImages.reconstruction(64, 64, 3, 255);
        double sum = 0;
        double psnrSum = 0;
        for (int c = 0; c < 3; c++) {
            Image xc = Image.ofPlanes(64, 64, x.plane(c));
            Image yc = Image.ofPlanes(64, 64, y.plane(c));
            sum += value("mse", Map.of(), yc, xc);
            psnrSum += value("psnr", Map.of(), yc, xc);
        }
        double mse = value("mse", Map.of(), y, x);
        assertRel(sum / 3, mse, 1e-14, "rgb mse = mean of channel mse");
        assertRel(10 * Math.log10(1 / mse), value("psnr", Map.of(), y, x), 1e-14, "psnr of pooled mse");
        assertRel(psnrSum / 3, value("psnr", Map.of("per_channel_mean", "true"), y, x), 1e-14, "psnr channel mean");
    }

    @Test
    void identicalImages() {
        for (String m : new String[] {"mse", "mae", "huber"}) {
            assertEquals(0.0, value(m, Map.of(), X1, X1), 0.0, m);
        }
        assertEquals(Double.POSITIVE_INFINITY, value("psnr", Map.of(), X1, X1));
        // one identical channel makes the per-channel mean infinite too
        Image x = SpecImages.original(20, 20, 2, 255);
        Image y = Image.ofPlanes(20, 20, x.plane(0), SpecImages.reconstruction(20, 20, 2, 255).plane(1));
        assertEquals(Double.POSITIVE_INFINITY, value("psnr", Map.of("per_channel_mean", true), y, x));
        assertTrue(Double.isFinite(value("psnr", Map.of(), y, x)));
    }

    @Test
    void tinyImagesAndShapeMismatch() {
        Image a = Image.ofPlanes(1, 1, new double[] {0.2});
        Image b = Image.ofPlanes(1, 1, new double[] {0.7});
        assertRel(0.25, value("mse", Map.of(), a, b), 1e-15, "1x1 mse");
        assertRel(0.5, value("mae", Map.of(), a, b), 1e-15, "1x1 mae");
        assertRel(10 * Math.log10(4), value("psnr", Map.of(), a, b), 1e-15, "1x1 psnr");
        MetricResult r = new Mse().compute(a, SsimTest.constant(2, 1, 0.1));
        assertEquals(ErrorCode.NOT_APPLICABLE, r.errorCode());
    }

    @Test
    void psnrParameters() {
        assertThrows(ParameterException.class, () -> MetricCatalog.get("psnr").bind(Map.of("data_range", "-3")));
        assertThrows(ParameterException.class, () -> MetricCatalog.get("psnr").bind(Map.of("per_channel_mean", "yes")));
        assertEquals(false, MetricCatalog.get("psnr").bind(Map.of()).getBoolean("per_channel_mean"));
    }
}
