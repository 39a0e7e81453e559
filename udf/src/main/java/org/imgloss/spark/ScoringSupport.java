package org.imgloss.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.imgloss.errors.ErrorCode;
import org.imgloss.image.ImageInput;
import org.imgloss.metrics.PairInputs;
import org.imgloss.scoring.PairScore;
import org.imgloss.scoring.PairScoring;

/** Shared plumbing of the UDFs: executor set-up and a last guard against exceptions. */
final class ScoringSupport {

    private static final AtomicBoolean PLUGINS_SCANNED = new AtomicBoolean();

    private ScoringSupport() {
    }

    /**
     * Makes ImageIO see the plugins (TwelveMonkeys TIFF) that arrived through {@code --jars} or the
     * application jar: IIORegistry scans the class loader of the thread that first touches ImageIO,
     * which on an executor may not see those jars. Runs once per JVM, from a task thread.
     */
    static void ensurePlugins() {
        if (PLUGINS_SCANNED.compareAndSet(false, true)) {
            ImageIO.scanForPlugins();
        }
    }

    /**
     * Scores a pair; PairScoring already turns bad data into values, and anything it lets through
     * (a bug) becomes a {@link ErrorCode#SCORING_FAILED} row rather than a failed Spark task.
     */
    static PairScore scoreSafely(PairScoring scoring, byte[] reconstruction, byte[] original) {
        return scoreSafely(scoring, reconstruction, original, PairInputs.NONE);
    }

    /** {@link #scoreSafely(PairScoring, byte[], byte[])} for a pair with extra inputs. */
    static PairScore scoreSafely(PairScoring scoring, byte[] reconstruction, byte[] original, PairInputs inputs) {
        return scoreSafely(scoring, ImageInput.encoded(reconstruction), ImageInput.encoded(original), inputs);
    }

    /** {@link #scoreSafely(PairScoring, byte[], byte[], PairInputs)} for images in any form (bytes, image structs). */
    static PairScore scoreSafely(PairScoring scoring, ImageInput reconstruction, ImageInput original,
                                 PairInputs inputs) {
        try {
            return scoring.score(reconstruction, original, inputs);
        } catch (RuntimeException | StackOverflowError e) {
            Map<String, Double> values = new LinkedHashMap<>();
            scoring.specs().forEach(s -> values.put(s.alias(), null));
            String m = e.getMessage();
            return new PairScore(null, null, null, values, Map.of(), Map.of(), ErrorCode.SCORING_FAILED,
                    e.getClass().getSimpleName() + (m == null ? "" : ": " + m));
        }
    }
}
