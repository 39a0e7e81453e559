package org.imgloss.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Decoding from several threads at once (as Spark tasks do) gives the same images as one thread. */
class ImageDecoderConcurrencyTest {

    @Test
    void parallelDecodesAgreeWithSequentialOnes() throws Exception {
        List<byte[]> files = new ArrayList<>();
        GoldenDecodeTest.naturalCases().limit(6).forEach(c -> files.add(GoldenDecodeTest.bytes(c.get("files").get("orig").asText())));
        GoldenDecodeTest.sarCases().forEach(c -> {
            files.add(GoldenDecodeTest.bytes(c.get("files").get("recon").asText()));
            files.add(GoldenDecodeTest.bytes(c.get("files").get("recon_npy").asText()));
        });
        List<Image> sequential = new ArrayList<>();
        for (byte[] f : files) {
            sequential.add(ImageDecoder.decode(f));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Image>> futures = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (byte[] f : files) {
                    futures.add(pool.submit(() -> ImageDecoder.decode(f)));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertEquals(sequential.get(i % files.size()), futures.get(i).get(), "file " + (i % files.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
