package org.imgloss.job.score;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.imgloss.image.DecodeException;
import org.imgloss.image.ImageHeader;
import org.imgloss.image.ImageProbe;
import org.imgloss.job.source.HadoopFiles;

/**
 * What scoring a pair of files is estimated to cost, in sample-metrics: the samples of both images
 * (width × height × channels, from the header in the first {@value #HEAD_BYTES} bytes of each file,
 * no pixel decoded) times the number of metrics, plus {@value #PAIR_OVERHEAD} for what every pair costs
 * whatever its size (opening two files, building its row). When a header cannot be read from the first
 * bytes (a TIFF whose directory is at the end, a file that is not an image) the file's length in bytes
 * stands for its samples; a file that cannot be read at all costs nothing beyond the overhead (its pair
 * fails fast when it is scored).
 *
 * <p>The estimate only has to rank pairs and add up: a 2048×2048 pair must weigh about a thousand
 * 64×64 pairs, not one.
 */
public final class PairCost {

    /** Bytes read from the start of each file for its header. */
    public static final int HEAD_BYTES = 64 * 1024;
    /** Sample-metrics every pair costs beyond its samples. */
    public static final long PAIR_OVERHEAD = 16_384;

    private PairCost() {
    }

    /**
     * The estimated cost of scoring the pair of files {@code reconstruction} and {@code original}
     * (either may be null: a pair the source already knows has no counterpart) with {@code metrics}
     * metrics.
     */
    public static long of(String reconstruction, String original, int metrics, Configuration conf) {
        if (reconstruction == null || original == null) {
            return PAIR_OVERHEAD;
        }
        return PAIR_OVERHEAD + Math.max(1, metrics) * (samples(reconstruction, conf) + samples(original, conf));
    }

    /** Samples of one image file, from its header, else its length; 0 when it cannot be read. */
    static long samples(String uri, Configuration conf) {
        try {
            byte[] head = HadoopFiles.readHead(uri, HEAD_BYTES, conf);
            try {
                ImageHeader h = ImageProbe.probe(head);
                return h.pixels() * h.channels();
            } catch (DecodeException | RuntimeException e) {
                return head.length < HEAD_BYTES ? head.length : HadoopFiles.length(uri, conf);
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
