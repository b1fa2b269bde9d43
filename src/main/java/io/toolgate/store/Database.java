package io.toolgate.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The gateway's database: an embedded H2 file under the data directory, or PostgreSQL named by
 * {@code GATEWAY_DATABASE_URL}. Registrations and cached search vectors live here. The embedded database stays open
 * (and its file locked against a second gateway) from {@link #open} to {@link #close}.
 */
public final class Database implements AutoCloseable {

    private final String jdbcUrl;
    private final String description;
    private final boolean embedded;
    private Connection holder;

    private Database(String jdbcUrl, String description, boolean embedded) {
        this.jdbcUrl = jdbcUrl;
        this.description = description;
        this.embedded = embedded;
    }

    /**
     * The embedded database file {@code <dataDir>/toolgate.mv.db}. {@code WRITE_DELAY=0}: a commit writes its changes to
     * the file before it returns (H2 otherwise keeps them in memory for up to half a second), so a change that was
     * acknowledged survives the process being killed.
     */
    public static Database embedded(Path dataDir) {
        Path base = dataDir.toAbsolutePath().resolve("toolgate");
        return new Database("jdbc:h2:file:" + base + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
                "embedded database " + base + ".mv.db", true);
    }

    /** A database named by a JDBC URL (PostgreSQL: {@code jdbc:postgresql://host:port/db?user=…&password=…}). */
    public static Database jdbc(String jdbcUrl, String description) {
        return new Database(jdbcUrl, description, false);
    }

    /** Where the data lives, for logs: never includes a password. */
    public String description() {
        return description;
    }

    /** Opens an embedded database and keeps it open until {@link #close}; a no-op for a server database. */
    public synchronized void open() throws SQLException {
        if (embedded && holder == null) {
            holder = connect();
        }
    }

    /** Opens the database and creates a table if it does not exist ({@code ddl}: the column list in parentheses). */
    public void ensureTable(String table, String ddl) throws SQLException {
        open();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " " + ddl);
        }
    }

    /** A new connection; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl);
    }

    @Override
    public synchronized void close() throws SQLException {
        if (holder != null) {
            holder.close();
            holder = null;
        }
    }
}
