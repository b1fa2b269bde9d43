package io.toolgate.search;

import io.toolgate.store.Database;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tool vectors kept in the gateway's {@link Database}, table {@code toolgate_tool_vector}, keyed by the digest of the
 * model and the text embedded: a restart, or another replica on the same database, reads them instead of computing
 * them again. Rows are never updated: a changed tool has a new digest.
 */
public final class VectorStore {

    private static final String TABLE = "toolgate_tool_vector";
    private static final int CHUNK = 500;
    private final Database database;

    public VectorStore(Database database) {
        this.database = database;
    }

    public String description() {
        return database.description();
    }

    public void open() throws SQLException {
        database.ensureTable(TABLE, "("
                + "digest VARCHAR(64) PRIMARY KEY, "
                + "model VARCHAR(128) NOT NULL, "
                + "vector VARCHAR(16384) NOT NULL)");
    }

    /** The stored vectors of these digests; digests not stored are absent from the answer. */
    public Map<String, float[]> load(Collection<String> digests) throws SQLException {
        Map<String, float[]> out = new HashMap<>();
        List<String> all = new ArrayList<>(digests);
        try (Connection c = database.connect()) {
            for (int from = 0; from < all.size(); from += CHUNK) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
                String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement q = c.prepareStatement("SELECT digest, vector FROM " + TABLE
                        + " WHERE digest IN (" + marks + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        q.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            out.put(rs.getString(1), decode(rs.getString(2)));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Stores vectors; a digest another writer stored meanwhile is left as it is. */
    public void save(String model, Map<String, float[]> vectors) throws SQLException {
        try (Connection c = database.connect();
             PreparedStatement ins = c.prepareStatement("INSERT INTO " + TABLE + " (digest, model, vector) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, float[]> e : vectors.entrySet()) {
                ins.setString(1, e.getKey());
                ins.setString(2, model);
                ins.setString(3, encode(e.getValue()));
                try {
                    ins.executeUpdate();
                } catch (SQLException duplicate) {
                    if (!"23505".equals(duplicate.getSQLState())) {
                        throw duplicate;
                    }
                }
            }
        }
    }

    static String encode(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return Base64.getEncoder().encodeToString(b.array());
    }

    static float[] decode(String s) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(s)).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getFloat();
        }
        return v;
    }
}
