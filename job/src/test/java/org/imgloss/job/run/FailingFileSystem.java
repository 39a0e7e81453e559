package org.imgloss.job.run;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.AccessDeniedException;
import java.util.EnumSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * Storage that fails while a run writes: the local file system under the scheme {@code failing:},
 * which turns read-only (every create, mkdir, rename and delete throws "Read-only file system") from
 * the moment a file whose path contains a trigger text is created, until {@link #heal}. Tests run as
 * root, for whom a read-only folder ({@code chmod}) still takes writes; this makes the output folder
 * read-only mid-run for real, under Spark's and Delta Lake's own writes (Delta writes its log through
 * Hadoop's {@code FileContext}: {@link Abstract}). Settings for a session:
 * {@code spark.hadoop.fs.failing.impl} and {@code spark.hadoop.fs.AbstractFileSystem.failing.impl}.
 * One fault at a time per JVM (static: the executors of local mode share it).
 */
public class FailingFileSystem extends RawLocalFileSystem {

    public static final String SCHEME = "failing";
    private static volatile String trigger;
    private static volatile boolean readOnly;

    /** The file system turns read-only once a file whose path contains {@code text} is to be created. */
    public static void failOnceCreated(String text) {
        trigger = text;
        readOnly = false;
    }

    /** Whether the fault has struck. */
    public static boolean struck() {
        return readOnly;
    }

    /** Writable again, no trigger. */
    public static void heal() {
        trigger = null;
        readOnly = false;
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    private static void check(Path p, boolean creating) throws IOException {
        String t = trigger;
        if (creating && t != null && p.toString().contains(t)) {
            readOnly = true;
        }
        if (readOnly) {
            throw new AccessDeniedException(p.toString(), null, "Read-only file system");
        }
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                     Progressable progress) throws IOException {
        check(f, true);
        return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                     short replication, long blockSize, Progressable progress) throws IOException {
        check(f, true);
        return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    }

    @Override
    public FSDataOutputStream createNonRecursive(Path f, FsPermission permission, EnumSet<CreateFlag> flags,
                                                 int bufferSize, short replication, long blockSize,
                                                 Progressable progress) throws IOException {
        check(f, true);
        return super.createNonRecursive(f, permission, flags, bufferSize, replication, blockSize, progress);
    }

    @Override
    protected FSDataOutputStream primitiveCreate(Path f, FsPermission absolutePermission, EnumSet<CreateFlag> flag,
                                                 int bufferSize, short replication, long blockSize,
                                                 Progressable progress,
                                                 org.apache.hadoop.fs.Options.ChecksumOpt checksumOpt)
            throws IOException {
        check(f, true);
        return super.primitiveCreate(f, absolutePermission, flag, bufferSize, replication, blockSize, progress,
                checksumOpt);
    }

    @Override
    public FSDataOutputStream append(Path f, int bufferSize, Progressable progress) throws IOException {
        check(f, true);
        return super.append(f, bufferSize, progress);
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        check(dst, false);
        return super.rename(src, dst);
    }

    @Override
    public boolean delete(Path p, boolean recursive) throws IOException {
        check(p, false);
        return super.delete(p, recursive);
    }

    @Override
    public boolean mkdirs(Path f, FsPermission permission) throws IOException {
        check(f, false);
        return super.mkdirs(f, permission);
    }

    @Override
    protected boolean primitiveMkdir(Path f, FsPermission absolutePermission) throws IOException {
        check(f, false);
        return super.primitiveMkdir(f, absolutePermission);
    }

    /** The same file system for Hadoop's {@code FileContext} (Delta Lake's log writes). */
    public static final class Abstract extends DelegateToFileSystem {
        public Abstract(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(uri, new FailingFileSystem(), conf, SCHEME, false);
        }
    }
}
