package org.imgloss.bench;

import java.util.concurrent.TimeUnit;
import org.imgloss.image.DecodeException;
import org.imgloss.image.DecodeOptions;
import org.imgloss.image.Image;
import org.imgloss.image.ImageDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Time to decode one image from its file bytes with {@link ImageDecoder} and the default options:
 * PNG 8-bit and 16-bit (Paeth-filtered, deflated), 8-bit Adam7-interlaced, 8-bit palette with
 * {@code tRNS} (gray palette for gray shapes, a 6×7×6 colour cube for RGB), uncompressed float32 TIFF and LZW TIFF (float32 with
 * the floating-point predictor, uint16 with horizontal differencing; ~8 KiB strips), bytes made in
 * {@code @Setup} by {@link BenchEncoders} from a {@link BenchImages} original.
 *
 * <p>Sample-time mode: JMH times individual calls, so the results carry the median (p50) beside the
 * mean; on a shared, loaded machine the median is the steadier of the two.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DecodeBenchmark {

    @Param({"png8", "png16", "png8_interlaced", "png_palette8_trns", "tiff_float32", "tiff_lzw_float32", "tiff_lzw_uint16"})
    public String format;

    @Param({"256x256x1", "512x512x3", "1024x1024x1"})
    public String shape;

    private byte[] bytes;

    @Setup
    public void setUp() throws DecodeException {
        Image img = BenchImages.original(BenchImages.Shape.parse(shape), 20261123L);
        bytes = switch (format) {
            case "png8" -> BenchEncoders.png(img, 8);
            case "png16" -> BenchEncoders.png(img, 16);
            case "png8_interlaced" -> BenchEncoders.pngInterlaced(img);
            case "png_palette8_trns" -> BenchEncoders.pngPalette8(img);
            case "tiff_float32" -> BenchEncoders.tiffFloat32(img);
            case "tiff_lzw_float32" -> BenchEncoders.tiffLzw(img, true);
            case "tiff_lzw_uint16" -> BenchEncoders.tiffLzw(img, false);
            default -> throw new IllegalArgumentException(
                    "format must be png8, png16, png8_interlaced, png_palette8_trns, tiff_float32, tiff_lzw_float32 or tiff_lzw_uint16, got " + format);
        };
        Image back = ImageDecoder.decode(bytes, DecodeOptions.DEFAULT);
        if (!back.sameShape(img)) {
            throw new IllegalStateException(format + " " + shape + " decoded as " + back.shape());
        }
    }

    @Benchmark
    public Image decode() throws DecodeException {
        return ImageDecoder.decode(bytes, DecodeOptions.DEFAULT);
    }
}
