package org.imgloss.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imgloss.errors.ErrorCode;

/**
 * Reads NumPy {@code .npy} files (format versions 1.0, 2.0, 3.0) holding an {@code H×W} or
 * {@code H×W×C} array of {@code uint8}, {@code uint16}, {@code float32} or {@code float64}, either byte
 * order, C or Fortran order (both give the same image). {@code uint8} is divided by 255 and
 * {@code uint16} by 65535 in double; floats are kept as stored ({@code float32} upcast exactly). Every
 * channel is kept: an array has no alpha flag. Package-private: callers use {@link ImageDecoder} and
 * {@link ImageProbe}.
 */
final class NpyReader {

    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

    /** A parsed header: where the data starts and how to read it. */
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

    /** Parses the header only; no sample is touched. */
    static Header header(byte[] b) throws DecodeException {
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
        char kind;
        int itemSize;
        switch (type) {
            case "u1" -> { kind = 'u'; itemSize = 1; }
            case "u2" -> { kind = 'u'; itemSize = 2; }
            case "f4" -> { kind = 'f'; itemSize = 4; }
            case "f8" -> { kind = 'f'; itemSize = 8; }
            default -> throw new DecodeException(ErrorCode.UNSUPPORTED_FORMAT,
                    "npy: dtype '" + descr + "' is not supported (uint8, uint16, float32, float64 are)");
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
        return new Header(start + headerLen, order, kind, itemSize, fortran, (int) h, (int) w, (int) c);
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
