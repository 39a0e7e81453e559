package org.imgloss.image;

import org.imgloss.errors.ErrorCode;

/**
 * Raw 8-bit pixels in OpenCV's layout, as Spark's image data source ({@code spark.read.format("image")},
 * {@code org.apache.spark.ml.image.ImageSchema}) stores them in its image struct
 * {@code struct<origin: string, height: int, width: int, nChannels: int, mode: int, data: binary>}:
 * {@code data} holds {@code height × width × nChannels} bytes, row-major, channels interleaved in
 * <b>BGR(A)</b> order (OpenCV's convention), and {@code mode} is the OpenCV type.
 *
 * <p><b>Modes</b> (ImageSchema's {@code ocvTypes}): {@code 0} = {@code CV_8UC1} (gray, 1 channel),
 * {@code 16} = {@code CV_8UC3} (BGR), {@code 24} = {@code CV_8UC4} (BGRA). {@code -1} ("Undefined") is
 * what the image data source writes for a file it could not decode (with {@code height = width = -1}).
 *
 * <p><b>Values</b> are those of the PNG path for the same pixels ({@link ImageDecoder}): each byte
 * divided by 255.0 in double, channels reordered to R, G, B, alpha dropped (BGRA gives 3 channels,
 * as RGBA PNGs do), bit depth 8, unsigned; then the colour option ({@link ColorTransforms}). So a
 * struct and a PNG written from the same pixels give equal {@link Image}s and equal scores.
 *
 * <p><b>Errors</b> ({@link DecodeException}), in this order: a null field or mode {@code -1} →
 * {@code UNDECODABLE}; another mode → {@code UNSUPPORTED_FORMAT}; a non-positive size →
 * {@code UNDECODABLE}; more than {@code max_pixels} pixels → {@code TOO_LARGE} (before any pixel
 * buffer is allocated); {@code nChannels} not the mode's → {@code UNDECODABLE}; no data →
 * {@code EMPTY_INPUT}; {@code data} length not {@code height × width × nChannels} → {@code UNDECODABLE}.
 *
 * <p>Fields may be null (a struct read from a table can hold nulls); that is reported when decoding.
 */
public final class OpenCvPixels implements ImageInput {

    /** OpenCV {@code CV_8UC1}: 8-bit gray. */
    public static final int CV_8UC1 = 0;
    /** OpenCV {@code CV_8UC3}: 8-bit B, G, R. */
    public static final int CV_8UC3 = 16;
    /** OpenCV {@code CV_8UC4}: 8-bit B, G, R, A. */
    public static final int CV_8UC4 = 24;
    /** ImageSchema's "Undefined" mode: the image data source could not decode the file. */
    public static final int UNDEFINED = -1;

    private static final String WHAT = "image struct";

    private final Integer height;
    private final Integer width;
    private final Integer nChannels;
    private final Integer mode;
    private final byte[] data;

    /** The struct's fields; any may be null. The data array is not copied. */
    public OpenCvPixels(Integer height, Integer width, Integer nChannels, Integer mode, byte[] data) {
        this.height = height;
        this.width = width;
        this.nChannels = nChannels;
        this.mode = mode;
        this.data = data;
    }

    @Override
    public Image decode(DecodeOptions options) throws DecodeException {
        String nullField = height == null ? "height" : width == null ? "width" : nChannels == null ? "nChannels"
                : mode == null ? "mode" : null;
        if (nullField != null) {
            throw new DecodeException(ErrorCode.UNDECODABLE, WHAT + ": field '" + nullField + "' is null");
        }
        return toImage(height, width, nChannels, mode, data, options);
    }

    /** The channel count of an 8-bit mode, or 0 when the mode is not one of {@link #CV_8UC1}, {@link #CV_8UC3}, {@link #CV_8UC4}. */
    public static int channelsOf(int mode) {
        return switch (mode) {
            case CV_8UC1 -> 1;
            case CV_8UC3 -> 3;
            case CV_8UC4 -> 4;
            default -> 0;
        };
    }

    /**
     * The image these pixels make, as described in the class comment.
     *
     * @throws DecodeException {@code UNDECODABLE}, {@code UNSUPPORTED_FORMAT}, {@code TOO_LARGE} or
     *                         {@code EMPTY_INPUT}
     */
    public static Image toImage(int height, int width, int nChannels, int mode, byte[] data, DecodeOptions options)
            throws DecodeException {
        DecodeOptions opts = options == null ? DecodeOptions.DEFAULT : options;
        if (mode == UNDEFINED) {
            throw new DecodeException(ErrorCode.UNDECODABLE, WHAT + ": mode -1 (Undefined): Spark's image"
                    + " data source could not decode the file");
        }
        int channels = channelsOf(mode);
        if (channels == 0) {
            throw new DecodeException(ErrorCode.UNSUPPORTED_FORMAT, WHAT + ": mode " + mode
                    + " is not supported (0 = CV_8UC1, 16 = CV_8UC3, 24 = CV_8UC4 are)");
        }
        ImageDecoder.checkSize(WHAT, "height/width", width, height, opts.maxPixels());
        if (nChannels != channels) {
            throw new DecodeException(ErrorCode.UNDECODABLE, WHAT + ": nChannels is " + nChannels
                    + " but mode " + mode + " has " + channels);
        }
        if (data == null || data.length == 0) {
            throw new DecodeException(ErrorCode.EMPTY_INPUT, WHAT + ": no pixel data");
        }
        long expected = (long) height * width * channels;
        if (data.length != expected) {
            throw new DecodeException(ErrorCode.UNDECODABLE, WHAT + ": data has " + data.length
                    + " bytes, height x width x nChannels = " + height + "x" + width + "x" + channels + " = " + expected);
        }
        int n = width * height;
        double[][] planes = new double[channels == 1 ? 1 : 3][n];
        if (channels == 1) {
            double[] gray = planes[0];
            for (int i = 0; i < n; i++) {
                gray[i] = (data[i] & 0xFF) / 255.0;
            }
        } else {
            double[] r = planes[0];
            double[] g = planes[1];
            double[] b = planes[2];
            for (int i = 0, at = 0; i < n; i++, at += channels) {
                b[i] = (data[at] & 0xFF) / 255.0;
                g[i] = (data[at + 1] & 0xFF) / 255.0;
                r[i] = (data[at + 2] & 0xFF) / 255.0;
                // a fourth byte (alpha) is dropped, as for RGBA PNGs
            }
        }
        Image img = new Image(width, height, planes, 8, Image.SampleFormat.UNSIGNED_INT);
        return ColorTransforms.apply(img, opts.color());
    }

    @Override
    public String toString() {
        return "OpenCvPixels[" + height + "x" + width + "x" + nChannels + ", mode " + mode + ", "
                + (data == null ? "no" : data.length) + " bytes]";
    }
}
