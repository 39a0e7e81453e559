package org.imgloss.metrics.metamer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * odak's {@code calc_statsmaps} building blocks (spec §9.1) for one pyramid and one foveation
 * geometry: per band map, the pooled mean {@code μ = blur(B, λ)} and standard deviation
 * {@code σ = sqrt(max(blur(B²) − μ², 1e−7))}, with λ the LOD map for that band's own size.
 *
 * <p>LOD maps and their {@link MipPooling} plans depend only on (map size, gaze) for a fixed
 * geometry; they are built once and kept in a small LRU cache (32 entries), so a partition whose
 * pairs share a size and a gaze builds them once. Not thread-safe.
 */
public final class FoveatedStatistics {

    private static final int CACHE = 32;

    private final FoveationGeometry geometry;
    private final Map<Key, Pooled> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Pooled> eldest) {
            return size() > CACHE;
        }
    };

    private record Key(int h, int w, double gx, double gy) {
    }

    /** The LOD map and pooling plan of one map size and gaze. */
    public record Pooled(double[] lod, MipPooling pooling) {
    }

    public FoveatedStatistics(FoveationGeometry geometry) {
        this.geometry = geometry;
    }

    public FoveationGeometry geometry() {
        return geometry;
    }

    /** LOD map and pooling plan for a {@code h × w} map and a gaze (cached). */
    public Pooled pooled(int h, int w, double gx, double gy) {
        Key k = new Key(h, w, gx, gy);
        Pooled p = cache.get(k);
        if (p == null) {
            double[] lod = geometry.lodMap(gx, gy, h, w);
            p = new Pooled(lod, new MipPooling(h, w, lod));
            cache.put(k, p);
        }
        return p;
    }

    /**
     * odak's fovea mask {@code F = base^10} for the full-resolution LOD map λ0, with
     * {@code base = 1 − λ0 / max λ0}, and {@code base = 1} where λ0 < 1e−6 (or everywhere when
     * max λ0 = 0).
     */
    public static double[] foveaMask(double[] lod0) {
        double max = 0;
        for (double v : lod0) {
            max = Math.max(max, v);
        }
        double[] f = new double[lod0.length];
        for (int i = 0; i < f.length; i++) {
            double base = (max > 0 && lod0[i] >= 1e-6) ? 1.0 - lod0[i] / max : 1.0;
            f[i] = Math.pow(base, 10.0);
        }
        return f;
    }

    /**
     * odak's {@code make_radial_map} weight {@code 1.1 − ρ⁴} for a {@code h × w} map, where ρ is the
     * distance from {@code (a·h, b·w)} in the grid {@code rows = linspace(0, h, h)},
     * {@code cols = linspace(0, w, w)}, divided by its maximum. Note the order: odak reads the
     * gaze pair as (row fraction, column fraction) here, the other way round from the LOD maps
     * (spec §9.3); this is reproduced.
     */
    public static double[] radialWeight(int h, int w, double a, double b) {
        double[] rows = FoveationGeometry.linspace(0, h, h);
        double[] cols = FoveationGeometry.linspace(0, w, w);
        double pr = a * h;
        double pc = b * w;
        double[] rho = new double[h * w];
        double max = 0;
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                double d = Math.sqrt((rows[i] - pr) * (rows[i] - pr) + (cols[j] - pc) * (cols[j] - pc));
                rho[i * w + j] = d;
                max = Math.max(max, d);
            }
        }
        for (int i = 0; i < rho.length; i++) {
            double r = max > 0 ? rho[i] / max : 0.0;
            double r2 = r * r;
            rho[i] = 1.1 - r2 * r2;
        }
        return rho;
    }
}
