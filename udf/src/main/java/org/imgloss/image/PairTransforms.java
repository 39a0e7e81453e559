package org.imgloss.image;

/**
 * Domain and normalisation transforms applied to a decoded (reconstruction, original) pair.
 * TODO(image helper): implement.
 */
public final class PairTransforms {

    private PairTransforms() {
    }

    /**
     * Applies {@link DecodeOptions#domain()} to both images, then {@link DecodeOptions#normalize()}
     * (which needs the original). Returns {@code {reconstruction, original}}.
     *
     * @throws DecodeException with a stable code when the pair cannot be transformed (e.g. a
     *                         constant original under {@code original_minmax})
     */
    public static Image[] apply(Image reconstruction, Image original, DecodeOptions options) throws DecodeException {
        throw new UnsupportedOperationException("not yet");
    }
}
