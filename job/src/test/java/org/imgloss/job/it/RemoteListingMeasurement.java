package org.imgloss.job.it;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.imgloss.job.source.HadoopFiles;

/**
 * Times {@link HadoopFiles#listRecursively} on HDFS (an in-process MiniDFSCluster) and on S3 (an
 * in-process s3proxy server with a file system blob store), both on 127.0.0.1, for
 * {@code bench/listing.sh --remote} (a scripted measurement, not a test):
 * {@code RemoteListingMeasurement WORK_FOLDER FILES [REPEATS]} uploads FILES empty files in folders of
 * 1,000 to each, lists them REPEATS times and prints one line per listing; both servers are stopped
 * at the end.
 */
public final class RemoteListingMeasurement {

    private RemoteListingMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]).toAbsolutePath();
        int files = Integer.parseInt(args[1]);
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        hdfs(work.resolve("hdfs"), files, repeats);
        s3(work.resolve("s3"), files, repeats);
    }

    private static void hdfs(Path dir, int files, int repeats) throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.toString());
        for (String key : List.of("dfs.namenode.rpc-address", "dfs.namenode.http-address", "dfs.datanode.address",
                "dfs.datanode.http.address", "dfs.datanode.ipc.address")) {
            conf.set(key, "127.0.0.1:0");
        }
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).storagesPerDatanode(1).build();
        try {
            cluster.waitActive();
            String root = "hdfs://127.0.0.1:" + cluster.getNameNodePort() + "/listing";
            try (FileSystem fs = FileSystem.newInstance(URI.create(root), conf)) {
                upload(fs, root, files);
            }
            measure("hdfs", root, conf, repeats);
        } finally {
            FileSystem.closeAll();
            cluster.shutdown(true);
        }
    }

    private static void s3(Path dir, int files, int repeats) throws Exception {
        BlobStore store = new FilesystemNio2BlobStore(Files.createDirectories(dir).toString());
        S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "listing-ak", "listing-sk").build();
        proxy.start();
        try {
            while (!"STARTED".equals(proxy.getState())) {
                Thread.sleep(10);
            }
            store.createContainer("listing");
            Configuration conf = new Configuration();
            conf.set("fs.s3a.endpoint", "http://127.0.0.1:" + proxy.getPort());
            conf.set("fs.s3a.endpoint.region", "us-east-1");
            conf.set("fs.s3a.path.style.access", "true");
            conf.set("fs.s3a.connection.ssl.enabled", "false");
            conf.set("fs.s3a.access.key", "listing-ak");
            conf.set("fs.s3a.secret.key", "listing-sk");
            conf.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
            String root = "s3a://listing/tree";
            try (FileSystem fs = FileSystem.newInstance(URI.create("s3a://listing/"), conf)) {
                upload(fs, root, files);
            }
            measure("s3", root, conf, repeats);
        } finally {
            FileSystem.closeAll();
            proxy.stop();
        }
    }

    /** FILES empty files, folders of 1,000, written by 8 threads. */
    private static void upload(FileSystem fs, String root, int files) throws Exception {
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int folder = 0; folder * 1000 < files; folder++) {
                int first = folder * 1000;
                int f = folder;
                done.add(pool.submit(() -> {
                    for (int i = first; i < Math.min(files, first + 1000); i++) {
                        RemotePairs.write(fs, String.format(Locale.ROOT, "%s/f%03d/p%06d.png", root, f, i), new byte[0]);
                    }
                    return null;
                }));
            }
            for (Future<?> d : done) {
                d.get();
            }
        } finally {
            pool.shutdown();
        }
        System.out.printf(Locale.ROOT, "uploaded %d files to %s in %.1f s%n", files, root, (System.nanoTime() - t0) / 1e9);
    }

    private static void measure(String what, String root, Configuration conf, int repeats) throws Exception {
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            HadoopFiles.Listing listing = HadoopFiles.listRecursively(root, conf);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "%s listing %d: %d files, %d unreadable, %.2f s (load %s)%n", what, i + 1,
                    listing.files().size(), listing.unreadable().size(), seconds,
                    Files.readString(Path.of("/proc/loadavg")).trim());
        }
    }
}
