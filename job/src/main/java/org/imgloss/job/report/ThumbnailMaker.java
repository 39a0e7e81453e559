package org.imgloss.job.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.imgloss.image.DecodeException;
import org.imgloss.image.DecodeOptions;
import org.imgloss.image.Image;
import org.imgloss.image.ImageInput;
import org.imgloss.image.PairTransforms;
import org.imgloss.metrics.MapMetric;

/**
 * The pictures of one pair, made where its bytes are (on an executor): reconstruction, original,
 * the absolute-error heatmap and the SSIM map, each at most {@value #MAX_SIDE} px on its long side
 * (area-averaged; smaller images keep their size) and encoded as JPEG within a byte budget.
 *
 * <p>Both sides are decoded with the run's decode options, as the metrics saw them before the pair
 * transforms. Samples are shown as they are when all lie in [0, 1] (8- and 16-bit images), else
 * scaled from the pair's joint minimum to its maximum. The error heatmap is the per-pixel absolute
 * difference averaged over channels, from 0 to its largest value (given with the pictures). The
 * SSIM map comes from the configured SSIM metric's own kernel ({@link MapMetric}) on the pair as
 * the metric sees it (after the pair transforms); its scale runs from SSIM 1 to 0 (and below).
 * Not thread-safe: one per task.
 */
final class ThumbnailMaker {

    static final int MAX_SIDE = 256;
    private static final float[] QUALITIES = {0.9f, 0.75f, 0.6f, 0.45f, 0.3f};
    private static final int MIN_SIDE = 24;

    /** The pictures of a pair as JPEG bytes (null when not made), and what was not made and why. */
    record Made(byte[] reconstruction, byte[] original, byte[] error, double errorMax, byte[] ssim, int width,
                int height, String note) {
    }

    private final DecodeOptions options;
    private final MapMetric ssim;
    private final boolean ssimIsLoss;
    private final int byteCap;

    /**
     * @param ssim       the SSIM metric's kernel, or null for no map
     * @param ssimIsLoss whether its map is {@code 1 − SSIM} ({@code ssim_loss})
     * @param byteCap    the most bytes one picture may take; quality, then size, go down until it fits
     */
    ThumbnailMaker(DecodeOptions options, MapMetric ssim, boolean ssimIsLoss, int byteCap) {
        this.options = options;
        this.ssim = ssim;
        this.ssimIsLoss = ssimIsLoss;
        this.byteCap = byteCap;
    }

    Made make(ImageInput reconstruction, ImageInput original) {
        Image r;
        Image o;
        try {
            r = reconstruction.decode(options);
        } catch (DecodeException | RuntimeException e) {
            return new Made(null, null, null, 0, null, 0, 0, "reconstruction not decoded: " + e.getMessage());
        }
        try {
            o = original.decode(options);
        } catch (DecodeException | RuntimeException e) {
            return new Made(null, null, null, 0, null, 0, 0, "original not decoded: " + e.getMessage());
        }
        double[] range = displayRange(r, o);
        byte[] rj = jpeg(picture(r, range));
        byte[] oj = jpeg(picture(o, range));
        if (!r.sameShape(o)) {
            return new Made(rj, oj, null, 0, null, o.width(), o.height(),
                    "no error map: the reconstruction is " + r.shape() + ", the original " + o.shape());
        }
        double[] err = absoluteError(r, o);
        double errMax = 0;
        for (double e : err) {
            errMax = Math.max(errMax, e);
        }
        byte[] ej = jpeg(heatmap(err, o.width(), o.height(), errMax > 0 ? 1 / errMax : 0, false));
        byte[] sj = null;
        String note = null;
        if (ssim != null) {
            try {
                Image[] seen = PairTransforms.apply(r, o, options);
                Image map = ssim.valueMap(seen[0], seen[1]);
                sj = jpeg(heatmap(map.plane(0), map.width(), map.height(), 1, !ssimIsLoss));
            } catch (DecodeException | RuntimeException e) {
                note = "no SSIM map: " + e.getMessage();
            }
        }
        return new Made(rj, oj, ej, errMax, sj, o.width(), o.height(), note);
    }

    /** {@code {low, high}} of the samples shown black and white: [0, 1], or the pair's joint range. */
    static double[] displayRange(Image a, Image b) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Image im : new Image[] {a, b}) {
            for (int c = 0; c < im.channels(); c++) {
                for (double v : im.plane(c)) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
        }
        if (lo >= 0 && hi <= 1 || lo > hi) {
            return new double[] {0, 1};
        }
        return new double[] {lo, hi > lo ? hi : lo + 1};
    }

    /** The image at thumbnail size: RGB for three channels, else its first channel in grey. */
    private static BufferedImage picture(Image im, double[] range) {
        int[] size = thumbSize(im.width(), im.height());
        boolean rgb = im.channels() == 3;
        double[][] planes = new double[rgb ? 3 : 1][];
        for (int c = 0; c < planes.length; c++) {
            planes[c] = resize(im.plane(c), im.width(), im.height(), size[0], size[1]);
        }
        BufferedImage out = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
        double scale = 255 / (range[1] - range[0]);
        for (int p = 0; p < size[0] * size[1]; p++) {
            int px = 0;
            for (int c = 0; c < 3; c++) {
                double v = planes[rgb ? c : 0][p];
                int b = Double.isFinite(v) ? (int) Math.round((v - range[0]) * scale) : 0;
                px = px << 8 | Math.max(0, Math.min(255, b));
            }
            out.setRGB(p % size[0], p / size[0], px);
        }
        return out;
    }

    private static double[] absoluteError(Image r, Image o) {
        double[] e = new double[o.pixels()];
        for (int c = 0; c < o.channels(); c++) {
            double[] a = r.plane(c);
            double[] b = o.plane(c);
            for (int p = 0; p < e.length; p++) {
                double d = Math.abs(a[p] - b[p]);
                e[p] += Double.isFinite(d) ? d / o.channels() : 0;
            }
        }
        return e;
    }

    /** A map in colour: {@code value · gain} on the scale, or {@code 1 − value} when {@code invert}. */
    private static BufferedImage heatmap(double[] values, int w, int h, double gain, boolean invert) {
        int[] size = thumbSize(w, h);
        double[] v = resize(values, w, h, size[0], size[1]);
        BufferedImage out = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < v.length; p++) {
            double t = invert ? 1 - v[p] : v[p] * gain;
            out.setRGB(p % size[0], p / size[0], Colormap.rgb(t));
        }
        return out;
    }

    /** {@code {width, height}} with the long side at most {@value #MAX_SIDE}. */
    static int[] thumbSize(int w, int h) {
        double s = Math.min(1.0, (double) MAX_SIDE / Math.max(w, h));
        return new int[] {Math.max(1, (int) Math.round(w * s)), Math.max(1, (int) Math.round(h * s))};
    }

    /** Area-average resampling of one plane to {@code tw × th} (each output pixel the mean of the input it covers). */
    static double[] resize(double[] plane, int w, int h, int tw, int th) {
        if (tw == w && th == h) {
            return plane;
        }
        double[] out = new double[tw * th];
        for (int ty = 0; ty < th; ty++) {
            int y0 = (int) ((long) ty * h / th);
            int y1 = Math.max(y0 + 1, (int) ((long) (ty + 1) * h / th));
            for (int tx = 0; tx < tw; tx++) {
                int x0 = (int) ((long) tx * w / tw);
                int x1 = Math.max(x0 + 1, (int) ((long) (tx + 1) * w / tw));
                double sum = 0;
                int n = 0;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        double v = plane[y * w + x];
                        if (Double.isFinite(v)) {
                            sum += v;
                            n++;
                        }
                    }
                }
                out[ty * tw + tx] = n == 0 ? Double.NaN : sum / n;
            }
        }
        return out;
    }

    /** JPEG bytes within the cap: lower quality first, then smaller (down to {@value #MIN_SIDE} px). */
    private byte[] jpeg(BufferedImage image) {
        BufferedImage im = image;
        byte[] bytes = null;
        while (true) {
            for (float q : QUALITIES) {
                bytes = encode(im, q);
                if (bytes.length <= byteCap) {
                    return bytes;
                }
            }
            int longSide = Math.max(im.getWidth(), im.getHeight());
            if (longSide <= MIN_SIDE) {
                return bytes;
            }
            int nw = Math.max(1, im.getWidth() * 3 / 4);
            int nh = Math.max(1, im.getHeight() * 3 / 4);
            BufferedImage smaller = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = smaller.createGraphics();
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
                    java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(im, 0, 0, nw, nh, null);
            g.dispose();
            im = smaller;
        }
    }

    private static byte[] encode(BufferedImage im, float quality) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(im, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a thumbnail", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
