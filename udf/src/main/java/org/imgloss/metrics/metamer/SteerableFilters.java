package org.imgloss.metrics.metamer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The filter set of odak's spatial steerable pyramid for {@code n} orientations: highpass
 * {@code h0}, lowpass split {@code l0}, down/up lowpass {@code l} and {@code n} band filters
 * {@code b[k]}. The taps are data, read from the resource {@code steerable-filters.json} (a copy of
 * {@code shared/design/reference/steerable-filters.json}: the float32 values torch holds in odak
 * 0.2.7, arrays indexed [row][column] as used by the correlation).
 *
 * <p>{@link #cropped(int)} is what odak's {@code MetamericLoss} and {@code MetamerMSELoss} use
 * ({@code filter_type="cropped", filter_size=5}): 5×5 {@code h0}, {@code l0} and bands, a 13×13
 * {@code l} for 1, 2 and 4 orientations and a 2×2 {@code l} for 6 (a quirk of odak's crop; spec §8.1).
 * {@link #full(int)} is the uncropped source table (pyrtools' sp0/sp1/sp3/sp5 filters).
 * {@link #withLowpass} lets imgloss's metamer generation use the uncropped 9×9 {@code l} with six
 * orientations, where odak's 2×2 filter cannot reconstruct (spec §10.4).
 *
 * <p>Instances are immutable.
 */
public final class SteerableFilters {

    /** The orientation counts odak supports. */
    public static final List<Integer> ORIENTATIONS = List.of(1, 2, 4, 6);

    private static final String RESOURCE = "steerable-filters.json";
    private static volatile JsonNode table;

    private final int orientations;
    private final Filter2D h0;
    private final Filter2D l0;
    private final Filter2D l;
    private final List<Filter2D> bands;

    SteerableFilters(int orientations, Filter2D h0, Filter2D l0, Filter2D l, List<Filter2D> bands) {
        if (bands.size() != orientations) {
            throw new IllegalArgumentException("need " + orientations + " band filters, got " + bands.size());
        }
        this.orientations = orientations;
        this.h0 = h0;
        this.l0 = l0;
        this.l = l;
        this.bands = List.copyOf(bands);
    }

    /** odak's cropped 5×5 filter set for 1, 2, 4 or 6 orientations. */
    public static SteerableFilters cropped(int orientations) {
        return load(orientations, "cropped_size5");
    }

    /** The uncropped source filters for 1, 2, 4 or 6 orientations. */
    public static SteerableFilters full(int orientations) {
        return load(orientations, "full");
    }

    /** The same set with another down/up lowpass filter. */
    public SteerableFilters withLowpass(Filter2D lowpass) {
        return new SteerableFilters(orientations, h0, l0, lowpass, bands);
    }

    /**
     * Test hook: the same set with one tap of one filter changed by {@code delta}. {@code which} is
     * {@code "h0"}, {@code "l0"}, {@code "l"} or {@code "b<k>"}.
     */
    SteerableFilters withTapAdded(String which, int i, int j, double delta) {
        Filter2D nh0 = which.equals("h0") ? h0.withTapAdded(i, j, delta) : h0;
        Filter2D nl0 = which.equals("l0") ? l0.withTapAdded(i, j, delta) : l0;
        Filter2D nl = which.equals("l") ? l.withTapAdded(i, j, delta) : l;
        Filter2D[] nb = bands.toArray(new Filter2D[0]);
        if (which.startsWith("b")) {
            int k = Integer.parseInt(which.substring(1));
            nb[k] = nb[k].withTapAdded(i, j, delta);
        }
        return new SteerableFilters(orientations, nh0, nl0, nl, List.of(nb));
    }

    public int orientations() {
        return orientations;
    }

    /** Highpass filter applied at full resolution. */
    public Filter2D h0() {
        return h0;
    }

    /** Lowpass filter that splits off the band levels at full resolution. */
    public Filter2D l0() {
        return l0;
    }

    /** Lowpass used before each downsampling and after each upsampling (taps sum to 2). */
    public Filter2D l() {
        return l;
    }

    /** The oriented band filters, band 0 first. */
    public List<Filter2D> bands() {
        return bands;
    }

    public Filter2D band(int k) {
        return bands.get(k);
    }

    private static SteerableFilters load(int orientations, String kind) {
        if (!ORIENTATIONS.contains(orientations)) {
            throw new IllegalArgumentException("n_orientations must be 1, 2, 4 or 6, got " + orientations);
        }
        JsonNode set = table().path("n_orientations_" + orientations).path(kind);
        if (!set.isObject()) {
            throw new IllegalStateException("no " + kind + " filters for " + orientations + " orientations in " + RESOURCE);
        }
        Filter2D h0 = filter(set.get("h0"));
        Filter2D l0 = filter(set.get("l0"));
        Filter2D l = filter(set.get("l"));
        JsonNode b = set.get("b");
        Filter2D[] bands = new Filter2D[b.size()];
        for (int k = 0; k < bands.length; k++) {
            bands[k] = filter(b.get(k));
        }
        return new SteerableFilters(orientations, h0, l0, l, List.of(bands));
    }

    private static Filter2D filter(JsonNode rows) {
        int cols = rows.get(0).size();
        double[] taps = new double[rows.size() * cols];
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            if (row.size() != cols) {
                throw new IllegalStateException("ragged filter row " + i + " in " + RESOURCE);
            }
            for (int j = 0; j < cols; j++) {
                JsonNode tap = row.get(j);
                if (!tap.isNumber()) {
                    throw new IllegalStateException("filter tap " + i + "," + j + " is not a number in " + RESOURCE);
                }
                taps[i * cols + j] = tap.doubleValue();
            }
        }
        return new Filter2D(rows.size(), cols, taps);
    }

    private static JsonNode table() {
        JsonNode t = table;
        if (t == null) {
            synchronized (SteerableFilters.class) {
                t = table;
                if (t == null) {
                    try (InputStream in = SteerableFilters.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("resource " + RESOURCE + " is missing from the jar");
                        }
                        t = new ObjectMapper().readTree(in);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + RESOURCE, e);
                    }
                    table = t;
                }
            }
        }
        return t;
    }

    @Override
    public String toString() {
        return "SteerableFilters[" + orientations + " orientations, h0 " + h0.rows() + "x" + h0.cols() + ", l0 "
                + l0.rows() + "x" + l0.cols() + ", l " + l.rows() + "x" + l.cols() + "]";
    }
}
