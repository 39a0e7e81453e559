package org.imgloss.metrics.ssim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.Image;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.imgloss.metrics.GoldenPairs;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.PairMetric;
import org.imgloss.metrics.SpecImages;

/**
 * Every pixel, SSIM and MS-SSIM value of {@code golden/expected.json}, for every case and every
 * domain that carries it, against the kernels. Relative tolerance 1e-9 (the references ran in
 * float64); {@code ssim_pytorch_msssim} is also checked against the exact-window {@code wang} variant
 * at 1e-5 absolute, the float32-window gap the golden README describes. A {@code null} golden value must be
 * {@code +Infinity} (PSNR of identical images) or {@link ErrorCode#TOO_SMALL} (MS-SSIM below its
 * minimum size).
 */
class SsimGoldenTest {

    private static final double REL = 1e-9;

    /** A golden value name and the metric configuration that must reproduce it. */
    private record Check(String golden, String metric, Map<String, Object> params, double rel, Null onNull,
                         boolean absolute) {
        Check(String golden, String metric, Map<String, Object> params, double rel, Null onNull) {
            this(golden, metric, params, rel, onNull, false);
        }
    }

    private enum Null { INFINITY, TOO_SMALL }

    private static final List<Check> CHECKS = List.of(
            new Check("mse", "mse", Map.of(), REL, null),
            new Check("mae", "mae", Map.of(), REL, null),
            new Check("smooth_l1_beta1", "huber", Map.of("beta", 1.0), REL, null),
            new Check("smooth_l1_beta0.1", "huber", Map.of("beta", 0.1), REL, null),
            new Check("psnr", "psnr", Map.of(), REL, Null.INFINITY),
            new Check("psnr_channel_mean", "psnr", Map.of("per_channel_mean", true), REL, Null.INFINITY),
            new Check("ssim_skimage_gauss", "ssim", Map.of(), REL, null),
            new Check("ssim_skimage_default", "ssim", Map.of("variant", "skimage"), REL, null),
            new Check("ssim_pytorch_msssim", "ssim", Map.of("variant", "pytorch_msssim"), REL, null),
            // the float32 window's gap is ~1e-5 absolute (up to 4e-5 relative on the low-SSIM dB cases)
            new Check("ssim_pytorch_msssim", "ssim", Map.of("variant", "wang"), 1e-5, null, true),
            new Check("one_minus_ssim_pytorch_msssim", "ssim_loss", Map.of("variant", "pytorch_msssim"), REL, null),
            new Check("piq_ssim", "ssim", Map.of("variant", "piq"), REL, null),
            new Check("piq_ssim_nodownsample", "ssim", Map.of("variant", "wang"), REL, null),
            new Check("ssim_gauss11_zeropad", "ssim", Map.of("variant", "zero_pad"), REL, null),
            new Check("one_minus_ssim_gauss11_zeropad", "ssim_loss", Map.of("variant", "zero_pad"), REL, null),
            new Check("ms_ssim_pytorch_msssim", "ms_ssim", Map.of(), REL, Null.TOO_SMALL),
            new Check("piq_ms_ssim", "ms_ssim", Map.of("downsample", "piq"), REL, Null.TOO_SMALL));

    private static JsonNode expected() throws IOException {
        try (InputStream in = SsimGoldenTest.class.getResourceAsStream("/golden/expected.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private String cachedKey;
    private Image[] cachedPair;

    /** Dynamic tests of one case and domain run one after another: decode each pair once. */
    private Image[] pair(JsonNode kase, String domain) throws Exception {
        String key = kase.get("id").asText() + "/" + domain;
        if (!key.equals(cachedKey)) {
            cachedPair = GoldenPairs.load(kase, domain);
            cachedKey = key;
        }
        return cachedPair;
    }

    @TestFactory
    List<DynamicTest> everyGoldenValue() throws IOException {
        JsonNode root = expected();
        List<DynamicTest> tests = new ArrayList<>();
        // one kernel per check for the whole run: buffers are reused across sizes, as in a partition
        Map<Check, PairMetric> kernels = new LinkedHashMap<>();
        for (Check c : CHECKS) {
            kernels.put(c, MetricCatalog.get(c.metric()).create(c.params()));
        }
        for (JsonNode kase : root.get("cases")) {
            String id = kase.get("id").asText();
            Iterator<Map.Entry<String, JsonNode>> domains = kase.get("domains").fields();
            while (domains.hasNext()) {
                Map.Entry<String, JsonNode> domain = domains.next();
                JsonNode values = domain.getValue().get("values");
                for (Check check : CHECKS) {
                    if (!values.has(check.golden())) {
                        continue;
                    }
                    JsonNode v = values.get(check.golden());
                    String name = id + " [" + domain.getKey() + "] " + check.golden() + " = " + check.metric()
                            + check.params();
                    tests.add(DynamicTest.dynamicTest(name, () -> {
                        Image[] pair = pair(kase, domain.getKey());
                        MetricResult r = kernels.get(check).compute(pair[0], pair[1]);
                        if (v.isNull()) {
                            if (check.onNull() == Null.INFINITY) {
                                assertTrue(r.hasValue(), name + ": " + r.message());
                                assertEquals(Double.POSITIVE_INFINITY, r.value(), name);
                            } else {
                                assertFalse(r.hasValue(), name + " should have no value, got " + r.value());
                                assertEquals(ErrorCode.TOO_SMALL, r.errorCode(), name);
                                assertTrue(r.message().contains("at least"), r.message());
                            }
                            return;
                        }
                        assertTrue(r.hasValue(), () -> name + ": " + r.errorCode() + " " + r.message());
                        double e = v.asDouble();
                        if (check.absolute()) {
                            assertEquals(e, r.value(), check.rel(), name);
                        } else if (e == 0.0) {
                            assertEquals(0.0, r.value(), 0.0, name);
                        } else {
                            SpecImages.assertRel(e, r.value(), check.rel(), name);
                        }
                    }));
                }
            }
        }
        return tests;
    }

    @Test
    void everyCaseAndMappedValueIsCovered() throws IOException {
        JsonNode root = expected();
        int cases = 0;
        int checks = 0;
        for (JsonNode kase : root.get("cases")) {
            cases++;
            for (JsonNode domain : kase.get("domains")) {
                for (Check c : CHECKS) {
                    if (domain.get("values").has(c.golden())) {
                        checks++;
                    }
                }
            }
        }
        assertEquals(root.get("case_count").asInt(), cases);
        assertEquals(34, cases);
        // 597 golden values of these names; ssim_pytorch_msssim is checked twice
        assertTrue(checks > 597, "checks: " + checks);
    }
}
