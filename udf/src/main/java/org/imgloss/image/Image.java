package org.imgloss.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * A decoded image: {@code channels} planes of {@code height × width} samples, row-major, in
 * double precision.
 *
 * <p><b>Scale.</b> Integer encodings are scaled exactly as ARCHITECTURE.md says: 8-bit samples are
 * divided by 255 and 16-bit samples by 65535, in double arithmetic, so the value a kernel sees is
 * the correctly rounded double of {@code sample / max} (rounding to float32 first would cost about
 * 1e-8 relative, more than the golden tolerance). Floating-point encodings keep their stored values.
 * {@link #bitDepth()} and {@link #sampleFormat()} record where the values came from, so a metric
 * can pick its data range.
 *
 * <p><b>Memory.</b> An image takes {@code 8 × width × height × channels} bytes of sample data plus
 * a few dozen bytes of header: a 1024×1024 RGB image is 24 MiB, a 256×256 gray image 512 KiB.
 *
 * <p>Instances are effectively immutable: the planes are owned by the image and callers must not
 * write into the arrays returned by {@link #plane(int)}; transforms return new images.
 */
public final class Image {

    /** How the samples were stored before decoding. */
    public enum SampleFormat {
        /** Unsigned integers (8 or 16 bit), scaled to [0, 1]. */
        UNSIGNED_INT,
        /** IEEE floating point (32 or 64 bit), kept as stored. */
        FLOAT
    }

    private final int width;
    private final int height;
    private final double[][] planes;
    private final int bitDepth;
    private final SampleFormat sampleFormat;

    /**
     * @param width        columns, ≥ 1
     * @param height       rows, ≥ 1
     * @param planes       one array of {@code width × height} samples per channel, row-major;
     *                     the image takes ownership
     * @param bitDepth     bits per stored sample (8, 16, 32 or 64)
     * @param sampleFormat integer or floating point storage
     */
    public Image(int width, int height, double[][] planes, int bitDepth, SampleFormat sampleFormat) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be at least 1x1, got " + width + "x" + height);
        }
        if (planes.length < 1) {
            throw new IllegalArgumentException("image needs at least one channel");
        }
        long n = (long) width * height;
        for (int c = 0; c < planes.length; c++) {
            if (planes[c].length != n) {
                throw new IllegalArgumentException("channel " + c + " has " + planes[c].length
                        + " samples, expected " + width + "x" + height + " = " + n);
            }
        }
        this.width = width;
        this.height = height;
        this.planes = planes;
        this.bitDepth = bitDepth;
        this.sampleFormat = Objects.requireNonNull(sampleFormat, "sampleFormat");
    }

    /** A floating-point image built from planes (bit depth 64), e.g. by a transform or a test. */
    public static Image ofPlanes(int width, int height, double[]... planes) {
        return new Image(width, height, planes, 64, SampleFormat.FLOAT);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int channels() {
        return planes.length;
    }

    /** Samples per channel: {@code width × height}. */
    public int pixels() {
        return width * height;
    }

    public int bitDepth() {
        return bitDepth;
    }

    public SampleFormat sampleFormat() {
        return sampleFormat;
    }

    /** The samples of channel {@code c}, row-major ({@code y * width + x}). Read only. */
    public double[] plane(int c) {
        return planes[c];
    }

    /** The sample of channel {@code c} at column {@code x}, row {@code y}. */
    public double get(int c, int y, int x) {
        return planes[c][y * width + x];
    }

    /** True when the two images have the same width, height and channel count. */
    public boolean sameShape(Image other) {
        return width == other.width && height == other.height && planes.length == other.planes.length;
    }

    /** Shape as {@code HxWxC}, as used in error messages. */
    public String shape() {
        return height + "x" + width + "x" + planes.length;
    }

    /** Bytes of sample data this image holds. */
    public long sampleBytes() {
        return 8L * width * height * planes.length;
    }

    @Override
    public String toString() {
        return "Image[" + shape() + ", " + bitDepth + "-bit " + sampleFormat + "]";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Image)) {
            return false;
        }
        Image other = (Image) o;
        return sameShape(other) && Arrays.deepEquals(planes, other.planes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.deepHashCode(planes);
    }
}
