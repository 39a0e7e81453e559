package org.imgloss.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imgloss.errors.ErrorCode;

/**
 * Reads NumPy {@code .npy} files (format versions 1.0, 2.0, 3.0), the one {@code .npy} parser of
 * imgloss.
 *
 * <p>Images (package-private, callers use {@link ImageDecoder} and {@link ImageProbe}): an
 * {@code H×W} or {@code H×W×C} array of {@code uint8}, {@code uint16}, {@code float32} or
 * {@code float64}, either byte order, C or Fortran order (both give the same image). {@code uint8} is
 * divided by 255 and {@code uint16} by 65535 in double; floats are kept as stored ({@code float32}
 * upcast exactly). Every channel is kept: an array has no alpha flag.
 *
 * <p>Other arrays ({@link #readFloatArray}): {@code float32} or {@code float64} of any shape, as
 * stored, in C order.
 */
public final class NpyReader {

    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

    /** The dtypes (without byte order) of images, and their sizes in bytes. */
    private static final Map<String, Integer> IMAGE_TYPES = Map.of("u1", 1, "u2", 2, "f4", 4, "f8", 8);
    /** The dtypes of {@link #readFloatArray}. */
    private static final Map<String, Integer> FLOAT_TYPES = Map.of("f4", 4, "f8", 8);

    /**
     * An array read by {@link #readFloatArray}: its shape (empty for a scalar) and its values,
     * flattened in C (row-major) order.
     */
    public record FloatArray(long[] shape, double[] values) {
    }

    /** A parsed image header: where the data starts and how to read it. */
    record Header(int dataOffset, ByteOrder order, char kind, int itemSize, boolean fortran,
                  int height, int width, int channels) {

        long pixels() {
            return (long) height * width;
        }

        int bitDepth() {
            return itemSize * 8;
        }

        Image.SampleFormat sampleFormat() {
            return kind == 'f' ? Image.SampleFormat.FLOAT : Image.SampleFormat.UNSIGNED_INT;
        }

        ImageHeader toImageHeader() {
            return new ImageHeader(ImageFormat.NPY, width, height, channels, bitDepth(), sampleFormat());
        }
    }

    private NpyReader() {
    }

    /**
     * A {@code .npy} header's dictionary, checked as far as every caller needs: where the data
     * starts, byte order, dtype (one of the caller's), memory order and shape.
     */
    private record ArrayHeader(int dataOffset, ByteOrder order, String descr, String type, int itemSize,
                               boolean fortran, List<Long> dims) {
    }

    /**
     * Parses the header of any {@code .npy} array (after the magic, which the caller has checked);
     * {@code itemSizes} holds the dtypes (without byte order) the caller reads, {@code supported}
     * names them for the message.
     */
    private static ArrayHeader arrayHeader(byte[] b, Map<String, Integer> itemSizes, String supported)
            throws DecodeException {
        if (b.length < 10) {
            throw undecodable("npy: truncated header (" + b.length + " bytes)");
        }
        int major = b[6] & 0xFF;
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (b.length < 12) {
                throw undecodable("npy: truncated header (" + b.length + " bytes)");
            }
            long len = (b[8] & 0xFFL) | (b[9] & 0xFFL) << 8 | (b[10] & 0xFFL) << 16 | (b[11] & 0xFFL) << 24;
            if (len > Integer.MAX_VALUE - 12) {
                throw undecodable("npy: header length " + len + " is impossible");
            }
            headerLen = (int) len;
            start = 12;
        } else {
            throw new DecodeException(ErrorCode.UNSUPPORTED_FORMAT, "npy: format version " + major + " is not supported");
        }
        if ((long) start + headerLen > b.length) {
            throw undecodable("npy: header of " + headerLen + " bytes runs past the end of the data");
        }
        String dict = new String(b, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

        Matcher m = DESCR.matcher(dict);
        if (!m.find()) {
            throw new DecodeException(ErrorCode.UNSUPPORTED_FORMAT, "npy: no simple 'descr' in header " + brief(dict));
        }
        String descr = m.group(1);
        ByteOrder order;
        String type;
        char first = descr.isEmpty() ? ' ' : descr.charAt(0);
        if (first == '<' || first == '|' || first == '=') {
            order = ByteOrder.LITTLE_ENDIAN;
            type = descr.substring(1);
        } else if (first == '>') {
            order = ByteOrder.BIG_ENDIAN;
            type = descr.substring(1);
        } else {
            order = ByteOrder.LITTLE_ENDIAN;
            type = descr;
        }
        Integer itemSize = itemSizes.get(type);
        if (itemSize == null) {
            throw new DecodeException(ErrorCode.UNSUPPORTED_FORMAT,
                    "npy: dtype '" + descr + "' is not supported (" + supported + " are)");
        }

        Matcher f = FORTRAN.matcher(dict);
        boolean fortran = f.find() && f.group(1).equals("True");

        Matcher s = SHAPE.matcher(dict);
        if (!s.find()) {
            throw undecodable("npy: no 'shape' in header " + brief(dict));
        }
        List<Long> dims = new ArrayList<>();
        for (String part : s.group(1).split(",")) {
            String t = part.trim();
            if (t.endsWith("L")) {
                t = t.substring(0, t.length() - 1);
            }
            if (t.isEmpty()) {
                continue;
            }
            try {
                dims.add(Long.parseLong(t));
            } catch (NumberFormatException e) {
                throw undecodable("npy: bad shape " + brief(s.group(0)));
            }
        }
        return new ArrayHeader(start + headerLen, order, descr, type, itemSize, fortran, List.copyOf(dims));
    }

    /** Parses an image's header only; no sample is touched. */
    static Header header(byte[] b) throws DecodeException {
        ArrayHeader a = arrayHeader(b, IMAGE_TYPES, "uint8, uint16, float32, float64");
        List<Long> dims = a.dims();
        if (dims.size() < 2 || dims.size() > 3) {
            throw new DecodeException(ErrorCode.UNSUPPORTED_FORMAT,
                    "npy: shape " + dims + " is not HxW or HxWxC");
        }
        long h = dims.get(0);
        long w = dims.get(1);
        long c = dims.size() == 3 ? dims.get(2) : 1;
        if (h < 1 || w < 1 || c < 1) {
            throw undecodable("npy: shape " + dims + " has an empty dimension");
        }
        if (h > Integer.MAX_VALUE || w > Integer.MAX_VALUE || c > Integer.MAX_VALUE) {
            throw new DecodeException(ErrorCode.TOO_LARGE, "npy: shape " + dims + " is too large");
        }
        return new Header(a.dataOffset(), a.order(), a.type().charAt(0), a.itemSize(), a.fortran(),
                (int) h, (int) w, (int) c);
    }

    /**
     * Reads a whole {@code .npy} file holding a {@code float32} or {@code float64} array of any
     * shape (format versions 1.0, 2.0, 3.0; either byte order; C or Fortran order), for arrays that
     * are not images, e.g. network weights. {@code float32} is upcast exactly.
     *
     * @param npy the file's bytes, starting with the {@code \x93NUMPY} magic
     * @return the shape and the values in C (row-major) order, whatever the file's memory order
     * @throws DecodeException naming what is wrong: no magic or a damaged header ({@code UNDECODABLE}),
     *                         another dtype or format version ({@code UNSUPPORTED_FORMAT}), data shorter
     *                         than the shape ({@code UNDECODABLE}), more values than one Java array holds
     *                         ({@code TOO_LARGE})
     */
    public static FloatArray readFloatArray(byte[] npy) throws DecodeException {
        if (npy.length < 6 || (npy[0] & 0xFF) != 0x93
                || !new String(npy, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw undecodable("npy: not a .npy array (the \\x93NUMPY magic is missing)");
        }
        ArrayHeader a = arrayHeader(npy, FLOAT_TYPES, "float32, float64");
        int n = a.dims().size();
        long[] shape = new long[n];
        long count = 1;
        for (int i = 0; i < n; i++) {
            shape[i] = a.dims().get(i);
            if (shape[i] < 0) {
                throw undecodable("npy: shape " + a.dims() + " has a negative dimension");
            }
            count = shape[i] == 0 || count == 0 ? 0 : count * shape[i];
            if (count > Integer.MAX_VALUE - 8) {
                throw new DecodeException(ErrorCode.TOO_LARGE,
                        "npy: shape " + a.dims() + " holds more values than one array can");
            }
        }
        long needed = count * a.itemSize();
        long available = (long) npy.length - a.dataOffset();
        if (needed > available) {
            throw undecodable("npy: truncated data: " + available + " bytes, " + needed + " needed for shape "
                    + a.dims() + " " + a.descr());
        }
        ByteBuffer buf = ByteBuffer.wrap(npy, a.dataOffset(), (int) needed).slice().order(a.order());
        double[] values = new double[(int) count];
        boolean eight = a.itemSize() == 8;
        if (!a.fortran() || n < 2) {
            for (int k = 0; k < values.length; k++) {
                values[k] = eight ? buf.getDouble(8 * k) : buf.getFloat(4 * k);
            }
        } else {
            // Fortran order: the first index runs fastest; walk the file in that order and put
            // each value at its C-order position.
            long[] stride = new long[n];
            stride[n - 1] = 1;
            for (int i = n - 2; i >= 0; i--) {
                stride[i] = stride[i + 1] * shape[i + 1];
            }
            long[] index = new long[n];
            long c = 0;
            for (int k = 0; k < values.length; k++) {
                values[(int) c] = eight ? buf.getDouble(8 * k) : buf.getFloat(4 * k);
                for (int i = 0; i < n; i++) {
                    index[i]++;
                    c += stride[i];
                    if (index[i] < shape[i]) {
                        break;
                    }
                    c -= index[i] * stride[i];
                    index[i] = 0;
                }
            }
        }
        return new FloatArray(shape, values);
    }

    /** Reads the samples announced by {@code h}, which {@link #header} parsed from the same bytes. */
    static Image read(byte[] b, Header h) throws DecodeException {
        long perChannel = h.pixels();
        if (perChannel * h.channels() > Integer.MAX_VALUE - 8) {
            throw new DecodeException(ErrorCode.TOO_LARGE,
                    "npy: " + h.height() + "x" + h.width() + "x" + h.channels() + " samples do not fit in one array");
        }
        long needed = perChannel * h.channels() * h.itemSize();
        long available = (long) b.length - h.dataOffset();
        if (needed > available) {
            throw undecodable("npy: truncated data: " + available + " bytes, " + needed + " needed for "
                    + h.height() + "x" + h.width() + "x" + h.channels() + " " + h.kind() + (h.itemSize() * 8));
        }
        int n = (int) perChannel;
        int cs = h.channels();
        double[][] planes = new double[cs][n];
        ByteBuffer buf = ByteBuffer.wrap(b, h.dataOffset(), (int) needed).slice().order(h.order());
        int total = n * cs;
        int width = h.width();
        int height = h.height();
        for (int k = 0; k < total; k++) {
            double v = switch (h.itemSize()) {
                case 1 -> (buf.get(k) & 0xFF) / 255.0;
                case 2 -> (buf.getShort(2 * k) & 0xFFFF) / 65535.0;
                case 4 -> buf.getFloat(4 * k);
                default -> buf.getDouble(8 * k);
            };
            if (h.fortran()) {
                // element (y, x, c) sits at y + H·(x + W·c)
                int y = k % height;
                int rest = k / height;
                int x = rest % width;
                int c = rest / width;
                planes[c][y * width + x] = v;
            } else {
                // element (y, x, c) sits at (y·W + x)·C + c
                planes[k % cs][k / cs] = v;
            }
        }
        return new Image(width, height, planes, h.bitDepth(), h.sampleFormat());
    }

    private static DecodeException undecodable(String message) {
        return new DecodeException(ErrorCode.UNDECODABLE, message);
    }

    private static String brief(String s) {
        String t = s.strip();
        return t.length() <= 120 ? t : t.substring(0, 120) + "…";
    }
}
