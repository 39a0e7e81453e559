package org.imgloss.job.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The inputs of {@code bench/memory.sh} and {@code bench/million.sh} (scripted measurements, not
 * tests), made from fixed seeds so every machine scores the same pixels:
 * <ul>
 *   <li>{@code big-pair DIR SIZE}: {@code DIR/orig/big.png} and {@code DIR/recon/big.png}, RGB
 *       16-bit PNGs of {@code SIZE × SIZE}; the original is smooth waves plus fine texture, the
 *       reconstruction the original plus Gaussian noise of σ 800 code values, clipped;</li>
 *   <li>{@code tiny-parquet DIR N}: a Parquet table of {@code N} pairs of 8×8 RGB 8-bit PNGs
 *       (columns {@code key}, {@code reconstruction}, {@code original}), written by Spark in local[2]
 *       as 8 files; every pair has its own pixels.</li>
 * </ul>
 */
public final class MemoryInputs {

    private MemoryInputs() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "big-pair" -> bigPair(Path.of(args[1]), Integer.parseInt(args[2]));
            case "tiny-parquet" -> tinyParquet(Path.of(args[1]), Long.parseLong(args[2]));
            default -> throw new IllegalArgumentException("big-pair DIR SIZE | tiny-parquet DIR N");
        }
    }

    static void bigPair(Path dir, int size) throws IOException {
        Files.createDirectories(dir.resolve("orig"));
        Files.createDirectories(dir.resolve("recon"));
        SplittableRandom rnd = new SplittableRandom(20);
        int[] orig = new int[size * size * 3];
        int[] recon = new int[orig.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                for (int c = 0; c < 3; c++) {
                    double wave = 0.5 + 0.3 * Math.sin((x + 40 * c) / 97.0) * Math.cos(y / 131.0);
                    double v = wave * 65535 + rnd.nextInt(-900, 901);
                    int i = (y * size + x) * 3 + c;
                    orig[i] = clip(v);
                    recon[i] = clip(orig[i] + 800 * rnd.nextGaussian());
                }
            }
        }
        Files.write(dir.resolve("orig/big.png"), png(size, size, 16, orig));
        Files.write(dir.resolve("recon/big.png"), png(size, size, 16, recon));
    }

    private static int clip(double v) {
        return (int) Math.max(0, Math.min(65535, Math.round(v)));
    }

    static void tinyParquet(Path dir, long n) {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("imgloss bench input")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            StructType schema = new StructType()
                    .add("key", DataTypes.StringType, false)
                    .add("reconstruction", DataTypes.BinaryType, false)
                    .add("original", DataTypes.BinaryType, false);
            MapPartitionsFunction<Long, Row> pairs = ids -> new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return ids.hasNext();
                }

                @Override
                public Row next() {
                    long id = ids.next();
                    SplittableRandom rnd = new SplittableRandom(id);
                    int[] o = new int[8 * 8 * 3];
                    int[] r = new int[o.length];
                    for (int i = 0; i < o.length; i++) {
                        o[i] = rnd.nextInt(256);
                        r[i] = Math.max(0, Math.min(255, o[i] + rnd.nextInt(-12, 13)));
                    }
                    return RowFactory.create(String.format(Locale.ROOT, "p%07d", id), png(8, 8, 8, r), png(8, 8, 8, o));
                }
            };
            spark.range(0, n, 1, 8).as(Encoders.LONG()).mapPartitions(pairs, ExpressionEncoder.apply(schema))
                    .write().mode("overwrite").parquet(dir.toString());
        } finally {
            spark.stop();
        }
    }

    /** An RGB PNG (colour type 2) of {@code bits} 8 or 16, samples row-major and interleaved. */
    static byte[] png(int w, int h, int bits, int[] samples) {
        int bytesPer = bits / 8;
        int rowBytes = w * 3 * bytesPer;
        byte[] raw = new byte[h * (rowBytes + 1)];
        int at = 0;
        int s = 0;
        for (int y = 0; y < h; y++) {
            raw[at++] = 0; // filter: none
            for (int i = 0; i < w * 3; i++) {
                int v = samples[s++];
                if (bytesPer == 2) {
                    raw[at++] = (byte) (v >>> 8);
                }
                raw[at++] = (byte) v;
            }
        }
        Deflater d = new Deflater(Deflater.BEST_SPEED);
        d.setInput(raw);
        d.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream(raw.length / 2 + 64);
        byte[] buf = new byte[1 << 16];
        while (!d.finished()) {
            z.write(buf, 0, d.deflate(buf));
        }
        d.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream(z.size() + 64);
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, w);
        putInt(ihdr, 4, h);
        ihdr[8] = (byte) bits;
        ihdr[9] = 2;
        chunk(out, "IHDR", ihdr);
        chunk(out, "IDAT", z.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] len = new byte[4];
        putInt(len, 0, data.length);
        out.writeBytes(len);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.writeBytes(c);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
