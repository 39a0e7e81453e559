package org.imgloss.job.output;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where the job writes generated metamers: {@code <output.path>/metamers/run_id=<id>/<file>.png},
 * the file name made from the pair key.
 */
public final class MetamerFiles {

    /** Folder name under {@code output.path}. */
    public static final String FOLDER = "metamers";
    private static final int MAX_STEM = 120;

    private MetamerFiles() {
    }

    /**
     * A file name for a pair key: the key itself when it is made of letters, digits, {@code .},
     * {@code _} and {@code -} only, does not start with {@code .} or {@code _} (names Hadoop readers
     * skip as hidden, e.g. {@code _SUCCESS}) and is not too long; otherwise every other character
     * becomes {@code _}, a leading {@code .} or {@code _} gets an {@code x} in front, and the first 8
     * hex digits of the key's SHA-256 are appended ({@code sar/sar01} → {@code sar_sar01-<hash>},
     * {@code _SUCCESS} → {@code x_SUCCESS-<hash>}), so distinct keys keep distinct names.
     */
    public static String fileStem(String key) {
        String k = key == null ? "" : key;
        boolean safe = !k.isEmpty() && k.length() <= MAX_STEM && k.matches("[A-Za-z0-9._-]+")
                && !hidden(k) && !k.matches(".*-[0-9a-f]{8}");
        if (safe) {
            return k;
        }
        String cleaned = k.replaceAll("[^A-Za-z0-9._-]", "_");
        if (hidden(cleaned)) {
            cleaned = "x" + cleaned;
        }
        if (cleaned.length() > MAX_STEM) {
            cleaned = cleaned.substring(0, MAX_STEM);
        }
        return cleaned + "-" + hash8(k);
    }

    /** Whether Hadoop and Spark readers skip a file of this name ({@code _SUCCESS}, {@code .crc} files). */
    private static boolean hidden(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }

    /** The run's metamer folder under {@code outputPath}. */
    public static String runFolder(String outputPath, String runId) {
        String base = outputPath.endsWith("/") ? outputPath : outputPath + "/";
        return base + FOLDER + "/run_id=" + runId;
    }

    private static String hash8(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
