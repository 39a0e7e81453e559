package org.imgloss.job.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folder listing on the local file system: links, cycles, unlistable entries, odd names, many files. */
class HadoopFilesTest {

    @TempDir
    Path dir;

    private static final Configuration CONF = new Configuration();

    private static void file(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, p.getFileName().toString());
    }

    private HadoopFiles.Listing list(Path root) throws IOException {
        return HadoopFiles.listRecursively("file:" + root, CONF);
    }

    private static List<String> relative(HadoopFiles.Listing listing) {
        return listing.files().stream().map(HadoopFiles.Listed::relativePath).toList();
    }

    @Test
    void symbolicLinkCyclesAreListedOnce() throws IOException {
        Path recon = dir.resolve("recon");
        file(recon.resolve("b.png"));
        file(recon.resolve("sub/a.png"));
        file(recon.resolve("_SUCCESS"));
        Files.createSymbolicLink(recon.resolve("self"), recon);
        Files.createSymbolicLink(recon.resolve("up"), Path.of(".."));
        Files.createSymbolicLink(recon.resolve("sub/back"), Path.of("../sub"));
        HadoopFiles.Listing listing = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> list(recon));
        assertEquals(List.of("b.png", "sub/a.png"), relative(listing));
        assertEquals(List.of(), listing.unreadable());
        assertEquals("file:" + recon.resolve("sub/a.png"), listing.files().get(1).uri());
    }

    @Test
    void linksToOtherFoldersAndFilesAreFollowed() throws IOException {
        Path recon = dir.resolve("recon");
        file(recon.resolve("a.png"));
        file(dir.resolve("elsewhere/c.png"));
        Files.createSymbolicLink(recon.resolve("more"), dir.resolve("elsewhere"));
        Files.createSymbolicLink(recon.resolve("d.png"), dir.resolve("elsewhere/c.png"));
        assertEquals(List.of("a.png", "d.png", "more/c.png"), relative(list(recon)));
    }

    @Test
    void entriesThatCannotBeListedAreReportedAndTheRestIsListed() throws IOException {
        Path recon = dir.resolve("recon");
        file(recon.resolve("a.png"));
        Files.createSymbolicLink(recon.resolve("loop.png"), recon.resolve("loop.png"));
        Files.createSymbolicLink(recon.resolve("gone.png"), dir.resolve("nothing-here.png"));
        HadoopFiles.Listing listing = list(recon);
        assertEquals(List.of("a.png"), relative(listing));
        assertEquals(List.of("file:" + recon.resolve("gone.png"), "file:" + recon.resolve("loop.png")),
                listing.unreadable().stream().map(UnreadableInput::location).sorted().toList());
        assertTrue(listing.unreadable().stream().allMatch(u -> u.error().startsWith("cannot read: ")),
                listing.unreadable().toString());
    }

    @Test
    void aFileNameWithAColonIsListedAndRead() throws IOException {
        Path recon = dir.resolve("recon");
        file(recon.resolve("scan 12:30 #1.png"));
        HadoopFiles.Listing listing = list(recon);
        assertEquals(List.of("scan 12:30 #1.png"), relative(listing));
        assertArrayEquals("scan 12:30 #1.png".getBytes(StandardCharsets.UTF_8),
                HadoopFiles.readAll(listing.files().get(0).uri(), CONF));
    }

    /**
     * Listing asks each file only whether it is a file: asking for its permission forks a shell command per
     * file on the local file system (~8 ms each), which made 3,000 files take half a minute.
     */
    @Test
    void listingDoesNotTouchPerFileMetadata() throws IOException {
        Path recon = dir.resolve("many");
        for (int f = 0; f < 30; f++) {
            Path folder = Files.createDirectories(recon.resolve("f" + f));
            for (int i = 0; i < 100; i++) {
                Files.write(folder.resolve("p" + i + ".png"), new byte[0]);
            }
        }
        HadoopFiles.Listing listing = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> list(recon));
        assertEquals(3000, listing.files().size());
        assertEquals("f0/p0.png", listing.files().get(0).relativePath());
    }
}
