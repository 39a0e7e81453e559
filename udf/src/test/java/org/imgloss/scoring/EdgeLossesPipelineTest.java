package org.imgloss.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.DecodeOptions;
import org.imgloss.image.Image;
import org.imgloss.image.ImageDecoder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.imgloss.metrics.EdgeFixtures;
import org.imgloss.metrics.EdgeGolden;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.MetricSpec;
import org.imgloss.metrics.PairInputs;
import org.imgloss.metrics.blur.BlurSim;

/**
 * The golden pairs scored the way the job scores them: files decoded by {@link ImageDecoder} (the SAR
 * cases from their float32 TIFFs), the SAR domains by the decode options, the ENL mask handed over
 * as an auxiliary image, every edge/SAR/BlurSim metric in one {@link PairScoring} pass.
 */
class EdgeLossesPipelineTest {

    private static final String SPECS = "gradient_l1, laplacian_l1, total_variation, total_variation_diff,"
            + " enl_loss(mask=mask) as enl_mask, enl_loss(mask=ones) as enl_ones, blursim(alpha=0.8) as blursim_08,"
            + " blursim as blursim_09, blursim(term=general) as blursim_general, blursim(term=specific) as blursim_specific,"
            + " mse_ssim, mse_ssim(mse_weight=0.16, ssim_weight=0.84) as mse_ssim_seed, sar_reconstruction";

    /** alias → golden value name, relative tolerance. */
    private static final Object[][] KEYS = {
        {"gradient_l1", "gradient_loss_sobel_l1", 1e-12},
        {"laplacian_l1", "laplacian_loss_l1", 1e-12},
        {"total_variation", "tv_loss_recon", 1e-12},
        {"enl_mask", "enl_loss_mask", 1e-10},
        {"enl_ones", "enl_loss_mask_ones", 1e-5},
        {"blursim_08", "blursim_alpha0.8_f64dft", 1e-12},
        {"blursim_09", "blursim_alpha0.9", 1e-4},
        {"blursim_general", "blursim_general_f64dft", 1e-12},
        {"blursim_specific", "blursim_specific", 1e-12},
        {"mse_ssim", "combined_mse0.5_ssim0.5", 1e-12},
        {"mse_ssim_seed", "combined_mse0.16_ssim0.84", 1e-12},
        {"sar_reconstruction", "sar_loss_mse0.5_ssim0.5_edge0.1", 1e-12},
    };

    private static DecodeOptions options(String domain) {
        DecodeOptions o = DecodeOptions.DEFAULT;
        if (domain.startsWith("db")) {
            o = o.withDomain(DecodeOptions.Domain.DB).withEps(1e-10);
        }
        if (domain.endsWith("minmax")) {
            o = o.withNormalize(DecodeOptions.Normalize.ORIGINAL_MINMAX);
        }
        return o;
    }

    @TestFactory
    List<DynamicTest> goldenPairsThroughPairScoring() throws Exception {
        JsonNode root = new ObjectMapper().readTree(EdgeGolden.ROOT.resolve("expected.json").toFile());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            String id = c.get("id").asText();
            JsonNode files = c.get("files");
            byte[] recon = Files.readAllBytes(EdgeGolden.ROOT.resolve(files.get("recon").asText()));
            byte[] orig = Files.readAllBytes(EdgeGolden.ROOT.resolve(files.get("orig").asText()));
            JsonNode maskFile = files.get("homogeneous_mask");
            Image mask = maskFile == null ? null
                    : ImageDecoder.decode(Files.readAllBytes(EdgeGolden.ROOT.resolve(maskFile.asText())));
            PairInputs inputs = mask == null ? PairInputs.NONE : new PairInputs(Map.of(), Map.of("mask", mask));
            for (var d : c.get("domains").properties()) {
                String domain = d.getKey();
                JsonNode values = d.getValue().get("values");
                tests.add(DynamicTest.dynamicTest(id + " [" + domain + "]", () -> {
                    // db values carry a 1-ulp log10 difference between libms: a little more room there.
                    double widen = domain.startsWith("db") ? 100 : 1;
                    PairScore score = new PairScoring(MetricSpec.parseList(SPECS), options(domain)).score(recon, orig, inputs);
                    assertNull(score.errorCode(), id + ": " + score.errorMessage());
                    int checked = 0;
                    for (Object[] k : KEYS) {
                        JsonNode expected = values.get((String) k[1]);
                        if (expected == null || expected.isNull()) {
                            continue;
                        }
                        Double got = score.values().get((String) k[0]);
                        assertTrue(got != null, id + " " + k[0] + ": " + score.metricMessages().get(k[0]));
                        EdgeFixtures.assertClose(expected.asDouble(), got, Math.max(1e-12 * widen, (double) k[2]),
                                id + " [" + domain + "] " + k[1]);
                        checked++;
                    }
                    assertTrue(checked >= 5, id + ": only " + checked + " values checked");
                    if (mask == null) {
                        assertEquals(ErrorCode.NOT_APPLICABLE, score.metricErrors().get("enl_mask"));
                    }
                    JsonNode tvO = values.get("tv_loss_orig");
                    EdgeFixtures.assertClose(values.get("tv_loss_recon").asDouble() - tvO.asDouble(),
                            score.values().get("total_variation_diff"), 1e-11, 1e-14, id + " total_variation_diff");
                }));
            }
        }
        return tests;
    }
}
