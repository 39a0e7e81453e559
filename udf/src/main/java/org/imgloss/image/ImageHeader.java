package org.imgloss.image;

/**
 * What the header of an encoded image says, read without decoding any pixel (see {@link ImageProbe}).
 *
 * @param format       the encoding
 * @param width        columns
 * @param height       rows
 * @param channels     channels {@link ImageDecoder#decode} produces with {@link DecodeOptions.Color#KEEP}:
 *                     alpha already dropped, palettes already expanded (1 for a gray palette, else 3)
 * @param bitDepth     bits per stored sample (8 for palette images: the palette entries are 8-bit)
 * @param sampleFormat integer (scaled to [0, 1]) or floating point (kept as stored)
 */
public record ImageHeader(ImageFormat format, int width, int height, int channels, int bitDepth,
                          Image.SampleFormat sampleFormat) {

    /** {@code width × height}, the number {@link DecodeOptions#maxPixels()} limits. */
    public long pixels() {
        return (long) width * height;
    }

    /** Channels after {@code color}: 1 for gray and Y, else {@link #channels()}. */
    public int channelsAfter(DecodeOptions.Color color) {
        return color == DecodeOptions.Color.KEEP ? channels : 1;
    }
}
