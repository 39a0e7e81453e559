package org.imgloss.image;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.imgloss.errors.ErrorCode;

/**
 * The IDAT chunks of one PNG as one inflated byte stream, for {@link PngReader}. Package-private.
 *
 * <p>Instances are pooled ({@link #open} takes one, {@link #close} gives it back; at most
 * {@value #POOL_LIMIT} are kept, about as many as images decoded at the same time), so decoding an image
 * allocates nothing here: one {@link Inflater} ({@link Inflater#reset() reset} per image), a direct input
 * buffer the chunk data is copied into in pieces of {@value #IN_BYTES} bytes, a direct output buffer
 * inflated {@value #OUT_BYTES} bytes at a time (many rows per native call), and the two row buffers of
 * the filters. The buffers are
 * direct because the inflater pins a heap array for the length of each native call (a JNI critical
 * section), during which no other thread can start a garbage collection ("GCLocker Initiated GC" stalls
 * with two decoding threads, and the collector grows the heap instead); a direct buffer pins nothing.
 * {@link #close} drops the reference to the file's bytes: a pooled instance holds buffers, never an
 * image's data.
 *
 * <p>Output past the last row is inflated at most {@value #TAIL_LIMIT} bytes ({@link #checkTail}), so a
 * damaged end of the zlib stream right after the image data makes the data corrupt, while trailing junk
 * further on is not read.
 */
final class PngStream implements AutoCloseable {

    /** Bytes of chunk data handed to the inflater per copy. */
    static final int IN_BYTES = 64 * 1024;
    /** Bytes inflated per refill of the output buffer. */
    static final int OUT_BYTES = 128 * 1024;
    /** Most output bytes inflated past the last row while checking the stream's end. */
    static final int TAIL_LIMIT = 1 << 16;
    /** Row buffers longer than this are not kept for the next image. */
    private static final int KEEP_ROW_BYTES = 1 << 20;

    /** Instances kept for the next images. */
    static final int POOL_LIMIT = 64;

    private static final BlockingQueue<PngStream> POOL = new ArrayBlockingQueue<>(POOL_LIMIT);

    private final Inflater inflater = new Inflater();
    private final ByteBuffer in = ByteBuffer.allocateDirect(IN_BYTES);
    private final ByteBuffer out = ByteBuffer.allocateDirect(OUT_BYTES);
    private byte[] rowA = new byte[0];
    private byte[] rowB = new byte[0];

    private byte[] file;
    /** The next byte of the current IDAT chunk's data to feed, the end of its data. */
    private int next;
    private int dataEnd;
    /** End of the last consecutive IDAT chunk. */
    private int idatEnd;
    /** Output bytes the image needs in all, and how many have been inflated so far. */
    private long expected;
    private long inflated;

    private PngStream() {
    }

    /**
     * A stream from the pool (or a new one), reset to the IDAT chunks from {@code firstIdat} to
     * {@code idatEnd} of {@code file}, of which {@code expected} bytes are the image (filter bytes included).
     */
    static PngStream open(byte[] file, int firstIdat, int idatEnd, long expected) {
        PngStream s = POOL.poll();
        if (s == null) {
            s = new PngStream();
        }
        s.file = file;
        s.idatEnd = idatEnd;
        s.expected = expected;
        s.inflated = 0;
        s.inflater.reset();
        s.in.clear().limit(0);
        s.out.clear().limit(0);
        s.startChunk(firstIdat);
        return s;
    }

    /** The two row buffers, each at least {@code n} bytes, all zero up to {@code n}. */
    byte[][] rows(int n) {
        if (rowA.length < n) {
            rowA = new byte[n];
            rowB = new byte[n];
        } else {
            Arrays.fill(rowA, 0, n, (byte) 0);
            Arrays.fill(rowB, 0, n, (byte) 0);
        }
        return new byte[][] {rowA, rowB};
    }

    /** Reads exactly {@code n} inflated bytes into {@code dst} at {@code off}. */
    void read(byte[] dst, int off, int n) throws DataFormatException, DecodeException {
        while (n > 0) {
            if (!out.hasRemaining() && !refill((int) Math.min(OUT_BYTES, expected + TAIL_LIMIT - inflated))) {
                throw new DecodeException(ErrorCode.UNDECODABLE, "png: image data ends early");
            }
            int k = Math.min(n, out.remaining());
            out.get(dst, off, k);
            off += k;
            n -= k;
        }
    }

    /**
     * After the last row: inflates what is left of the stream, up to {@link #TAIL_LIMIT} bytes past the
     * image data, so a damaged end (e.g. a wrong Adler-32) is a {@link DataFormatException}.
     */
    void checkTail() throws DataFormatException {
        while (inflated < expected + TAIL_LIMIT && refill((int) Math.min(OUT_BYTES, expected + TAIL_LIMIT - inflated))) {
            out.position(out.limit());
        }
    }

    /** Forgets the file's bytes, drops oversized row buffers, and goes back to the pool (or ends when it is full). */
    @Override
    public void close() {
        file = null;
        if (rowA.length > KEEP_ROW_BYTES) {
            rowA = new byte[0];
            rowB = new byte[0];
        }
        if (!POOL.offer(this)) {
            inflater.end();
        }
    }

    /**
     * Inflates up to {@code max} bytes into the (empty) output buffer; false when nothing more comes
     * out (stream finished, a preset dictionary asked for, or no chunk data left).
     */
    private boolean refill(int max) throws DataFormatException {
        out.clear().limit(max);
        while (out.hasRemaining()) {
            if (inflater.inflate(out) == 0) {
                if (inflater.needsDictionary()) {
                    throw new DataFormatException("preset dictionary in the image data");
                }
                if (inflater.finished() || !inflater.needsInput() || !feed()) {
                    break;
                }
            }
        }
        out.flip();
        inflated += out.remaining();
        return out.hasRemaining();
    }

    /** Hands the next piece of chunk data to the inflater; false when the IDAT chunks are used up. */
    private boolean feed() {
        while (next >= dataEnd) {
            int following = dataEnd + 4;
            if (following >= idatEnd) {
                return false;
            }
            startChunk(following);
        }
        int k = Math.min(IN_BYTES, dataEnd - next);
        in.clear();
        in.put(file, next, k).flip();
        next += k;
        inflater.setInput(in);
        return true;
    }

    private void startChunk(int at) {
        next = at + 8;
        dataEnd = next + PngReader.i32(file, at);
    }
}
