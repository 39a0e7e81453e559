package org.imgloss.job.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where the config's paths point. A relative path is a local file under the base folder and becomes a
 * {@code file:} URI; URIs ({@code hdfs://}, {@code s3a://}, {@code file:}) and absolute paths are kept. Local
 * paths ({@code file:} ones, and absolute ones when the master is local) are checked here; remote ones when
 * the run lists them.
 */
final class Locations {

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");

    private final Path baseDir;
    private final boolean localMaster;

    Locations(Path baseDir, boolean localMaster) {
        this.baseDir = baseDir;
        this.localMaster = localMaster;
    }

    String resolve(String path) {
        boolean kept = SCHEME.matcher(path).matches() || path.startsWith("/");
        return kept ? path : "file:" + baseDir.resolve(path).normalize();
    }

    /** The local file behind a resolved path, or null when it is not (known to be) local. */
    Path local(String resolved) {
        if (resolved.startsWith("file:")) {
            try {
                return Path.of(new URI(resolved.replace(" ", "%20")).getPath());
            } catch (URISyntaxException | RuntimeException e) { // e.g. file:relative has no path
                return Path.of(resolved.substring("file:".length()));
            }
        }
        return resolved.startsWith("/") && localMaster ? Path.of(resolved) : null;
    }

    /** An input path resolved, reported when it is local and cannot be read (or is not a folder). Null stays null. */
    String readable(String field, String value, boolean folder, Problems problems) {
        if (value == null) {
            return null;
        }
        String resolved = resolve(value);
        Path local = local(resolved);
        if (local != null && !Files.exists(local)) {
            problems.add(field, "cannot read '" + value + "': no such " + (folder ? "folder" : "file or folder")
                    + (value.equals(local.toString()) ? "" : " (" + local + ")"));
        } else if (local != null && folder && !Files.isDirectory(local)) {
            problems.add(field, "'" + value + "' is not a folder");
        } else if (local != null && !Files.isReadable(local)) {
            problems.add(field, "cannot read '" + value + "': permission denied");
        }
        return resolved;
    }

    /** The output folder resolved, reported when it is a local file. Null stays null. */
    String folderToWrite(String field, String value, Problems problems) {
        String resolved = value == null ? null : resolve(value);
        Path local = resolved == null ? null : local(resolved);
        if (local != null && Files.exists(local) && !Files.isDirectory(local)) {
            problems.add(field, "'" + resolved + "' exists and is not a folder");
        }
        return resolved;
    }
}
