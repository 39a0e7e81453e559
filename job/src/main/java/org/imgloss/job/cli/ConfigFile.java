package org.imgloss.job.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.ConfigLoader;
import org.imgloss.job.config.Secrets;

/**
 * Where a config comes from: a local file, or a Hadoop path ({@code hdfs://nn/audits/a.yaml},
 * {@code s3a://bucket/a.yaml}, {@code file:/abs/a.yaml}), which a driver in cluster deploy mode can read
 * wherever it runs. A Hadoop path is read before Spark starts, with Hadoop's configuration (its
 * {@code core-site.xml}, {@code HADOOP_CONF_DIR}) plus the {@code spark.hadoop.*} settings spark-submit
 * gives the driver ({@code --conf}, {@code spark-defaults.conf}); the config's own {@code spark.conf}
 * settings cannot apply, as they are in the file being read.
 */
final class ConfigFile {

    private ConfigFile() {
    }

    /**
     * True for a URI with a scheme of two or more letters ({@code hdfs:}, {@code s3a:}, {@code file:});
     * a plain path (and a Windows drive letter) is a local file.
     */
    static boolean isHadoopPath(String location) {
        return location.matches("[A-Za-z][A-Za-z0-9+.-]+:.*");
    }

    /** Reads and checks the config at {@code location} (local or Hadoop path), with the overrides. */
    static org.imgloss.job.config.AuditConfig load(ConfigLoader loader, String location,
                                                   java.util.List<String> overrides) throws ConfigException {
        if (!isHadoopPath(location)) {
            return loader.load(java.nio.file.Path.of(location), overrides);
        }
        return loader.parse(read(location, hadoopConfiguration(System.getProperties())), overrides);
    }

    /** The text of the config at a Hadoop path, at most {@link ConfigLoader#MAX_CONFIG_BYTES} bytes. */
    static String read(String location, Configuration conf) throws ConfigException {
        String shown = Secrets.maskUserInfo(location);
        try {
            Path path = new Path(location);
            FileSystem fs = path.getFileSystem(conf);
            long size = fs.getFileStatus(path).getLen();
            if (size > ConfigLoader.MAX_CONFIG_BYTES) {
                throw new ConfigException("config: '" + shown + "' is " + size + " bytes; a config may have at most "
                        + ConfigLoader.MAX_CONFIG_BYTES + " bytes (1 MiB)");
            }
            try (InputStream in = fs.open(path)) {
                return new String(in.readNBytes((int) ConfigLoader.MAX_CONFIG_BYTES + 1), StandardCharsets.UTF_8);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("config: cannot read '" + shown + "' (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + Secrets.maskUserInfo(e.getMessage())) + ")");
        }
    }

    /** Hadoop's configuration plus the {@code spark.hadoop.*} entries of {@code properties}, as Spark builds it. */
    static Configuration hadoopConfiguration(java.util.Properties properties) {
        Configuration conf = new Configuration();
        for (Map.Entry<Object, Object> e : properties.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (key.startsWith("spark.hadoop.")) {
                conf.set(key.substring("spark.hadoop.".length()), String.valueOf(e.getValue()));
            }
        }
        return conf;
    }
}
