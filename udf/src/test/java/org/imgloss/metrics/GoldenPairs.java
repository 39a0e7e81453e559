package org.imgloss.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import org.imgloss.image.DecodeException;
import org.imgloss.image.DecodeOptions;
import org.imgloss.image.Image;
import org.imgloss.image.ImageDecoder;
import org.imgloss.image.PairTransforms;

/**
 * Loads a golden case's (reconstruction, original) pair in one of its domains, through the project's
 * own {@link ImageDecoder} and {@link PairTransforms}: {@code unit} and {@code linear_raw} are the
 * decoded values, {@code linear_minmax} normalises by the original's min/max, {@code db_raw} is
 * {@code 10·log10(v + 1e-10)} and {@code db_minmax} both.
 */
public final class GoldenPairs {

    private GoldenPairs() {
    }

    public static Image[] load(JsonNode kase, String domain) throws IOException, DecodeException {
        JsonNode files = kase.get("files");
        Image recon = ImageDecoder.decode(read(files.get("recon").asText()), DecodeOptions.DEFAULT);
        Image orig = ImageDecoder.decode(read(files.get("orig").asText()), DecodeOptions.DEFAULT);
        return PairTransforms.apply(recon, orig, options(domain));
    }

    public static DecodeOptions options(String domain) {
        DecodeOptions o = DecodeOptions.DEFAULT;
        switch (domain) {
            case "unit":
            case "linear_raw":
                return o;
            case "linear_minmax":
                return o.withNormalize(DecodeOptions.Normalize.ORIGINAL_MINMAX);
            case "db_raw":
                return o.withDomain(DecodeOptions.Domain.DB).withEps(1e-10);
            case "db_minmax":
                return o.withDomain(DecodeOptions.Domain.DB).withEps(1e-10)
                        .withNormalize(DecodeOptions.Normalize.ORIGINAL_MINMAX);
            default:
                throw new IllegalArgumentException("unknown golden domain " + domain);
        }
    }

    private static byte[] read(String path) throws IOException {
        try (InputStream in = GoldenPairs.class.getResourceAsStream("/golden/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing golden file " + path);
            }
            return in.readAllBytes();
        }
    }
}
