package org.imgloss.metrics.metamer;

import java.util.List;
import org.imgloss.metrics.MetricDefinition;
import org.imgloss.metrics.MetricDefinition.Better;
import org.imgloss.metrics.MetricFamily;
import org.imgloss.metrics.MetricParameters;
import org.imgloss.metrics.PairMetric;
import org.imgloss.metrics.Parameter;

/**
 * Catalogue section: odak's foveated metamer losses, {@code metameric} ({@link MetamericLoss}) and
 * {@code metamer_mse} ({@link MetamerMseLoss}). Parameter names and defaults are odak's, so configs
 * move between the two; {@code gaze}, {@code gaze_x_column}, {@code gaze_y_column},
 * {@code image_colorspace} and {@code metamer_geometry} are imgloss's (odak takes the first two as
 * call arguments).
 */
public final class MetamerLosses implements MetricFamily {

    private static final String REFERENCE_METAMERIC = "odak 0.2.7 MetamericLoss (CPU, float32) on shapes odak"
            + " accepts (width a multiple of 2^n_pyramid_levels, height <= width < ~3x height, >= 64 px for 5 levels;"
            + " other shapes are imgloss-defined); linear mode with the foveal term is looser because odak computes"
            + " its pooling map in float32; use_radial_weight and use_fullres_l0 (with use_l2_foveal_loss=false)"
            + " checked against odak at gaze (0.25, 0.6). Not odak-comparable: equi with use_fullres_l0 uses the"
            + " equirectangular map throughout (odak falls back to the flat-screen map)";
    private static final String TOLERANCE_METAMERIC = "1e-4 relative in quadratic mode or with"
            + " use_l2_foveal_loss=false; 1e-3 relative in linear mode with the foveal term";
    private static final String REFERENCE_MSE = "odak 0.2.7 MetamerMSELoss (CPU) for n_orientations 2 and 4 on"
            + " shapes odak accepts; the metamers equal odak's within float32 rounding (max abs difference 7e-6 at"
            + " 128x128, 7e-5 at 256x256, mean 4e-7, on values up to ~2). n_orientations 6 and single-channel images"
            + " are imgloss-defined (odak crashes)";
    private static final String TOLERANCE_MSE = "1e-4 relative (observed ~1e-6)";

    /** Made by {@link java.util.ServiceLoader}; see {@link MetricFamily}. */
    public MetamerLosses() {
    }

    @Override
    public int position() {
        return 70;
    }

    @Override
    public List<MetricDefinition> definitions() {
        return List.of(
                new MetricDefinition("metameric",
                        "foveated metamer loss: MSE of pooled steerable-pyramid statistics + fovea-weighted pixel MSE",
                        Better.LOWER, REFERENCE_METAMERIC, TOLERANCE_METAMERIC, metamericParameters(),
                        MetamerLosses::metameric).withRange("≥ 0, 0 for identical images"),
                new MetricDefinition("metamer_mse",
                        "MSE between the reconstruction and a seeded metamer of the original (RGB, padded size)",
                        Better.LOWER, REFERENCE_MSE, TOLERANCE_MSE, metamerMseParameters(), MetamerLosses::metamerMse).withRange("> 0 (compared with a noise metamer of the original: never 0)"));
    }

    private static List<Parameter> common(boolean mse) {
        return List.of(
                Parameter.ofDouble("alpha", 0.2, "foveation strength: pooling diameter = alpha*e (linear) or alpha*e^2"
                        + " (quadratic), e = eccentricity in radians").positive(),
                Parameter.ofDouble("real_image_width", 0.2, "displayed image width (any unit; only width/distance"
                        + " matters)" + (mse ? "; ignored by the metamer unless metamer_geometry=given, as in odak"
                        : "")).positive(),
                Parameter.ofDouble("real_viewing_distance", 0.7, "eye-to-screen distance, same unit as"
                        + " real_image_width" + (mse ? "; ignored like real_image_width" : "")).positive(),
                Parameter.ofInt("n_pyramid_levels", 5, "steerable pyramid levels L (2..12); images are reflect-padded"
                        + " to multiples of 2^L").checked(v -> (int) v >= 2 && (int) v <= 12, "must be between 2 and 12"),
                Parameter.ofChoice("mode", "quadratic", List.of("quadratic", "linear"), "growth of the pooling"
                        + " regions with eccentricity" + (mse ? "; ignored like real_image_width" : "")));
    }

    private static List<Parameter> gaze() {
        return List.of(
                Parameter.ofDoubleList("gaze", new double[] {0.5, 0.5}, "gaze (x, y) in normalised image"
                        + " coordinates (0,0 = top left) used when the pair has no gaze columns; (yaw, pitch) in"
                        + " radians with equi").checked(v -> ((double[]) v).length == 2
                        && Double.isFinite(((double[]) v)[0]) && Double.isFinite(((double[]) v)[1]),
                        "must be two finite numbers"),
                Parameter.ofString("gaze_x_column", "gaze_x", "carried column with the pair's gaze x"),
                Parameter.ofString("gaze_y_column", "gaze_y", "carried column with the pair's gaze y"));
    }

    private static List<Parameter> metamericParameters() {
        List<Parameter> p = new java.util.ArrayList<>(common(false));
        p.add(Parameter.ofInt("n_orientations", 2, "oriented bands per pyramid level: 1, 2, 4 or 6")
                .checked(v -> List.of(1, 2, 4, 6).contains((Integer) v), "must be 1, 2, 4 or 6"));
        p.add(Parameter.ofBoolean("use_l2_foveal_loss", true, "add fovea_weight * MSE of the fovea-masked images and"
                + " mask the statistics there"));
        p.add(Parameter.ofDouble("fovea_weight", 20.0, "weight of the foveal pixel MSE").nonNegative());
        p.add(Parameter.ofBoolean("use_radial_weight", false, "weight each statistics map by 1.1 - r^4 (r = normalised"
                + " distance from the gaze, read as (row, column) like odak); not odak-comparable"));
        p.add(Parameter.ofBoolean("use_fullres_l0", false, "replace the lowpass residual by a foveated blur of the"
                + " full-resolution image and zero the statistics where pooling < 1 px; needs"
                + " use_l2_foveal_loss=false; not odak-comparable"));
        p.add(Parameter.ofBoolean("equi", false, "360-degree equirectangular images; gaze is (yaw, pitch) in radians"));
        p.add(Parameter.ofChoice("image_colorspace", "rgb", List.of("rgb", "ycrcb"), "rgb: convert 3-channel input to"
                + " YCrCb first (odak's default); ycrcb: the input already is"));
        p.addAll(gaze());
        return p;
    }

    private static List<Parameter> metamerMseParameters() {
        List<Parameter> p = new java.util.ArrayList<>(common(true));
        p.add(Parameter.ofInt("n_orientations", 2, "oriented bands per pyramid level: 2, 4 or 6 (6 uses the"
                + " uncropped 9x9 lowpass, not odak-comparable)").checked(v -> List.of(2, 4, 6).contains((Integer) v),
                "must be 2, 4 or 6 (1 is rejected: odak's cropped single band filter is not zero-sum, so its metamers"
                        + " blow up to losses around 7e4)"));
        p.add(Parameter.ofBoolean("equi", false, "360-degree equirectangular images; gaze is (yaw, pitch) in radians"));
        p.add(Parameter.ofChoice("metamer_geometry", "odak", List.of("odak", "given"), "odak: pool the metamer"
                + " statistics with width 0.3, distance 0.6, quadratic as odak does; given: use real_image_width,"
                + " real_viewing_distance and mode (not odak-comparable)"));
        p.addAll(gaze());
        return p;
    }

    private static GazeSource gazeSource(MetricParameters p) {
        double[] g = p.getDoubleList("gaze");
        return new GazeSource(g[0], g[1], p.getString("gaze_x_column"), p.getString("gaze_y_column"));
    }

    private static PairMetric metameric(MetricParameters p) {
        MetamericLoss.Settings s = new MetamericLoss.Settings(p.getDouble("alpha"), p.getDouble("real_image_width"),
                p.getDouble("real_viewing_distance"), p.getInt("n_pyramid_levels"),
                p.getString("mode").equals("quadratic"), p.getInt("n_orientations"), p.getBoolean("use_l2_foveal_loss"),
                p.getDouble("fovea_weight"), p.getBoolean("use_radial_weight"), p.getBoolean("use_fullres_l0"),
                p.getBoolean("equi"), p.getString("image_colorspace").equals("rgb"));
        return new MetamericLoss(s, gazeSource(p));
    }

    private static PairMetric metamerMse(MetricParameters p) {
        MetamerGenerator.Settings s = new MetamerGenerator.Settings(p.getDouble("alpha"),
                p.getDouble("real_image_width"), p.getDouble("real_viewing_distance"),
                p.getString("mode").equals("quadratic"), p.getInt("n_pyramid_levels"), p.getInt("n_orientations"),
                p.getBoolean("equi"), p.getString("metamer_geometry").equals("odak"));
        return new MetamerMseLoss(s, gazeSource(p));
    }
}
