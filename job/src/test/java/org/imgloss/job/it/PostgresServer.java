package org.imgloss.job.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for a test class (register it with {@code @RegisterExtension static}): Debian's
 * {@code postgresql} package ({@code /usr/lib/postgresql/<version>/bin}), a new cluster in a temporary
 * folder, password authentication (scram-sha-256) for the user {@value #USER}, listening on 127.0.0.1 on a
 * free port; stopped and deleted after the class, also when a test failed. initdb refuses to run as root:
 * as root the server runs as the {@code postgres} user.
 */
public final class PostgresServer implements BeforeAllCallback, AfterAllCallback {

    public static final String USER = "imgloss";

    private final String password = "pw-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    private Path bin;
    private Path dir;
    private int port;
    private boolean started;

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** The URL of the cluster's {@code postgres} database. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, password);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        bin = binaries();
        dir = Files.createTempDirectory("imgloss-pg");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            run(List.of("chown", "postgres", dir.toString()));
        }
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        run(asServerUser(root, List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("db").toString(),
                "-A", "scram-sha-256", "-U", USER, "--pwfile=" + pwfile, "-E", "UTF8", "--locale=C")));
        started = true;
        run(asServerUser(root, List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("db").toString(),
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "-l", dir.resolve("log").toString(),
                "-w", "-t", "60", "start")));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (started) {
                boolean root = "root".equals(System.getProperty("user.name"));
                run(asServerUser(root, List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("db").toString(),
                        "-m", "fast", "-w", "stop")));
            }
        } finally {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** The newest installed PostgreSQL's programs. */
    private static Path binaries() throws IOException {
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> versions = Files.list(lib)) {
                var newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(v -> parseVersion(v.getFileName().toString())));
                if (newest.isPresent()) {
                    return newest.get().resolve("bin");
                }
            }
        }
        throw new IllegalStateException("PostgreSQL is not installed (/usr/lib/postgresql/<version>/bin/initdb):"
                + " apt-get install postgresql (.ci/run installs it)");
    }

    private static int parseVersion(String name) {
        try {
            return Integer.parseInt(name.replaceAll("[^0-9].*", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static List<String> asServerUser(boolean root, List<String> command) {
        List<String> out = new ArrayList<>();
        if (root) {
            out.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        out.addAll(command);
        return out;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed:\n"
                    + new String(output, StandardCharsets.UTF_8));
        }
    }
}
