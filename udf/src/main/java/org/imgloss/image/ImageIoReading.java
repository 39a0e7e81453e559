package org.imgloss.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ServiceRegistry;
import javax.imageio.stream.ImageInputStream;
import org.imgloss.errors.ErrorCode;

/**
 * The ImageIO half of decoding (PNG, JPEG, BMP, TIFF): picks a reader, reads the header, guards
 * {@code max_pixels} (the image's size, and a TIFF's tile size: both checked before the reader allocates
 * a raster), reads the first image and turns its raster into planes. Package-private.
 *
 * <p>Samples come from the {@link Raster} (never {@code getRGB}, which narrows 16-bit data and applies
 * colour conversions). Integer samples of {@code b} bits are divided by {@code 2^b − 1} in double
 * (255 for 8-bit, 65535 for 16-bit); float samples are kept. Indexed images are expanded through
 * their palette (8-bit entries, divided by 255). Alpha is dropped.
 *
 * <p>Float TIFFs are read with {@code readRaster}: TwelveMonkeys' {@code read} clamps float samples to
 * [0, 1] because Java2D colour models expect normalised floats (TwelveMonkeys issues #387, #775).
 */
final class ImageIoReading {

    /** Scans for ImageIO plugins once per JVM (class loader), so readers shipped in {@code spark.jars} are found. */
    private static final class Plugins {
        static {
            ImageIO.setUseCache(false);
            ImageIO.scanForPlugins();
        }

        static void ensure() {
            // the static initialiser does the work, once
        }
    }

    private ImageIoReading() {
    }

    /** Reads only the header of {@code bytes}, which are known to be {@code format}. */
    static ImageHeader probe(byte[] bytes, ImageFormat format) throws DecodeException {
        return withReader(bytes, format, reader -> {
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            ImageTypeSpecifier type = reader.getRawImageType(0);
            if (type == null) {
                Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
                type = types != null && types.hasNext() ? types.next() : null;
            }
            if (type == null) {
                throw new DecodeException(ErrorCode.UNSUPPORTED_FORMAT, format.configName() + ": no image type");
            }
            Layout l = layout(type.getColorModel(), type.getSampleModel(), format);
            return new ImageHeader(format, w, h, l.channels, l.bitDepth, l.sampleFormat);
        });
    }

    /** Decodes the first image of {@code bytes}, rejecting it from its header when it is over {@code maxPixels}. */
    static Image decode(byte[] bytes, ImageFormat format, long maxPixels) throws DecodeException {
        if (format == ImageFormat.BMP) {
            checkBmpHeader(bytes, maxPixels);
        }
        return withReader(bytes, format, reader -> {
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            ImageDecoder.checkSize(format, w, h, maxPixels);
            if (format == ImageFormat.TIFF && reader.isImageTiled(0)) { // a tile may be claimed larger than the image
                ImageDecoder.checkSize(format.configName() + " tile", "header", reader.getTileWidth(0),
                        reader.getTileHeight(0), maxPixels);
            }
            List<String> dataWarnings = new ArrayList<>();
            reader.addIIOReadWarningListener(dataWarningCollector(dataWarnings));
            ImageTypeSpecifier raw = format == ImageFormat.TIFF ? reader.getRawImageType(0) : null;
            Raster raster;
            ColorModel cm;
            if (raw != null && isFloat(raw.getSampleModel().getDataType()) && reader.canReadRaster()) {
                // read() gives a BufferedImage whose float samples are clamped to [0, 1] (colour models
                // need normalised floats); readRaster gives the samples as stored
                raster = reader.readRaster(0, reader.getDefaultReadParam());
                cm = raw.getColorModel();
            } else {
                BufferedImage img = reader.read(0, reader.getDefaultReadParam());
                raster = img.getRaster();
                cm = img.getColorModel();
            }
            if (!dataWarnings.isEmpty()) {
                throw new DecodeException(ErrorCode.UNDECODABLE,
                        format.configName() + ": corrupt or truncated data: " + dataWarnings.get(0));
            }
            if (raster.getWidth() != w || raster.getHeight() != h) {
                throw new DecodeException(ErrorCode.UNDECODABLE, format.configName() + ": header says "
                        + w + "x" + h + ", decoded " + raster.getWidth() + "x" + raster.getHeight());
            }
            return toImage(raster, cm, format);
        });
    }

    /**
     * The size guard for BMP, from the header itself: the JDK reader refuses a size it finds
     * inconsistent with the file before the caller could say the image is too large. The info header
     * ({@code BITMAPINFOHEADER} and its successors, 40 bytes or more) holds the width and the height
     * as signed 32-bit numbers at offsets 18 and 22 (a negative height is a top-down image); the core
     * header (12 bytes) as unsigned 16-bit numbers at 18 and 20. Other headers are left to ImageIO.
     */
    static void checkBmpHeader(byte[] b, long maxPixels) throws DecodeException {
        if (b.length < 26) {
            return;
        }
        long infoSize = le32(b, 14) & 0xFFFFFFFFL;
        long w;
        long h;
        if (infoSize == 12) {
            w = (b[18] & 0xFF) | (b[19] & 0xFF) << 8;
            h = (b[20] & 0xFF) | (b[21] & 0xFF) << 8;
        } else if (infoSize >= 40) {
            w = le32(b, 18);
            h = Math.abs((long) le32(b, 22));
        } else {
            return;
        }
        if (w > 0 && h > 0) {
            ImageDecoder.checkSize(ImageFormat.BMP, w, h, maxPixels);
        }
    }

    private static int le32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    /**
     * JPEG decoders report truncated or corrupt entropy-coded data as warnings and fill the rest of
     * the image with gray; those warnings ("Premature end of JPEG file", "Corrupt JPEG data: bad
     * Huffman code", …) make the image undecodable here. Metadata warnings (e.g. an invalid embedded
     * colour profile) and libjpeg's "extraneous bytes before marker" (padding that many writers leave,
     * with every pixel intact) are ignored.
     */
    private static IIOReadWarningListener dataWarningCollector(List<String> sink) {
        return (source, warning) -> {
            String w = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
            if (w.contains("extraneous bytes")) {
                return;
            }
            if (w.contains("premature end") || w.contains("corrupt jpeg data") || w.contains("truncated")) {
                sink.add(warning);
            }
        };
    }

    @FunctionalInterface
    private interface ReaderAction<T> {
        T run(ImageReader reader) throws IOException, DecodeException;
    }

    private static <T> T withReader(byte[] bytes, ImageFormat format, ReaderAction<T> action) throws DecodeException {
        Plugins.ensure();
        ImageReader reader;
        try {
            reader = pickReader(format);
        } catch (IOException | RuntimeException e) {
            throw new DecodeException(ErrorCode.UNSUPPORTED_FORMAT,
                    format.configName() + ": no usable ImageIO reader: " + describe(e), e);
        }
        try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
            reader.setInput(in, true, true);
            return action.run(reader);
        } catch (DecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DecodeException(ErrorCode.UNDECODABLE, format.configName() + ": " + describe(e), e);
        } finally {
            reader.dispose();
        }
    }

    /** The chosen reader provider per format, looked up once (after the plugin scan). */
    private static final Map<ImageFormat, ImageReaderSpi> PROVIDERS = new ConcurrentHashMap<>();

    /** A new reader for {@code format}; the TwelveMonkeys plugin when one is registered (TIFF: BigTIFF, tiles, floats). */
    private static ImageReader pickReader(ImageFormat format) throws DecodeException, IOException {
        ImageReaderSpi spi = PROVIDERS.computeIfAbsent(format, ImageIoReading::findProvider);
        if (spi == null) {
            throw new DecodeException(ErrorCode.UNSUPPORTED_FORMAT,
                    "no ImageIO reader for " + format.configName() + " on the class path");
        }
        return spi.createReaderInstance();
    }

    private static ImageReaderSpi findProvider(ImageFormat format) {
        ServiceRegistry.Filter byFormat = provider -> provider instanceof ImageReaderSpi spi
                && Arrays.asList(spi.getFormatNames()).contains(format.imageIoName());
        Iterator<ImageReaderSpi> it = IIORegistry.getDefaultInstance()
                .getServiceProviders(ImageReaderSpi.class, byFormat, true);
        ImageReaderSpi first = null;
        while (it.hasNext()) {
            ImageReaderSpi spi = it.next();
            if (spi.getClass().getName().startsWith("com.twelvemonkeys.")) {
                return spi;
            }
            if (first == null) {
                first = spi;
            }
        }
        return first;
    }

    /** How a decoded raster maps to planes. */
    private record Layout(int channels, int bitDepth, Image.SampleFormat sampleFormat, boolean palette, boolean grayPalette) {
    }

    private static Layout layout(ColorModel cm, SampleModel sm, ImageFormat format) throws DecodeException {
        if (cm instanceof IndexColorModel icm) {
            boolean gray = isGrayPalette(icm);
            return new Layout(gray ? 1 : 3, 8, Image.SampleFormat.UNSIGNED_INT, true, gray);
        }
        int bands = sm.getNumBands();
        int colour = cm == null ? bands : Math.min(bands, cm.getNumColorComponents());
        if (cm != null) {
            int space = cm.getColorSpace().getType();
            if (space == ColorSpace.TYPE_CMYK || space == ColorSpace.TYPE_CMY) {
                throw new DecodeException(ErrorCode.UNSUPPORTED_FORMAT,
                        format.configName() + ": CMYK/CMY images are not supported");
            }
        }
        int dataType = sm.getDataType();
        int bits = sm.getSampleSize(0);
        for (int b = 1; b < colour; b++) {
            if (sm.getSampleSize(b) > bits) {
                bits = sm.getSampleSize(b);
            }
        }
        return switch (dataType) {
            case DataBuffer.TYPE_FLOAT -> new Layout(colour, 32, Image.SampleFormat.FLOAT, false, false);
            case DataBuffer.TYPE_DOUBLE -> new Layout(colour, 64, Image.SampleFormat.FLOAT, false, false);
            case DataBuffer.TYPE_BYTE, DataBuffer.TYPE_USHORT, DataBuffer.TYPE_INT -> {
                if (bits > 16) {
                    throw new DecodeException(ErrorCode.UNSUPPORTED_FORMAT,
                            format.configName() + ": " + bits + "-bit integer samples are not supported (8 and 16 bit are)");
                }
                yield new Layout(colour, bits, Image.SampleFormat.UNSIGNED_INT, false, false);
            }
            default -> throw new DecodeException(ErrorCode.UNSUPPORTED_FORMAT,
                    format.configName() + ": signed integer samples are not supported");
        };
    }

    private static boolean isGrayPalette(IndexColorModel icm) {
        int n = icm.getMapSize();
        for (int i = 0; i < n; i++) {
            int r = icm.getRed(i);
            if (r != icm.getGreen(i) || r != icm.getBlue(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isFloat(int dataType) {
        return dataType == DataBuffer.TYPE_FLOAT || dataType == DataBuffer.TYPE_DOUBLE;
    }

    private static Image toImage(Raster raster, ColorModel cm, ImageFormat format) throws DecodeException {
        Layout l = layout(cm, raster.getSampleModel(), format);
        int w = raster.getWidth();
        int h = raster.getHeight();
        int n = w * h;
        double[][] planes = new double[l.channels][n];
        int x0 = raster.getMinX();
        int y0 = raster.getMinY();
        if (l.palette) {
            IndexColorModel icm = (IndexColorModel) cm;
            int size = icm.getMapSize();
            byte[][] maps = new byte[3][size];
            icm.getReds(maps[0]);
            icm.getGreens(maps[1]);
            icm.getBlues(maps[2]);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(x0, y0 + y, w, 1, 0, row);
                int base = y * w;
                for (int x = 0; x < w; x++) {
                    int idx = row[x];
                    if (idx >= size) {
                        throw new DecodeException(ErrorCode.UNDECODABLE,
                                format.configName() + ": palette index " + idx + " outside a palette of " + size);
                    }
                    for (int c = 0; c < l.channels; c++) {
                        planes[c][base + x] = (maps[c][idx] & 0xFF) / 255.0;
                    }
                }
            }
            return new Image(w, h, planes, 8, Image.SampleFormat.UNSIGNED_INT);
        }
        SampleModel sm = raster.getSampleModel();
        if (l.sampleFormat == Image.SampleFormat.FLOAT) {
            double[] row = new double[w];
            for (int c = 0; c < l.channels; c++) {
                double[] p = planes[c];
                for (int y = 0; y < h; y++) {
                    raster.getSamples(x0, y0 + y, w, 1, c, row);
                    System.arraycopy(row, 0, p, y * w, w);
                }
            }
            return new Image(w, h, planes, l.bitDepth, Image.SampleFormat.FLOAT);
        }
        if (!readInterleavedFast(raster, planes)) {
            int[] row = new int[w];
            for (int c = 0; c < l.channels; c++) {
                double max = (1 << sm.getSampleSize(c)) - 1;
                double[] p = planes[c];
                for (int y = 0; y < h; y++) {
                    raster.getSamples(x0, y0 + y, w, 1, c, row);
                    int base = y * w;
                    for (int x = 0; x < w; x++) {
                        p[base + x] = row[x] / max;
                    }
                }
            }
        }
        return new Image(w, h, planes, l.bitDepth, Image.SampleFormat.UNSIGNED_INT);
    }

    /**
     * Direct array access for the common layouts (8- or 16-bit component rasters, as PNG, JPEG, BMP and
     * most TIFFs decode to). Gives exactly the values of the generic path; returns false when the
     * raster is of another kind.
     */
    private static boolean readInterleavedFast(Raster raster, double[][] planes) {
        if (!(raster.getSampleModel() instanceof ComponentSampleModel sm)
                || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0
                || raster.getMinX() != 0 || raster.getMinY() != 0) {
            return false;
        }
        DataBuffer db = raster.getDataBuffer();
        int w = raster.getWidth();
        int h = raster.getHeight();
        int ps = sm.getPixelStride();
        int ss = sm.getScanlineStride();
        int[] banks = sm.getBankIndices();
        int[] offsets = sm.getBandOffsets();
        boolean bytes = db instanceof DataBufferByte && sm.getDataType() == DataBuffer.TYPE_BYTE;
        boolean shorts = db instanceof DataBufferUShort && sm.getDataType() == DataBuffer.TYPE_USHORT;
        if (!(bytes || shorts)) {
            return false;
        }
        for (int c = 0; c < planes.length; c++) {
            if (sm.getSampleSize(c) != (bytes ? 8 : 16)) {
                return false;
            }
        }
        for (int c = 0; c < planes.length; c++) {
            int start = db.getOffsets()[banks[c]] + offsets[c];
            if (bytes) {
                copyUnsigned(((DataBufferByte) db).getData(banks[c]), start, ps, ss, w, h, planes[c]);
            } else {
                copyUnsigned(((DataBufferUShort) db).getData(banks[c]), start, ps, ss, w, h, planes[c]);
            }
        }
        return true;
    }

    /** One band of 8-bit samples ({@code pixelStride}, {@code scanlineStride} apart) scaled by 1/255. */
    private static void copyUnsigned(byte[] data, int start, int pixelStride, int scanlineStride, int w, int h,
                                     double[] plane) {
        for (int y = 0; y < h; y++) {
            int i = start + y * scanlineStride;
            int base = y * w;
            for (int x = 0; x < w; x++, i += pixelStride) {
                plane[base + x] = (data[i] & 0xFF) / 255.0;
            }
        }
    }

    /** One band of 16-bit samples scaled by 1/65535 (the byte version's layout). */
    private static void copyUnsigned(short[] data, int start, int pixelStride, int scanlineStride, int w, int h,
                                     double[] plane) {
        for (int y = 0; y < h; y++) {
            int i = start + y * scanlineStride;
            int base = y * w;
            for (int x = 0; x < w; x++, i += pixelStride) {
                plane[base + x] = (data[i] & 0xFFFF) / 65535.0;
            }
        }
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        Throwable t = e;
        int depth = 0;
        while (t != null && depth < 3) {
            if (depth > 0) {
                sb.append(" <- ");
            }
            sb.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                sb.append(": ").append(t.getMessage());
            }
            t = t.getCause() == t ? null : t.getCause();
            depth++;
        }
        return sb.toString();
    }
}
