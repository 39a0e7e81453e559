package org.imgloss.metrics.metamer;

import java.util.Map;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.Image;
import org.imgloss.metrics.GeneratingMetric;
import org.imgloss.metrics.MetricCatalog;
import org.imgloss.metrics.MetricResult;
import org.imgloss.metrics.pixel.Mse;
import org.imgloss.metrics.InputPairMetric;
import org.imgloss.metrics.PairInputs;
import org.imgloss.metrics.PairMetric;

/**
 * odak's {@code MetamerMSELoss}: the mean squared error between the reconstruction and a metamer of
 * the original ({@link MetamerGenerator}), in RGB, over all channels and pixels of the padded images
 * (odak pads before generating, so the loss covers the padding too). Never 0, even for identical
 * images (the metamer is not the image).
 *
 * <p><b>Defaults</b> (odak's): alpha 0.2, n_pyramid_levels 5, n_orientations 2, equi false, gaze
 * (0.5, 0.5). {@code real_image_width}, {@code real_viewing_distance} and {@code mode} are accepted
 * for config compatibility and, as in odak, do not affect the metamer (it always pools with
 * 0.3 / 0.6 / quadratic) unless {@code metamer_geometry = given}.
 *
 * <p><b>Agreement</b> with odak 0.2.7 on {@code golden/metamer}: see {@link MetamerLosses}
 * (catalogue entry {@code metamer_mse}). n_orientations 6 and single-channel images give
 * imgloss-defined values (see {@link MetamerGenerator}); n_orientations 1 is a configuration error.
 *
 * <p><b>Cache.</b> The original's metamer is kept by <em>content</em> and gaze (the last 4 originals;
 * the parameters are fixed per instance), so scoring many reconstructions of one original generates
 * its metamer once, and a new gaze always regenerates it (odak caches by object identity and reuses a
 * stale metamer after a gaze change, spec §11). Not thread-safe.
 */
public final class MetamerMseLoss implements InputPairMetric, GeneratingMetric {

    private static final int CACHE = 4;

    private final MetamerGenerator generator;
    private final GazeSource gaze;
    /**
     * The last {@value #CACHE} originals' metamers, most recently used first. A short list compared by
     * content beats a hash map here: a miss usually differs in the first samples, a hit costs one
     * vectorised array comparison, and no hash of every sample is needed.
     */
    private final java.util.ArrayList<Cached> cache = new java.util.ArrayList<>(CACHE + 1);
    private int generated;

    /** One cached metamer: the original it was made from (compared by content, not identity) and the gaze. */
    private record Cached(Image original, double gx, double gy, double[][] metamer) {

        boolean matches(Image image, double x, double y) {
            return Double.compare(gx, x) == 0 && Double.compare(gy, y) == 0 && original.equals(image);
        }
    }

    public MetamerMseLoss(MetamerGenerator.Settings settings, GazeSource gaze) {
        this(new MetamerGenerator(settings), gaze);
    }

    MetamerMseLoss(MetamerGenerator generator, GazeSource gaze) {
        this.generator = generator;
        this.gaze = gaze;
    }

    /**
     * A kernel configured like the catalogue's {@code metamer_mse} from raw parameter values (text or
     * typed, as in a job config): the entry point for writing the metamers of a dataset.
     *
     * @throws org.imgloss.metrics.ParameterException for an unknown parameter or a bad value
     */
    public static MetamerMseLoss fromParameters(Map<String, ?> raw) {
        return (MetamerMseLoss) MetricCatalog.get("metamer_mse").create(raw);
    }

    public MetamerGenerator generator() {
        return generator;
    }

    /** The settings whose values are imgloss's, not odak 0.2.7's (README, "Odak-comparable settings"). */
    @Override
    public java.util.List<String> notes() {
        MetamerGenerator.Settings s = generator.settings();
        java.util.List<String> notes = new java.util.ArrayList<>();
        if (s.nOrientations() == 6) {
            notes.add("n_orientations=6 uses the uncropped 9x9 lowpass filter, since odak crashes with its cropped"
                    + " 2x2 one: not odak-comparable");
        }
        if (!s.odakGeometry() && !(s.realImageWidth() == 0.3 && s.realViewingDistance() == 0.6 && s.quadratic())) {
            notes.add("metamer_geometry=given pools the metamer's statistics with the configured width, distance and"
                    + " mode (odak always uses 0.3, 0.6, quadratic): not odak-comparable");
        }
        return notes;
    }

    /** How many metamers this instance has generated (cache misses). */
    public int metamersGenerated() {
        return generated;
    }


    @Override
    public MetricResult compute(Image reconstruction, Image original, PairInputs inputs) {
        return gaze.evaluate(inputs, (gx, gy) -> evaluate(reconstruction, original, gx, gy));
    }

    /** The loss at an explicit gaze, as a value or a reason why there is none. */
    public MetricResult evaluate(Image reconstruction, Image original, double gx, double gy) {
        if (!reconstruction.sameShape(original)) {
            return MetricResult.notApplicable(ErrorCode.NOT_APPLICABLE, "reconstruction is "
                    + reconstruction.shape() + " but original is " + original.shape());
        }
        String problem = generator.problem(original.height(), original.width(), original.channels());
        if (problem != null) {
            return SteerablePyramid.unscorable(problem);
        }
        return MetricResult.of(loss(reconstruction, original, gx, gy));
    }

    /**
     * The loss at an explicit gaze.
     *
     * @throws IllegalArgumentException when {@link #evaluate} would report no value
     */
    public double loss(Image reconstruction, Image original, double gx, double gy) {
        if (!reconstruction.sameShape(original)) {
            throw new IllegalArgumentException("reconstruction is " + reconstruction.shape() + " but original is "
                    + original.shape());
        }
        double[][] metamer = paddedMetamer(original, gx, gy);
        PyramidPadding pad = PyramidPadding.of(original.height(), original.width(),
                generator.settings().nPyramidLevels());
        double sum = 0;
        long count = 0;
        for (int c = 0; c < reconstruction.channels(); c++) {
            double[] r = pad.apply(reconstruction.plane(c), reconstruction.height(), reconstruction.width());
            sum += Mse.channelSquaredError(r, metamer[c]);
            count += r.length;
        }
        return sum / count;
    }

    /**
     * The metamer of a pair's original, as the job writes it: the original's size, RGB (or one
     * channel), not clamped, at the pair's gaze (columns or the {@code gaze} parameter).
     *
     * @throws IllegalArgumentException when the gaze columns are unusable or the image cannot get a metamer
     */
    public Image metamer(Image original, PairInputs inputs) {
        GazeSource.Gaze g = gaze.resolve(inputs);
        if (!g.ok()) {
            throw new IllegalArgumentException(g.problem());
        }
        return metamer(original, g.x(), g.y());
    }

    /** The metamer ({@link #metamer(Image, PairInputs)}): what the job writes for each pair. */
    @Override
    public Image generatedImage(Image original, PairInputs inputs) {
        return metamer(original, inputs);
    }

    /** The metamer of {@code original} at an explicit gaze, the original's size (uses the cache). */
    public Image metamer(Image original, double gx, double gy) {
        double[][] padded = paddedMetamer(original, gx, gy);
        PyramidPadding pad = PyramidPadding.of(original.height(), original.width(),
                generator.settings().nPyramidLevels());
        double[][] planes = new double[padded.length][];
        for (int c = 0; c < padded.length; c++) {
            planes[c] = pad.crop(padded[c], original.height(), original.width()).clone();
        }
        return Image.ofPlanes(original.width(), original.height(), planes);
    }

    private double[][] paddedMetamer(Image original, double gx, double gy) {
        for (int i = 0; i < cache.size(); i++) {
            Cached c = cache.get(i);
            if (c.matches(original, gx, gy)) {
                if (i > 0) {
                    cache.remove(i);
                    cache.add(0, c);
                }
                return c.metamer();
            }
        }
        double[][] m = generator.generatePadded(original, gx, gy);
        generated++;
        cache.add(0, new Cached(original, gx, gy, m));
        if (cache.size() > CACHE) {
            cache.remove(CACHE);
        }
        return m;
    }
}
