package org.imgloss.job.source;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/**
 * Times {@link HadoopFiles#listRecursively} on a folder, for {@code bench/listing.sh} (a scripted
 * measurement, not a test): {@code ListingMeasurement FOLDER [REPEATS]} prints the files found and the
 * wall time of each listing (the first one includes class loading and a cold file-system cache).
 */
public final class ListingMeasurement {

    private ListingMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]).toAbsolutePath();
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("not a folder: " + folder);
        }
        Configuration conf = new Configuration();
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            HadoopFiles.Listing listing = HadoopFiles.listRecursively("file:" + folder, conf);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(java.util.Locale.ROOT, "listing %d: %d files, %d unreadable, %.2f s%n", i + 1,
                    listing.files().size(), listing.unreadable().size(), seconds);
        }
    }
}
