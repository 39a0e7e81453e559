package org.imgloss.metrics.metamer;

import java.util.Locale;

/**
 * Foveation geometry of odak's metamer losses (spec §6): for a gaze point and a map size, the
 * level of detail λ per pixel, i.e. log2 of the side (in pixels) of the pooling region.
 *
 * <p><b>Flat screen</b> (default): an image {@code real_image_width} wide seen from
 * {@code real_viewing_distance} (same unit; only their ratio matters), the eye facing the image
 * centre. Pixel positions are {@code x_j = W·(−0.5 + j/(w−1))}, {@code y_i = H·(−0.5 + i/(h−1))}
 * ({@code H = W·h/w}), {@code z = D}. The eccentricity {@code e} (radians) is the angle between the
 * pixel direction and the gaze direction {@code ((2gx−1)W/2, (2gy−1)H/2, D)}; {@code c} is the
 * angle to the screen normal. The pooling region's angular diameter is {@code p = α·e} (linear) or
 * {@code α·e²} (quadratic); its footprint is an ellipse with radial axis
 * {@code D·(tan(c + p/2) − tan(c − p/2))} and tangential axis {@code 2·r·tan(p/2)} (evaluated through
 * the equivalent {@code 2·sin p / (cos p + cos 2c)} and {@code sin p / (1 + cos p)}); the side of
 * the square of equal area, in pixels, is {@code s = sqrt(|π·A·B/4|)·w/W}, and
 * {@code λ = max(0, log2(s + 1e−6))}.
 *
 * <p><b>Equirectangular</b> ({@code equi}): the gaze is (yaw, pitch) in radians, pixel directions
 * come from {@code yaw_j = linspace(−π, π, w)} and {@code pitch_i = linspace(−π/2, π/2, h)}, the axes
 * are {@code p·w/(2π)} and {@code p·h/π} pixels.
 *
 * <p>Computed in double precision, so it differs from odak's float32 maps by up to ≈1e−3 absolute
 * near the gaze (spec §14); the golden LOD summaries agree within 1e−4 elsewhere. Two guards that
 * odak lacks: the equirectangular dot product is clamped to [−1, 1] (odak can produce NaN there), and
 * λ is capped at {@link #MAX_LOD} (no map has 2^64 pixels per side, so this changes no pooling: the
 * blur returns the global mean for every λ at or above the top MIP level).
 *
 * @param alpha                 foveation strength α (> 0)
 * @param realImageWidth        displayed image width (> 0), flat mode only
 * @param realViewingDistance   eye-to-screen distance (> 0), flat mode only
 * @param quadratic             {@code p = α·e²} when true, {@code α·e} when false
 * @param equi                  equirectangular 360° geometry
 */
public record FoveationGeometry(double alpha, double realImageWidth, double realViewingDistance, boolean quadratic,
                                boolean equi) {

    /** Cap on λ (see the class comment). */
    public static final double MAX_LOD = 64.0;

    /** The geometry {@code gen_metamer} uses in odak whatever the constructor said: 0.3 / 0.6 / quadratic. */
    public static FoveationGeometry odakMetamer(double alpha, boolean equi) {
        return new FoveationGeometry(alpha, 0.3, 0.6, true, equi);
    }

    /** "quadratic" or "linear". */
    public String mode() {
        return quadratic ? "quadratic" : "linear";
    }

    /**
     * The LOD map λ for a {@code h × w} map, row-major.
     *
     * @param gx horizontal gaze (0 left … 1 right), or yaw in radians when {@code equi}
     * @param gy vertical gaze (0 top … 1 bottom), or pitch in radians when {@code equi}
     */
    public double[] lodMap(double gx, double gy, int h, int w) {
        return equi ? equiLod(gx, gy, h, w) : flatLod(gx, gy, h, w);
    }

    private double[] flatLod(double gx, double gy, int h, int w) {
        double wr = realImageWidth;
        double hr = wr / w * h;
        double d = realViewingDistance;
        double[] xs = linspace(-0.5, 0.5, w);
        double[] ys = linspace(-0.5, 0.5, h);
        double gX = (gx * 2 - 1) * wr * 0.5;
        double gY = (gy * 2 - 1) * hr * 0.5;
        double gn = Math.sqrt(gX * gX + gY * gY + d * d);
        gX /= gn;
        gY /= gn;
        double gZ = d / gn;
        double[] out = new double[h * w];
        for (int i = 0; i < h; i++) {
            double y = ys[i] * hr;
            for (int j = 0; j < w; j++) {
                double x = xs[j] * wr;
                double r = Math.sqrt(x * x + y * y + d * d);
                double ux = x / r;
                double uy = y / r;
                double uz = d / r;
                double e = Math.acos(clamp(gX * ux + gY * uy + gZ * uz));
                double p = alpha * e;
                if (quadratic) {
                    p *= e;
                }
                // tan(c + p/2) − tan(c − p/2) = 2·sin p / (cos p + cos 2c), with cos 2c = 2·uz² − 1 (c is
                // the angle to the screen normal, cos c = uz), and tan(p/2) = sin p / (1 + cos p): the same
                // quantities without evaluating c, at a third of the transcendental calls
                double sp = Math.sin(p);
                double cp = Math.cos(p);
                double major = 2 * sp / (cp + 2 * uz * uz - 1) * d;
                double minor = 2 * r * (sp / (1 + cp));
                double side = Math.sqrt(Math.abs(Math.PI * major * minor * 0.25));
                out[i * w + j] = lod(side / wr * w);
            }
        }
        return out;
    }

    private double[] equiLod(double yaw, double pitch, int h, int w) {
        double vx = Math.sin(yaw) * Math.cos(pitch);
        double vy = Math.sin(pitch);
        double vz = Math.cos(yaw) * Math.cos(pitch);
        double[] yaws = linspace(-Math.PI, Math.PI, w);
        double[] pitches = linspace(-Math.PI * 0.5, Math.PI * 0.5, h);
        double perRadX = w / (2 * Math.PI);
        double perRadY = h / Math.PI;
        double[] out = new double[h * w];
        for (int i = 0; i < h; i++) {
            double cp = Math.cos(pitches[i]);
            double sp = Math.sin(pitches[i]);
            for (int j = 0; j < w; j++) {
                double dot = vx * Math.sin(yaws[j]) * cp + vy * sp + vz * Math.cos(yaws[j]) * cp;
                double e = Math.acos(clamp(dot));
                double p = alpha * e;
                if (quadratic) {
                    p *= e;
                }
                double area = Math.PI * (p * perRadX) * (p * perRadY) * 0.25;
                out[i * w + j] = lod(Math.sqrt(Math.abs(area)));
            }
        }
        return out;
    }

    private static double lod(double sidePixels) {
        double l = Math.log(1e-6 + sidePixels) / Math.log(2.0);
        if (!(l > 0)) {
            return 0.0; // also maps NaN to 0 (a degenerate footprint pools nothing)
        }
        return Math.min(l, MAX_LOD);
    }

    private static double clamp(double v) {
        return v < -1.0 ? -1.0 : (v > 1.0 ? 1.0 : v);
    }

    /** numpy / torch {@code linspace(a, b, n)}: {@code a + i·(b − a)/(n − 1)}, exactly {@code b} last. */
    static double[] linspace(double a, double b, int n) {
        double[] out = new double[n];
        if (n == 1) {
            out[0] = a;
            return out;
        }
        double step = (b - a) / (n - 1);
        for (int i = 0; i < n; i++) {
            out[i] = a + i * step;
        }
        out[n - 1] = b;
        return out;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "FoveationGeometry[alpha=%s, width=%s, distance=%s, %s%s]", alpha,
                realImageWidth, realViewingDistance, mode(), equi ? ", equi" : "");
    }
}
