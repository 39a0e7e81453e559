package org.imgloss.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.imgloss.job.config.ConfigException;
import org.imgloss.job.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A config named by a Hadoop path (as a driver in cluster deploy mode reads it); HdfsRunIT reads one from HDFS. */
class ConfigFileTest {

    @TempDir
    Path dir;

    private Path config() throws IOException {
        Files.createDirectories(dir.resolve("recon"));
        Files.createDirectories(dir.resolve("orig"));
        Files.write(dir.resolve("recon/a.png"), new byte[] {1});
        Files.write(dir.resolve("orig/a.png"), new byte[] {1});
        return Files.writeString(dir.resolve("audit.yaml"), """
                name: from-a-uri
                input: {type: directories, reconstructions: recon, originals: orig}
                metrics: [psnr]
                output: {path: out}
                """);
    }

    @Test
    void hadoopPathsAreUrisWithASchemeLocalFilesAreNot() {
        assertTrue(ConfigFile.isHadoopPath("hdfs://nn:8020/audits/a.yaml"));
        assertTrue(ConfigFile.isHadoopPath("s3a://bucket/a.yaml"));
        assertTrue(ConfigFile.isHadoopPath("file:/tmp/a.yaml"));
        assertFalse(ConfigFile.isHadoopPath("conf/local.yaml"));
        assertFalse(ConfigFile.isHadoopPath("/abs/a.yaml"));
        assertFalse(ConfigFile.isHadoopPath("C:/audits/a.yaml"));
    }

    @Test
    void validateAndRunReadAConfigFromAHadoopPath() throws IOException {
        String uri = config().toUri().toString(); // file:///...: read through Hadoop's file system
        assertTrue(uri.startsWith("file:"), uri);
        CliRun v = CliRun.of("validate", uri, "--base-dir", dir.toString());
        assertEquals(0, v.exitCode(), v.err());
        assertTrue(v.out().startsWith(uri + ": OK"), v.out());
        assertTrue(v.out().contains("from-a-uri"), v.out());
    }

    @Test
    void aMissingOrTooLargeConfigAtAHadoopPathIsAConfigError() throws IOException {
        CliRun missing = CliRun.of("validate", dir.resolve("none.yaml").toUri().toString());
        assertEquals(ExitCodes.BAD_CONFIG, missing.exitCode());
        assertTrue(missing.err().contains("config: cannot read 'file:") && missing.err().contains("none.yaml"),
                missing.err());

        Path big = Files.write(dir.resolve("big.yaml"), new byte[(int) ConfigLoader.MAX_CONFIG_BYTES + 1]);
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigFile.read(big.toUri().toString(), new Configuration()));
        assertTrue(e.getMessage().contains("a config may have at most"), e.getMessage());
    }

    /** The settings spark-submit gives the driver ({@code --conf spark.hadoop.*}) reach the file system. */
    @Test
    void sparkHadoopSettingsReachTheHadoopConfiguration() {
        Properties p = new Properties();
        p.setProperty("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000");
        p.setProperty("spark.executor.memory", "1g");
        Configuration conf = ConfigFile.hadoopConfiguration(p);
        assertEquals("http://127.0.0.1:9000", conf.get("fs.s3a.endpoint"));
        assertEquals(null, conf.get("spark.executor.memory"));
        assertEquals(null, conf.get("executor.memory"));
    }
}
