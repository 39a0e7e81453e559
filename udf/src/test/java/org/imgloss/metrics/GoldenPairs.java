package org.imgloss.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.imgloss.image.Image;

/** Loads a golden case's (reconstruction, original) pair in one of its domains. */
final class GoldenPairs {

    private GoldenPairs() {
    }

    static Image[] load(JsonNode kase, String domain) throws IOException {
        JsonNode files = kase.get("files");
        if ("sar".equals(kase.get("kind").asText())) {
            Image recon = npy(files.get("recon_npy").asText());
            Image orig = npy(files.get("orig_npy").asText());
            return sarDomain(recon, orig, domain, kase.get("domain_params"));
        }
        return new Image[] {png(files.get("recon").asText()), png(files.get("orig").asText())};
    }

    private static Image[] sarDomain(Image recon, Image orig, String domain, JsonNode params) {
        switch (domain) {
            case "linear_raw":
                return new Image[] {recon, orig};
            case "linear_minmax": {
                double lo = min(orig.plane(0));
                double hi = max(orig.plane(0));
                return new Image[] {map(recon, v -> (v - lo) / (hi - lo)), map(orig, v -> (v - lo) / (hi - lo))};
            }
            case "db_raw":
                return new Image[] {map(recon, GoldenPairs::db), map(orig, GoldenPairs::db)};
            case "db_minmax": {
                Image r = map(recon, GoldenPairs::db);
                Image o = map(orig, GoldenPairs::db);
                double lo = min(o.plane(0));
                double hi = max(o.plane(0));
                return new Image[] {map(r, v -> (v - lo) / (hi - lo)), map(o, v -> (v - lo) / (hi - lo))};
            }
            default:
                throw new IllegalArgumentException(domain);
        }
    }

    private static double db(double v) {
        return 10 * Math.log10(v + 1e-10);
    }

    private static Image map(Image im, java.util.function.DoubleUnaryOperator f) {
        double[] p = im.plane(0).clone();
        for (int i = 0; i < p.length; i++) {
            p[i] = f.applyAsDouble(p[i]);
        }
        return Image.ofPlanes(im.width(), im.height(), p);
    }

    private static double min(double[] a) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : a) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static double max(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static InputStream open(String path) {
        InputStream in = GoldenPairs.class.getResourceAsStream("/golden/" + path);
        if (in == null) {
            throw new IllegalStateException("missing golden file " + path);
        }
        return in;
    }

    private static Image png(String path) throws IOException {
        BufferedImage bi;
        try (InputStream in = open(path)) {
            bi = ImageIO.read(in);
        }
        Raster r = bi.getRaster();
        int bands = Math.min(3, r.getNumBands());
        int bits = r.getSampleModel().getSampleSize(0);
        double max = bits == 16 ? 65535.0 : 255.0;
        int w = r.getWidth();
        int h = r.getHeight();
        double[][] planes = new double[bands][w * h];
        for (int c = 0; c < bands; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    planes[c][y * w + x] = r.getSample(x, y, c) / max;
                }
            }
        }
        return Image.ofPlanes(w, h, planes);
    }

    private static Image npy(String path) throws IOException {
        byte[] bytes;
        try (InputStream in = open(path)) {
            bytes = in.readAllBytes();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen = b.getShort(8) & 0xffff;
        String header = new String(bytes, 10, headerLen, StandardCharsets.US_ASCII);
        if (!header.contains("'<f4'")) {
            throw new IllegalStateException("unexpected npy " + header);
        }
        String shape = header.substring(header.indexOf("(") + 1, header.indexOf(")"));
        String[] dims = shape.split(",");
        int h = Integer.parseInt(dims[0].trim());
        int w = Integer.parseInt(dims[1].trim());
        double[] p = new double[h * w];
        int off = 10 + headerLen;
        for (int i = 0; i < p.length; i++) {
            p[i] = b.getFloat(off + 4 * i);
        }
        return Image.ofPlanes(w, h, p);
    }
}
