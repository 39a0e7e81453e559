package org.imgloss.metrics;

import java.util.List;
import org.imgloss.image.Image;

/**
 * A {@link PairMetric} whose kernel scores many pairs at once more cheaply than one by one (e.g. the
 * ONNX feature losses, which stack pairs into one network run). {@code PairScoring.scoreBatch} hands
 * it all the good pairs of a chunk in one call.
 *
 * <p>Contract: one result per pair, in input order, each equal to what
 * {@link #compute(Image, Image, PairInputs)} gives for that pair alone; a problem with one pair is
 * that pair's {@link MetricResult}, never a failure of its batch-mates. (Should the call throw
 * anyway, {@code PairScoring} falls back to scoring the pairs one by one.)
 */
public interface BatchPairMetric extends PairMetric {

    /**
     * Scores pairs {@code i} = ({@code reconstructions[i]}, {@code originals[i]}, {@code inputs[i]});
     * the three lists have the same size, and each pair has the same shape on both sides.
     */
    List<MetricResult> computeBatch(List<Image> reconstructions, List<Image> originals, List<PairInputs> inputs);
}
