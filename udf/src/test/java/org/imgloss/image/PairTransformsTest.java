package org.imgloss.image;

import static org.imgloss.image.GoldenDecodeTest.assertRelative;
import static org.imgloss.image.GoldenDecodeTest.bytes;
import static org.imgloss.image.GoldenDecodeTest.naiveMse;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.DecodeOptions.Domain;
import org.imgloss.image.DecodeOptions.Normalize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Domain (linear, dB) and normalisation (none, original_minmax) against the golden SAR cases. */
class PairTransformsTest {

    static Stream<JsonNode> sarCases() {
        return GoldenDecodeTest.sarCases();
    }

    static DecodeOptions options(String domain) {
        return switch (domain) {
            case "linear_raw" -> DecodeOptions.DEFAULT;
            case "linear_minmax" -> DecodeOptions.DEFAULT.withNormalize(Normalize.ORIGINAL_MINMAX);
            case "db_raw" -> DecodeOptions.DEFAULT.withDomain(Domain.DB);
            case "db_minmax" -> DecodeOptions.DEFAULT.withDomain(Domain.DB).withNormalize(Normalize.ORIGINAL_MINMAX);
            default -> throw new IllegalArgumentException(domain);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sarCases")
    void goldenSarDomainsGiveTheGoldenMse(JsonNode c) throws Exception {
        String id = c.get("id").asText();
        Image recon = ImageDecoder.decode(bytes(c.get("files").get("recon").asText()), DecodeOptions.DEFAULT);
        Image orig = ImageDecoder.decode(bytes(c.get("files").get("orig").asText()), DecodeOptions.DEFAULT);
        double[] reconCopy = recon.plane(0).clone();
        double[] origCopy = orig.plane(0).clone();
        for (String domain : new String[] {"linear_raw", "linear_minmax", "db_raw", "db_minmax"}) {
            Image[] t = PairTransforms.apply(recon, orig, options(domain));
            double expected = c.get("domains").get(domain).get("values").get("mse").asDouble();
            assertRelative(expected, naiveMse(t[0], t[1]), 1e-12, id + " " + domain + " mse");
            if (domain.endsWith("minmax")) {
                double[] range = PairTransforms.minMax(t[1]);
                assertEquals(0.0, range[0], 0.0, id + " " + domain + " normalised original min");
                assertEquals(1.0, range[1], 0.0, id + " " + domain + " normalised original max");
            }
        }
        assertArrayEquals(reconCopy, recon.plane(0), 0.0, "inputs must not be written");
        assertArrayEquals(origCopy, orig.plane(0), 0.0, "inputs must not be written");

        // lo and hi of each minmax domain
        JsonNode params = c.get("domain_params");
        double eps = params.get("db_minmax").get("db_eps").asDouble();
        assertEquals(DecodeOptions.DEFAULT_EPS, eps, 0.0);
        double[] lin = PairTransforms.minMax(orig);
        assertEquals(params.get("linear_minmax").get("lo").asDouble(), lin[0], 0.0, id);
        assertEquals(params.get("linear_minmax").get("hi").asDouble(), lin[1], 0.0, id);
        double[] db = PairTransforms.minMax(PairTransforms.decibels(orig, eps));
        assertRelative(params.get("db_minmax").get("lo").asDouble(), db[0], 1e-15, id + " dB lo");
        assertRelative(params.get("db_minmax").get("hi").asDouble(), db[1], 1e-15, id + " dB hi");
    }

    @Test
    void identityOptionsReturnTheInputs() throws Exception {
        Image r = Image.ofPlanes(2, 1, new double[] {1, 2});
        Image o = Image.ofPlanes(2, 1, new double[] {3, 4});
        Image[] t = PairTransforms.apply(r, o, DecodeOptions.DEFAULT);
        assertSame(r, t[0]);
        assertSame(o, t[1]);
    }

    @Test
    void minmaxUsesTheOriginalsRangeOverAllChannels() throws Exception {
        Image r = Image.ofPlanes(2, 1, new double[] {0, 10}, new double[] {5, 2});
        Image o = Image.ofPlanes(2, 1, new double[] {2, 4}, new double[] {6, 3});
        Image[] t = PairTransforms.apply(r, o, DecodeOptions.DEFAULT.withNormalize(Normalize.ORIGINAL_MINMAX));
        assertArrayEquals(new double[] {-0.5, 2.0}, t[0].plane(0), 0.0);
        assertArrayEquals(new double[] {0.75, 0.0}, t[0].plane(1), 0.0);
        assertArrayEquals(new double[] {0.0, 0.5}, t[1].plane(0), 0.0);
        assertArrayEquals(new double[] {1.0, 0.25}, t[1].plane(1), 0.0);
        assertEquals(Image.SampleFormat.FLOAT, t[0].sampleFormat());
        assertEquals(64, t[0].bitDepth());
    }

    @Test
    void decibelsWithEps() throws Exception {
        Image r = Image.ofPlanes(3, 1, new double[] {1, 10, 0});
        Image o = Image.ofPlanes(3, 1, new double[] {100, 0.001, 1e-10});
        Image[] t = PairTransforms.apply(r, o, DecodeOptions.DEFAULT.withDomain(Domain.DB).withEps(0));
        assertArrayEquals(new double[] {0, 10, Double.NEGATIVE_INFINITY}, t[0].plane(0), 1e-12);
        assertArrayEquals(new double[] {20, -30, -100}, t[1].plane(0), 1e-12);
        Image[] e = PairTransforms.apply(r, o, DecodeOptions.DEFAULT.withDomain(Domain.DB));
        assertEquals(10 * Math.log10(1e-10), e[0].get(0, 0, 2), 0.0);
        assertEquals(10 * Math.log10(2e-10), e[1].get(0, 0, 2), 0.0);
    }

    @Test
    void negativeValuesUnderDbAreLeftToTheFinitenessCheck() throws Exception {
        Image r = Image.ofPlanes(2, 1, new double[] {-1, 1});
        Image o = Image.ofPlanes(2, 1, new double[] {1, 2});
        Image[] t = PairTransforms.apply(r, o, DecodeOptions.DEFAULT.withDomain(Domain.DB));
        assertTrue(Double.isNaN(t[0].get(0, 0, 0)));
        assertEquals(0.0, t[0].get(0, 0, 1), 1e-9);
    }

    @Test
    void constantOriginalCannotBeNormalised() {
        Image r = Image.ofPlanes(2, 2, new double[] {1, 2, 3, 4});
        Image o = Image.ofPlanes(2, 2, new double[] {0.5, 0.5, 0.5, 0.5});
        DecodeException e = assertThrows(DecodeException.class,
                () -> PairTransforms.apply(r, o, DecodeOptions.DEFAULT.withNormalize(Normalize.ORIGINAL_MINMAX)));
        assertEquals(ErrorCode.CONSTANT_ORIGINAL, e.code());
        DecodeException db = assertThrows(DecodeException.class, () -> PairTransforms.apply(r, o,
                DecodeOptions.DEFAULT.withDomain(Domain.DB).withNormalize(Normalize.ORIGINAL_MINMAX)));
        assertEquals(ErrorCode.CONSTANT_ORIGINAL, db.code());
    }

    @Test
    void nanIsSkippedWhenFindingTheRange() {
        Image o = Image.ofPlanes(3, 1, new double[] {Double.NaN, 2, -1});
        assertArrayEquals(new double[] {-1, 2}, PairTransforms.minMax(o), 0.0);
        Image all = Image.ofPlanes(1, 1, new double[] {Double.NaN});
        assertTrue(Double.isNaN(PairTransforms.minMax(all)[0]));
    }
}
