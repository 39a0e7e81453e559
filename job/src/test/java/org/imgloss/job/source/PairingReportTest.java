package org.imgloss.job.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.imgloss.job.config.PairMatch;
import org.junit.jupiter.api.Test;

class PairingReportTest {

    static final List<String> RECON = List.of("a/img_000_recon.png", "a/img_001_recon.png", "b/img_002_recon.png",
            "notes.txt");
    static final List<String> ORIG = List.of("a/img_000.png", "a/img_001.png", "b/img_002.png", "b/img_003.png");

    @Test
    void aSuffixLayoutPairsNothingByStemAndNamesTheNearestFiles() {
        PairingReport r = PairingReport.of(RECON, ORIG, PairMatch.STEM);
        assertEquals(0, r.pairs());
        assertTrue(r.nothingPairs());
        assertEquals(List.of(
                "pairing (input.match: stem): 4 reconstruction(s), 4 original(s), 0 pair(s)",
                "  unpaired reconstructions: 4 (with the nearest original):",
                "    a/img_000_recon.png  ~  a/img_000.png",
                "    a/img_001_recon.png  ~  a/img_001.png",
                "    b/img_002_recon.png  ~  b/img_002.png",
                "    notes.txt  ~  a/img_000.png",
                "  unpaired originals: 4 (with the nearest reconstruction):",
                "    a/img_000.png  ~  a/img_000_recon.png",
                "    a/img_001.png  ~  a/img_001_recon.png",
                "    b/img_002.png  ~  b/img_002_recon.png",
                "    b/img_003.png  ~  b/img_002_recon.png"), r.lines());
    }

    @Test
    void aPatternPairsTheSuffixLayout() throws Exception {
        PairMatch pattern = new PairMatch(PairMatch.Kind.PATTERN, "(?<key>.+)_recon", "(?<key>.+)");
        PairingReport r = PairingReport.of(RECON, ORIG, pattern);
        assertEquals(3, r.pairs());
        assertFalse(r.nothingPairs());
        assertEquals(1, r.unpairedReconstructions()); // notes.txt: the pattern does not match it
        assertEquals(List.of(new PairingReport.Unpaired("notes.txt", "a/img_000.png")), r.reconstructionExamples());
        assertEquals(List.of(new PairingReport.Unpaired("b/img_003.png", "b/img_002_recon.png")), r.originalExamples());
    }

    @Test
    void filesSharingAKeyAreCountedAndNotPaired() {
        PairingReport r = PairingReport.of(List.of("a.png", "a.jpg", "b.png"), List.of("a.png", "b.png"), PairMatch.STEM);
        assertEquals(List.of(
                "pairing (input.match: stem): 3 reconstruction(s), 2 original(s), 1 pair(s)",
                "  3 file(s) share a key with another file of their side (DUPLICATE_KEY rows)"), r.lines());
    }

    @Test
    void atMostFiveExamplesPerSide() {
        List<String> many = java.util.stream.IntStream.range(0, 12).mapToObj(i -> "x" + i + ".png").toList();
        PairingReport r = PairingReport.of(many, List.of(), PairMatch.RELATIVE_PATH);
        assertEquals(12, r.unpairedReconstructions());
        assertEquals(5, r.reconstructionExamples().size());
        assertEquals("  unpaired reconstructions: 12, the first 5 (with the nearest original):", r.lines().get(1));
        assertEquals("    x0.png  ~  (no original)", r.lines().get(2));
    }

    @Test
    void keysOfEachForm() {
        assertEquals("a/b.png", PairMatch.RELATIVE_PATH.key("a/b.png", true));
        assertEquals("a/b", PairMatch.STEM.key("a/b.png", false));
        PairMatch sr = new PairMatch(PairMatch.Kind.PATTERN, "(?<key>.+)_x4", "(?<key>.+)");
        assertEquals("set5/baby", sr.key("set5/baby_x4.png", true));
        assertEquals(null, sr.key("set5/baby.png", true)); // the whole path must match
        assertEquals("set5/baby", sr.key("set5/baby.png", false));
    }
}
