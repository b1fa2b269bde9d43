package io.toolgate.testing;

import org.apache.camel.test.AvailablePortFinder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server for tests: {@code initdb} into a temporary directory, {@code pg_ctl start} on a free
 * loopback port (its socket in that directory too), trust authentication for the user {@code toolgate}. Run as the
 * {@code postgres} account when the tests run as root (PostgreSQL refuses root). {@link #find()} is empty when
 * PostgreSQL's server programs are not installed.
 */
public final class TestPostgres implements AutoCloseable {

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;

    private TestPostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** The directory holding {@code initdb} and {@code pg_ctl}: Debian's versioned directory, or the PATH. */
    public static Optional<Path> find() throws IOException {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(Path::toString));
                if (newest.isPresent()) {
                    return newest;
                }
            }
        }
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!p.isEmpty() && Files.isExecutable(Path.of(p, "initdb")) && Files.isExecutable(Path.of(p, "pg_ctl"))) {
                return Optional.of(Path.of(p));
            }
        }
        return Optional.empty();
    }

    public static TestPostgres start(Path bin) throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("toolgate-pg");
        if (root) {
            run(List.of("chown", "postgres", dir.toString()), false);
        }
        TestPostgres pg = new TestPostgres(bin, dir, AvailablePortFinder.getNextAvailable(), root);
        pg.exec(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "toolgate",
                "--auth=trust", "--no-sync", "-E", "UTF8"));
        pg.exec(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-t", "60", "start", "-o",
                "-p " + pg.port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"));
        return pg;
    }

    /** {@code postgresql://toolgate@127.0.0.1:<port>/postgres}, the form {@code GATEWAY_DATABASE_URL} accepts. */
    public String url() {
        return "postgresql://toolgate@127.0.0.1:" + port + "/postgres";
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=toolgate";
    }

    private void exec(List<String> command) throws Exception {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full, true);
    }

    private static void run(List<String> command, boolean logOutput) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed" + (logOutput ? ":\n" + out : ""));
        }
    }

    @Override
    public void close() throws Exception {
        exec(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"));
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
