package org.imgloss.job.source;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Listing and reading through Hadoop's FileSystem, so that every URI scheme works; local folders
 * ({@code file:}) are listed and read with {@code java.nio} directly.
 *
 * <p>Listing goes folder level by folder level, the folders of a level listed in parallel
 * ({@value #LISTING_THREADS} threads), and asks each entry only whether it is a file or a folder
 * (never its owner or permissions: on the local file system without Hadoop's native library each such
 * question forks a shell command). Symbolic links are followed; each real folder is listed once,
 * under its shortest path (the first in name order among equally short ones), so a link back to a
 * parent ({@code recon/self -> recon}) adds nothing. An entry that cannot be listed (a broken or
 * looping link, a folder that cannot be opened) is an {@link UnreadableInput}, never a silent drop.
 */
public final class HadoopFiles {

    /** Largest single image file read into memory (a Java array holds at most ~2 GiB). */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 16;
    /** Folders listed at once. */
    static final int LISTING_THREADS = 8;

    private HadoopFiles() {
    }

    /** A file under a root folder: its full URI and its path relative to the root ({@code a/b.png}). */
    public record Listed(String uri, String relativePath) {
    }

    /** What a listing found: the files, in relative-path order, and the entries that could not be listed. */
    public record Listing(List<Listed> files, List<UnreadableInput> unreadable) {
    }

    /**
     * Lists every file under {@code root}, recursively, skipping hidden ones (a path segment starting
     * with {@code .} or {@code _}, e.g. {@code _SUCCESS}).
     *
     * @throws FileNotFoundException when {@code root} does not exist
     * @throws IOException           when {@code root} itself cannot be listed
     */
    public static Listing listRecursively(String root, Configuration conf) throws IOException {
        Path rootPath = new Path(root);
        FileSystem fs = rootPath.getFileSystem(conf);
        Path qualified = fs.makeQualified(rootPath);
        return new Walk(folders(fs, qualified), qualified.toString()).run();
    }

    /**
     * Checks, with one call, that {@code root} can be listed (a file, or a folder that opens) and returns
     * it as a full URI of its file system; the driver checks this before the executors list it.
     *
     * @throws FileNotFoundException when {@code root} does not exist
     * @throws IOException           when {@code root} cannot be opened
     */
    public static String listableRoot(String root, Configuration conf) throws IOException {
        Path rootPath = new Path(root);
        FileSystem fs = rootPath.getFileSystem(conf);
        Path qualified = fs.makeQualified(rootPath);
        folders(fs, qualified).open(qualified.toString());
        return qualified.toString();
    }

    private static Folders folders(FileSystem fs, Path qualified) {
        return fs instanceof LocalFileSystem || "file".equals(qualified.toUri().getScheme())
                ? new LocalFolders() : new RemoteFolders(fs);
    }

    /** One entry of a folder. */
    private record Entry(String uri, String name, boolean folder, String error) {
    }

    /** Reads folders of one file system. */
    private interface Folders {
        /** The entries of a folder (hidden ones included); a missing root is FileNotFoundException. */
        List<Entry> list(String folderUri) throws IOException;

        /** The folder's identity once links are resolved. */
        String realFolder(String folderUri) throws IOException;

        /** Whether the root is a single file, not a folder. */
        boolean isFile(String uri) throws IOException;

        /** Fails as listing {@code uri} would (missing: FileNotFoundException), reading at most one entry. */
        void open(String uri) throws IOException;
    }

    /** The breadth-first walk, level by level, each level's folders listed in parallel. */
    private static final class Walk {
        private final Folders folders;
        private final String root;
        private final String prefix;
        private final List<Listed> files = new ArrayList<>();
        private final List<UnreadableInput> unreadable = new ArrayList<>();
        private final Set<String> seen = new HashSet<>();

        Walk(Folders folders, String root) {
            this.folders = folders;
            this.root = root;
            this.prefix = root.endsWith("/") ? root : root + "/";
        }

        Listing run() throws IOException {
            if (folders.isFile(root)) {
                files.add(new Listed(root, root.substring(root.lastIndexOf('/') + 1)));
                return new Listing(files, unreadable);
            }
            seen.add(folders.realFolder(root));
            List<Entry> top = folders.list(root); // a root that cannot be listed fails the listing
            List<String> level = take(List.of(top));
            ExecutorService pool = Executors.newFixedThreadPool(LISTING_THREADS, r -> {
                Thread t = new Thread(r, "imgloss-listing");
                t.setDaemon(true);
                return t;
            });
            try {
                while (!level.isEmpty()) {
                    List<Future<List<Entry>>> listed = new ArrayList<>();
                    for (String folder : level) {
                        listed.add(pool.submit(() -> folders.list(folder)));
                    }
                    List<List<Entry>> entries = new ArrayList<>();
                    for (int i = 0; i < level.size(); i++) {
                        try {
                            entries.add(listed.get(i).get());
                        } catch (ExecutionException e) {
                            unreadable.add(new UnreadableInput(level.get(i), "cannot list: " + message(e.getCause())));
                        }
                    }
                    level = take(entries);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("listing of " + root + " interrupted", e);
            } finally {
                pool.shutdownNow();
            }
            files.sort((a, b) -> a.relativePath().compareTo(b.relativePath()));
            return new Listing(files, unreadable);
        }

        /** Records the files of some folders' entries and returns their sub-folders not listed yet, in order. */
        private List<String> take(List<List<Entry>> listings) {
            List<String> next = new ArrayList<>();
            for (List<Entry> entries : listings) {
                for (Entry e : entries) {
                    if (e.name().startsWith(".") || e.name().startsWith("_")) {
                        continue;
                    }
                    if (e.error() != null) {
                        unreadable.add(new UnreadableInput(e.uri(), e.error()));
                    } else if (e.folder()) {
                        next.add(e.uri());
                    } else {
                        files.add(new Listed(e.uri(), relative(e.uri())));
                    }
                }
            }
            next.sort(null);
            List<String> unseen = new ArrayList<>();
            for (String folder : next) {
                try {
                    if (seen.add(folders.realFolder(folder))) {
                        unseen.add(folder);
                    }
                } catch (IOException e) {
                    unreadable.add(new UnreadableInput(folder, "cannot resolve: " + message(e)));
                }
            }
            return unseen;
        }

        private String relative(String uri) {
            return uri.startsWith(prefix) ? uri.substring(prefix.length()) : uri.substring(uri.lastIndexOf('/') + 1);
        }
    }

    private static String message(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return "no such file (a broken symbolic link?)";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** Local folders through java.nio: one {@code stat} per entry, links followed. */
    private static final class LocalFolders implements Folders {
        @Override
        public List<Entry> list(String folderUri) throws IOException {
            java.nio.file.Path dir = local(folderUri);
            if (!Files.exists(dir)) {
                throw new FileNotFoundException(folderUri);
            }
            String base = folderUri.endsWith("/") ? folderUri : folderUri + "/";
            List<Entry> out = new ArrayList<>();
            try (var stream = Files.newDirectoryStream(dir)) {
                for (java.nio.file.Path p : stream) {
                    String name = p.getFileName().toString();
                    String uri = base + name;
                    try {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                        if (a.isDirectory() || a.isRegularFile()) {
                            out.add(new Entry(uri, name, a.isDirectory(), null));
                        } else {
                            out.add(new Entry(uri, name, false, "not a regular file or folder"));
                        }
                    } catch (IOException e) {
                        out.add(new Entry(uri, name, false, "cannot read: " + message(e)));
                    }
                }
            }
            return out;
        }

        @Override
        public String realFolder(String folderUri) throws IOException {
            return local(folderUri).toRealPath().toString();
        }

        @Override
        public boolean isFile(String uri) throws IOException {
            java.nio.file.Path p = local(uri);
            if (!Files.exists(p)) {
                throw new FileNotFoundException(uri);
            }
            return Files.isRegularFile(p);
        }

        @Override
        public void open(String uri) throws IOException {
            java.nio.file.Path p = local(uri);
            if (isFile(uri)) {
                return;
            }
            try (var stream = Files.newDirectoryStream(p)) {
                stream.iterator().hasNext();
            }
        }

        private static java.nio.file.Path local(String uri) {
            return java.nio.file.Path.of(new Path(uri).toUri().getPath());
        }
    }

    /** Folders of another file system (HDFS, S3, ...): one listing call per folder, no per-file calls. */
    private static final class RemoteFolders implements Folders {
        private final FileSystem fs;

        RemoteFolders(FileSystem fs) {
            this.fs = fs;
        }

        @Override
        public List<Entry> list(String folderUri) throws IOException {
            List<Entry> out = new ArrayList<>();
            RemoteIterator<FileStatus> it = fs.listStatusIterator(new Path(folderUri));
            while (it.hasNext()) {
                FileStatus s = it.next();
                out.add(new Entry(s.getPath().toString(), s.getPath().getName(), s.isDirectory(), null));
            }
            return out;
        }

        @Override
        public String realFolder(String folderUri) {
            return folderUri;
        }

        @Override
        public boolean isFile(String uri) throws IOException {
            return fs.getFileStatus(new Path(uri)).isFile();
        }

        @Override
        public void open(String uri) throws IOException {
            if (!isFile(uri)) {
                fs.listStatusIterator(new Path(uri)).hasNext();
            }
        }
    }

    /** The folder that relative paths in a manifest are resolved against: its parent, or itself if a folder. */
    public static String baseFolder(String manifest, Configuration conf) throws IOException {
        Path p = new Path(manifest);
        FileSystem fs = p.getFileSystem(conf);
        Path q = fs.makeQualified(p);
        FileStatus status = fs.getFileStatus(q);
        return (status.isDirectory() ? q : q.getParent()).toString();
    }

    /**
     * Reads a whole file. A {@code file:} URI is read with {@code java.nio} in one call (no Hadoop stream,
     * statistics or checksum layer: the job reads two files per pair); when that fails, the file is read
     * again through Hadoop's FileSystem, so a missing or unreadable local file fails with the same
     * exception and message as any other. Other local files are read without Hadoop's checksum layer,
     * which cannot name the checksum file of a file whose name holds a {@code :}.
     */
    public static byte[] readAll(String uri, Configuration conf) throws IOException {
        Path p = new Path(uri);
        byte[] nio = readLocal(p, conf);
        if (nio != null) {
            return nio;
        }
        FileSystem fs = p.getFileSystem(conf);
        if (fs instanceof LocalFileSystem local) {
            fs = local.getRaw();
        }
        long length = fs.getFileStatus(p).getLen();
        if (length > MAX_FILE_BYTES) {
            throw new IOException("file is " + length + " bytes, more than one read can hold");
        }
        try (InputStream in = fs.open(p)) {
            return in.readAllBytes();
        }
    }

    /**
     * The bytes of a {@code file:} URI through {@code java.nio}, or null when it is not one (or the
     * configuration maps {@code file:} to another file system) or the read fails (the caller then reads
     * it through Hadoop, which reports the failure as it always has).
     */
    private static byte[] readLocal(Path p, Configuration conf) {
        java.nio.file.Path file = localPath(p, conf);
        if (file == null) {
            return null;
        }
        try {
            return Files.size(file) > MAX_FILE_BYTES ? null : Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The local path of a {@code file:} URI, or null when it is not one (or {@code file:} is mapped to another file system). */
    private static java.nio.file.Path localPath(Path p, Configuration conf) {
        if (!"file".equals(p.toUri().getScheme()) || conf.get("fs.file.impl") != null) {
            return null;
        }
        try {
            return java.nio.file.Path.of(p.toUri().getPath());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The first {@code max} bytes of a file (all of it when shorter), for reading an image's header
     * without reading its pixels (the costing pass reads one per file before scoring). As {@link #readAll}:
     * a {@code file:} URI is read with {@code java.nio}, and through Hadoop's FileSystem (without the
     * checksum layer) when that fails or for any other file system.
     */
    public static byte[] readHead(String uri, int max, Configuration conf) throws IOException {
        Path p = new Path(uri);
        java.nio.file.Path local = localPath(p, conf);
        if (local != null) {
            try (InputStream in = Files.newInputStream(local)) {
                return in.readNBytes(max);
            } catch (IOException | RuntimeException e) {
                // read again through Hadoop below, which reports the failure as it always has
            }
        }
        try (InputStream in = raw(p.getFileSystem(conf)).open(p)) {
            return in.readNBytes(max);
        }
    }

    /** A file's length in bytes. */
    public static long length(String uri, Configuration conf) throws IOException {
        Path p = new Path(uri);
        return raw(p.getFileSystem(conf)).getFileStatus(p).getLen();
    }

    private static FileSystem raw(FileSystem fs) {
        return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
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
