package org.imgloss.job.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** Listing and reading through Hadoop's FileSystem, so that every URI scheme works. */
public final class HadoopFiles {

    /** Largest single image file read into memory (a Java array holds at most ~2 GiB). */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 16;

    private HadoopFiles() {
    }

    /** A file under a root folder: its full URI and its path relative to the root ({@code a/b.png}). */
    public record Listed(String uri, String relativePath) {
    }

    /**
     * Lists every file under {@code root}, recursively, skipping hidden ones (a path segment starting
     * with {@code .} or {@code _}, e.g. {@code _SUCCESS}).
     */
    public static List<Listed> listRecursively(String root, Configuration conf) throws IOException {
        Path rootPath = new Path(root);
        FileSystem fs = rootPath.getFileSystem(conf);
        Path qualified = fs.makeQualified(rootPath);
        String prefix = qualified.toUri().getPath();
        if (!prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        List<Listed> out = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(qualified, true);
        while (it.hasNext()) {
            LocatedFileStatus s = it.next();
            if (!s.isFile()) {
                continue;
            }
            String full = s.getPath().toUri().getPath();
            String rel = full.startsWith(prefix) ? full.substring(prefix.length()) : s.getPath().getName();
            if (hidden(rel)) {
                continue;
            }
            out.add(new Listed(s.getPath().toString(), rel));
        }
        out.sort((a, b) -> a.relativePath().compareTo(b.relativePath()));
        return out;
    }

    private static boolean hidden(String relativePath) {
        for (String segment : relativePath.split("/")) {
            if (segment.startsWith(".") || segment.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    /** The folder that relative paths in a manifest are resolved against: its parent, or itself if a folder. */
    public static String baseFolder(String manifest, Configuration conf) throws IOException {
        Path p = new Path(manifest);
        FileSystem fs = p.getFileSystem(conf);
        Path q = fs.makeQualified(p);
        FileStatus status = fs.getFileStatus(q);
        return (status.isDirectory() ? q : q.getParent()).toString();
    }

    /** Reads a whole file. */
    public static byte[] readAll(String uri, Configuration conf) throws IOException {
        Path p = new Path(uri);
        FileSystem fs = p.getFileSystem(conf);
        long length = fs.getFileStatus(p).getLen();
        if (length > MAX_FILE_BYTES) {
            throw new IOException("file is " + length + " bytes, more than one read can hold");
        }
        try (InputStream in = fs.open(p)) {
            return in.readAllBytes();
        }
    }

    /**
     * A path from a manifest: URIs with a scheme and absolute paths are kept, relative ones are
     * resolved against {@code base}.
     */
    public static String resolve(String base, String path) {
        if (path.startsWith("/") || path.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
            return path;
        }
        return base.endsWith("/") ? base + path : base + "/" + path;
    }
}
