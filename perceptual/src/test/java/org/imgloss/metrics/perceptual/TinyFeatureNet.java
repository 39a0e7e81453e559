package org.imgloss.metrics.perceptual;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.imgloss.image.Image;

/**
 * A tiny two-tap "VGG" the tests write themselves as ONNX, and the same network computed naively in
 * double precision with plain loops (the oracle):
 * <pre>
 *   relu1_2 = Relu(Conv3x3(image; W1[2,3,3,3], b1, zero pads 1))        2 × H × W
 *   relu2_2 = Relu(Conv1x1(MaxPool2x2/2(relu1_2); W2[3,2,1,1], b2))     3 × ⌊H/2⌋ × ⌊W/2⌋
 * </pre>
 * Weights have both signs so the ReLUs zero some positions.
 */
public final class TinyFeatureNet {

    static final float[] W1 = new float[2 * 3 * 3 * 3];
    static final float[] B1 = {0.1f, -0.2f};
    static final float[] W2 = new float[3 * 2];
    static final float[] B2 = {0.05f, -0.1f, 0.2f};

    static {
        for (int i = 0; i < W1.length; i++) {
            W1[i] = ((i * 7) % 11 - 5) / 10f;
        }
        for (int i = 0; i < W2.length; i++) {
            W2[i] = ((i * 5) % 7 - 3) / 4f;
        }
    }

    private TinyFeatureNet() {
    }

    /** The network as ONNX bytes; {@code batch} is a fixed batch size or {@code null} for a dynamic one. */
    public static byte[] onnx(Integer batch) {
        Object n = batch == null ? "N" : batch;
        return new OnnxProtoWriter()
                .input("image", n, 3, "H", "W")
                .output("relu1_2", n, 2, "H", "W")
                .output("relu2_2", n, 3, "H2", "W2")
                .initializer("w1", W1, 2, 3, 3, 3)
                .initializer("b1", B1, 2)
                .initializer("w2", W2, 3, 2, 1, 1)
                .initializer("b2", B2, 3)
                .node("Conv", new String[] {"image", "w1", "b1"}, new String[] {"c1"},
                        OnnxProtoWriter.intsAttr("kernel_shape", 3, 3), OnnxProtoWriter.intsAttr("pads", 1, 1, 1, 1))
                .node("Relu", new String[] {"c1"}, new String[] {"relu1_2"})
                .node("MaxPool", new String[] {"relu1_2"}, new String[] {"p1"},
                        OnnxProtoWriter.intsAttr("kernel_shape", 2, 2), OnnxProtoWriter.intsAttr("strides", 2, 2))
                .node("Conv", new String[] {"p1", "w2", "b2"}, new String[] {"c2"},
                        OnnxProtoWriter.intsAttr("kernel_shape", 1, 1))
                .node("Relu", new String[] {"c2"}, new String[] {"relu2_2"})
                .build(13);
    }

    /** A model whose one output, "pixels", is its input: features = the transformed pixels. */
    static byte[] identityOnnx() {
        return new OnnxProtoWriter()
                .input("image", "N", 3, "H", "W")
                .output("pixels", "N", 3, "H", "W")
                .node("Identity", new String[] {"image"}, new String[] {"pixels"})
                .build(13);
    }

    public static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    /**
     * The oracle: both taps for one image already transformed to model input (3 planes H×W).
     * Returns {tap1[c][y][x], tap2[c][y][x]} as double[tap][c][y*w+x].
     */
    static double[][][] forward(double[][] in, int h, int w) {
        double[][] t1 = new double[2][h * w];
        for (int o = 0; o < 2; o++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double s = B1[o];
                    for (int c = 0; c < 3; c++) {
                        for (int ky = 0; ky < 3; ky++) {
                            for (int kx = 0; kx < 3; kx++) {
                                int yy = y + ky - 1;
                                int xx = x + kx - 1;
                                if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                    s += W1[((o * 3 + c) * 3 + ky) * 3 + kx] * in[c][yy * w + xx];
                                }
                            }
                        }
                    }
                    t1[o][y * w + x] = Math.max(0, s);
                }
            }
        }
        int h2 = h / 2;
        int w2 = w / 2;
        double[][] pooled = new double[2][h2 * w2];
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < h2; y++) {
                for (int x = 0; x < w2; x++) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int dy = 0; dy < 2; dy++) {
                        for (int dx = 0; dx < 2; dx++) {
                            m = Math.max(m, t1[c][(2 * y + dy) * w + 2 * x + dx]);
                        }
                    }
                    pooled[c][y * w2 + x] = m;
                }
            }
        }
        double[][] t2 = new double[3][h2 * w2];
        for (int o = 0; o < 3; o++) {
            for (int p = 0; p < h2 * w2; p++) {
                double s = B2[o];
                for (int c = 0; c < 2; c++) {
                    s += W2[o * 2 + c] * pooled[c][p];
                }
                t2[o][p] = Math.max(0, s);
            }
        }
        return new double[][][] {t1, t2};
    }

    /** The model input of an image: gray repeated ×3, then a_c·v + b_c, rounded to float32 as the kernel feeds it. */
    static double[][] modelInput(Image im, double[] a, double[] b) {
        double[][] out = new double[3][im.pixels()];
        for (int c = 0; c < 3; c++) {
            double[] src = im.plane(im.channels() == 1 ? 0 : c);
            for (int i = 0; i < src.length; i++) {
                out[c][i] = (float) (a[c] * src[i] + b[c]);
            }
        }
        return out;
    }

    /** ImageNet normalisation as a, b. */
    static double[][] imagenet() {
        double[] mean = {0.485, 0.456, 0.406};
        double[] std = {0.229, 0.224, 0.225};
        double[] a = new double[3];
        double[] b = new double[3];
        for (int c = 0; c < 3; c++) {
            a[c] = 1 / std[c];
            b[c] = -mean[c] / std[c];
        }
        return new double[][] {a, b};
    }

    /**
     * The spec's §11 test pattern, scaled to [0, 1]: X (original) for {@code noisy=false}, Y (X plus a
     * deterministic ±15 pattern, clamped) for {@code noisy=true}.
     */
    static Image pattern(int h, int w, int channels, boolean noisy) {
        double[][] planes = new double[channels][h * w];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    int x = ((i / 8) * 37 + (j / 8) * 59 + i + j + 17 * c) % 256;
                    int v = x;
                    if (noisy) {
                        int noise = ((7 * i + 13 * j + 3 * i * j + 5 * c) % 31) - 15;
                        v = Math.max(0, Math.min(255, x + noise));
                    }
                    planes[c][i * w + j] = v / 255.0;
                }
            }
        }
        return Image.ofPlanes(w, h, planes);
    }
}
