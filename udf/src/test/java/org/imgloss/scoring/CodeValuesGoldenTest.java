package org.imgloss.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.imgloss.image.DecodeOptions;
import org.imgloss.image.Image;
import org.imgloss.image.ImageDecoder;
import org.imgloss.image.PairTransforms;
import org.imgloss.metrics.EdgeGolden;
import org.imgloss.metrics.MetricSpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code values: code} (scikit-image's convention on uint8 arrays) on the golden 8-bit pairs. The golden
 * file holds scikit-image's values on the images / 255 (data range 1) and BlurSim on the raw uint8 arrays
 * ({@code blursim_*_raw8bit}); scikit-image on the uint8 arrays with {@code data_range=255} is the same
 * computation scaled: SSIM and PSNR are unchanged, MSE is 255² times, MAE 255 times. So, with
 * {@code values: code} and {@code data_range: 255}: the samples are exactly the stored integers, and the
 * values agree with the golden ones to 1e-12 relative (BlurSim's reference DFT is float32: 1e-4).
 */
class CodeValuesGoldenTest {

    private static final String SPECS = "mse, mae, psnr(data_range=255) as psnr, ssim(data_range=255) as ssim_gauss,"
            + " ssim(variant=skimage, data_range=255) as ssim_default, blursim(alpha=0.8) as blursim";

    @TestFactory
    List<DynamicTest> eightBitGoldenPairsOnCodeValues() throws Exception {
        JsonNode root = new ObjectMapper().readTree(EdgeGolden.ROOT.resolve("expected.json").toFile());
        DecodeOptions code = DecodeOptions.DEFAULT.withValues(DecodeOptions.Values.CODE);
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            if (!"natural".equals(c.get("kind").asText()) || c.get("bit_depth").asInt() != 8) {
                continue;
            }
            String id = c.get("id").asText();
            byte[] recon = Files.readAllBytes(EdgeGolden.ROOT.resolve(c.get("files").get("recon").asText()));
            byte[] orig = Files.readAllBytes(EdgeGolden.ROOT.resolve(c.get("files").get("orig").asText()));
            JsonNode unit = c.get("domains").get("unit").get("values");
            tests.add(DynamicTest.dynamicTest(id, () -> {
                Image decoded = ImageDecoder.decode(orig);
                Image codes = PairTransforms.codeValues(decoded, true);
                for (int ch = 0; ch < codes.channels(); ch++) {
                    double[] p = codes.plane(ch);
                    double[] u = decoded.plane(ch);
                    for (int i = 0; i < p.length; i++) {
                        assertEquals(Math.rint(p[i]), p[i], 0.0, "an integer code value");
                        assertEquals(u[i], p[i] / 255, 0.0, "k / 255 decoded, k kept");
                    }
                }
                PairScore s = new PairScoring(MetricSpec.parseList(SPECS), code).score(recon, orig);
                assertFalse(s.failed(), String.valueOf(s.errorMessage()));
                check(id, "mse", s, unit.get("mse"), 255.0 * 255.0, 1e-12);
                check(id, "mae", s, unit.get("mae"), 255.0, 1e-12);
                check(id, "psnr", s, unit.get("psnr"), 1, 1e-12);
                check(id, "ssim_gauss", s, unit.get("ssim_skimage_gauss"), 1, 1e-12);
                check(id, "ssim_default", s, unit.get("ssim_skimage_default"), 1, 1e-12);
                check(id, "blursim", s, unit.get("blursim_alpha0.8_raw8bit"), 1, 1e-4);
            }));
        }
        assertFalse(tests.isEmpty(), "the golden set has 8-bit natural pairs");
        return tests;
    }

    private static void check(String id, String alias, PairScore s, JsonNode golden, double scale, double rel) {
        if (golden == null || golden.isNull()) {
            return; // undefined for this pair (e.g. PSNR of identical images)
        }
        double expected = golden.asDouble() * scale;
        double actual = s.values().get(alias);
        assertEquals(expected, actual, rel * Math.max(Math.abs(expected), 1e-300), id + " " + alias);
    }
}
