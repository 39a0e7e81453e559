package org.imgloss.image;

import org.imgloss.errors.ErrorCode;

/**
 * The colour option ({@link DecodeOptions.Color}) as a transform of a decoded image. Pure; returns a
 * new image (or the input itself when nothing changes). The result keeps the input's bit depth and
 * sample format, which record where the values came from.
 *
 * <ul>
 *   <li>{@code keep}: the input.</li>
 *   <li>{@code gray}: {@code 0.299·R + 0.587·G + 0.114·B} (BT.601 weights, as piq and PIL "L" but
 *       without PIL's rounding to 8 bit), in double. A 1-channel image is returned as is.</li>
 *   <li>{@code y_bt601}: {@code (16 + 65.481·R + 128.553·G + 24.966·B) / 255} in double, MATLAB
 *       {@code rgb2ycbcr}'s Y for R, G, B in [0, 1] (without its rounding to 8 bit), as super-resolution
 *       benchmarks compute it. A 1-channel image is treated as R = G = B = v, giving
 *       {@code (16 + (65.481 + 128.553 + 24.966)·v) / 255}, i.e. the studio-swing range [16/255, 235/255].</li>
 * </ul>
 * {@code gray} and {@code y_bt601} need 1 or 3 channels; other counts are
 * {@link ErrorCode#UNSUPPORTED_FORMAT}.
 */
public final class ColorTransforms {

    private ColorTransforms() {
    }

    public static Image apply(Image img, DecodeOptions.Color color) throws DecodeException {
        if (color == DecodeOptions.Color.KEEP) {
            return img;
        }
        int cs = img.channels();
        if (cs != 1 && cs != 3) {
            throw new DecodeException(ErrorCode.UNSUPPORTED_FORMAT,
                    "color=" + color.configName() + " needs 1 or 3 channels, got " + cs);
        }
        if (color == DecodeOptions.Color.GRAY && cs == 1) {
            return img;
        }
        int n = img.pixels();
        double[] r = img.plane(0);
        double[] g = cs == 3 ? img.plane(1) : r;
        double[] b = cs == 3 ? img.plane(2) : r;
        double[] out = new double[n];
        if (color == DecodeOptions.Color.GRAY) {
            for (int i = 0; i < n; i++) {
                out[i] = 0.299 * r[i] + 0.587 * g[i] + 0.114 * b[i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = (16.0 + 65.481 * r[i] + 128.553 * g[i] + 24.966 * b[i]) / 255.0;
            }
        }
        return new Image(img.width(), img.height(), new double[][] {out}, img.bitDepth(), img.sampleFormat());
    }
}
