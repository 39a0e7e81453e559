package org.imgloss.job.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HadoopFiles#readAll} of local files ({@code file:} URIs, read with java.nio): the same bytes,
 * and for a file that cannot be read the same exception and message as Hadoop's local file system gives.
 */
class HadoopFilesReadTest {

    @TempDir
    Path dir;

    private static final Configuration CONF = new Configuration();

    @Test
    void aLocalFileIsReadWhole() throws IOException {
        byte[] bytes = randomBytes(7);
        String uri = qualified(Files.write(dir.resolve("scan 12:30 #1 100%.png"), bytes));
        assertArrayEquals(bytes, HadoopFiles.readAll(uri, CONF));
        assertArrayEquals(new byte[0], HadoopFiles.readAll("file:" + Files.write(dir.resolve("empty.png"), new byte[0]),
                CONF));
    }

    /**
     * The costing pass reads a header from every file: a local file's head comes through java.nio, not
     * Hadoop's stream (whose reads Hadoop counts in its statistics for the {@code file} scheme).
     */
    @Test
    void aLocalHeadIsReadWithoutHadoopsStream() throws IOException {
        byte[] bytes = randomBytes(8);
        String uri = qualified(Files.write(dir.resolve("scan 12:30 #2 100%.png"), bytes));
        String shortUri = "file:" + Files.write(dir.resolve("short.png"), new byte[] {1, 2, 3});
        FileSystem.getLocal(CONF).getRaw(); // statistics exist before the first count
        long before = localBytesReadByHadoop();
        assertArrayEquals(java.util.Arrays.copyOf(bytes, 65_536), HadoopFiles.readHead(uri, 65_536, CONF));
        assertArrayEquals(new byte[] {1, 2, 3}, HadoopFiles.readHead(shortUri, 65_536, CONF));
        assertEquals(before, localBytesReadByHadoop(), "bytes read through Hadoop's local file system");
        String missing = "file:" + dir.resolve("nothing-here.png");
        IOException expected = assertThrows(IOException.class, () -> hadoopRead(missing));
        IOException actual = assertThrows(IOException.class, () -> HadoopFiles.readHead(missing, 16, CONF));
        assertEquals(expected.getMessage(), actual.getMessage());
    }

    @SuppressWarnings("deprecation")
    private static long localBytesReadByHadoop() {
        long n = 0;
        for (FileSystem.Statistics s : FileSystem.getAllStatistics()) {
            n += "file".equals(s.getScheme()) ? s.getBytesRead() : 0;
        }
        return n;
    }

    @Test
    void aMissingFileFailsAsThroughHadoop() {
        assertSameFailure("file:" + dir.resolve("nothing-here.png"));
    }

    @Test
    void aFolderFailsAsThroughHadoop() {
        assertSameFailure("file:" + dir);
    }

    private static void assertSameFailure(String uri) {
        IOException expected = assertThrows(IOException.class, () -> hadoopRead(uri));
        IOException actual = assertThrows(IOException.class, () -> HadoopFiles.readAll(uri, CONF));
        assertEquals(expected.getClass(), actual.getClass());
        assertEquals(expected.getMessage(), actual.getMessage());
    }

    /** What reading through Hadoop's raw local file system gives. */
    private static byte[] hadoopRead(String uri) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
        FileSystem raw = FileSystem.getLocal(CONF).getRaw();
        raw.getFileStatus(p);
        try (InputStream in = raw.open(p)) {
            return in.readAllBytes();
        }
    }

    /** 300,000 bytes of a seeded random stream: larger than any read buffer the readers use. */
    private static byte[] randomBytes(long seed) {
        byte[] bytes = new byte[300_000];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A local path as Hadoop's qualified {@code file:} URI (the name's spaces, colons and % escaped). */
    private static String qualified(Path f) throws IOException {
        return new org.apache.hadoop.fs.Path(f.toString()).makeQualified(FileSystem.getLocal(CONF).getUri(), null)
                .toString();
    }
}
