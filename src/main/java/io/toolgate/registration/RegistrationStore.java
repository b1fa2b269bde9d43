package io.toolgate.registration;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.toolgate.json.Json;
import io.toolgate.store.Database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where registrations are committed: one table, {@code toolgate_registration}, in the gateway's {@link Database}. Every
 * write is one transaction. The table holds the registrants' headers (their upstream credentials): protect the
 * database like a secret store.
 */
public final class RegistrationStore implements AutoCloseable {

    private static final String TABLE = "toolgate_registration";
    private static final ObjectMapper JSON = Json.MAPPER;
    private final Database database;

    public RegistrationStore(Database database) {
        this.database = database;
    }

    /** A store in the embedded database file {@code <dataDir>/toolgate.mv.db}. */
    public static RegistrationStore embedded(Path dataDir) {
        return new RegistrationStore(Database.embedded(dataDir));
    }

    /** Where the registrations live, for logs: never includes a password. */
    public String description() {
        return database.description();
    }

    /** Opens the database and creates the table if needed. */
    public void open() throws SQLException {
        database.ensureTable(TABLE, "("
                + "domain VARCHAR(64) PRIMARY KEY, "
                + "url VARCHAR(4096) NOT NULL, "
                + "discovery_url VARCHAR(4096), "
                + "headers VARCHAR(65536), "
                + "description VARCHAR(65536), "
                + "registered_at BIGINT NOT NULL)");
    }

    /** Every registration, by domain. */
    public List<Registration> all() throws SQLException {
        List<Registration> out = new ArrayList<>();
        try (Connection c = connect();
             PreparedStatement q = c.prepareStatement("SELECT domain, url, discovery_url, headers, description, registered_at FROM "
                     + TABLE + " ORDER BY domain");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(new Registration(rs.getString(1), rs.getString(2), rs.getString(3), headers(rs.getString(4)),
                        rs.getString(5), rs.getLong(6)));
            }
        }
        return out;
    }

    /** Inserts or replaces the domain's registration. */
    public void save(Registration r) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM " + TABLE + " WHERE domain = ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO " + TABLE
                         + " (domain, url, discovery_url, headers, description, registered_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                del.setString(1, r.domain());
                del.executeUpdate();
                ins.setString(1, r.domain());
                ins.setString(2, r.url());
                setNullable(ins, 3, r.discoveryUrl());
                setNullable(ins, 4, r.headers() == null ? null : Json.write(r.headers()));
                setNullable(ins, 5, r.description());
                ins.setLong(6, r.registeredAt());
                ins.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Removes the domain's registration; true when there was one. */
    public boolean delete(String domain) throws SQLException {
        try (Connection c = connect(); PreparedStatement del = c.prepareStatement("DELETE FROM " + TABLE + " WHERE domain = ?")) {
            del.setString(1, domain);
            return del.executeUpdate() > 0;
        }
    }

    @Override
    public void close() throws SQLException {
        database.close();
    }

    private Connection connect() throws SQLException {
        return database.connect();
    }

    private static void setNullable(PreparedStatement s, int index, String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }

    private static Map<String, String> headers(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable headers in " + TABLE, e);
        }
    }
}
