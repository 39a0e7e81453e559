package org.imgloss.metrics.perceptual;

/**
 * One float output of a model run: {@code images × channels × spatial} values, row-major, as ONNX
 * Runtime returned them for an {@code N×C×H×W} (or {@code N×C×…}) tensor. {@code spatial} is the
 * product of the dimensions after the channel axis (1 for an {@code N×C} output).
 *
 * @param name     the model output's name
 * @param data     the values; image {@code i}, channel {@code c}, position {@code p} is at
 *                 {@code (i·channels + c)·spatial + p}
 * @param images   N
 * @param channels C
 * @param spatial  H·W
 */
public record FeatureMaps(String name, float[] data, int images, int channels, int spatial) {

    /** Offset of image {@code i}'s first value. */
    public int offset(int image) {
        return image * channels * spatial;
    }
}
