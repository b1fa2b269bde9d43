package io.toolgate.search;

import io.toolgate.store.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Learned (query, tool) pairs in the gateway's {@link Database}, table {@code toolgate_search_feedback}, with the
 * query's vector and the model that computed it; the oldest pairs beyond the bound are deleted on each write.
 */
public final class FeedbackStore {

    private static final String TABLE = "toolgate_search_feedback";
    private final Database database;

    public FeedbackStore(Database database) {
        this.database = database;
    }

    public String description() {
        return database.description();
    }

    public void open() throws SQLException {
        database.ensureTable(TABLE, "("
                + "query VARCHAR(1024) NOT NULL, "
                + "tool VARCHAR(256) NOT NULL, "
                + "model VARCHAR(128), "
                + "vector VARCHAR(16384), "
                + "updated_at BIGINT NOT NULL, "
                + "PRIMARY KEY (query, tool))");
    }

    /** Every pair, oldest first; a vector computed by another model than {@code model} is dropped. */
    public List<SearchFeedback.Pair> all(String model) throws SQLException {
        List<SearchFeedback.Pair> out = new ArrayList<>();
        try (Connection c = database.connect();
             PreparedStatement q = c.prepareStatement("SELECT query, tool, model, vector FROM " + TABLE + " ORDER BY updated_at");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                boolean sameModel = rs.getString(4) != null && model != null && model.equals(rs.getString(3));
                out.add(new SearchFeedback.Pair(rs.getString(1), rs.getString(2),
                        sameModel ? VectorStore.decode(rs.getString(4)) : null));
            }
        }
        return out;
    }

    /** Inserts or refreshes a pair, then keeps the {@code max} most recent. */
    public void save(SearchFeedback.Pair pair, String model, int max) throws SQLException {
        String query = pair.query().length() > 1024 ? pair.query().substring(0, 1024) : pair.query();
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement latest = c.prepareStatement("SELECT MAX(updated_at) FROM " + TABLE);
                 PreparedStatement del = c.prepareStatement("DELETE FROM " + TABLE + " WHERE query = ? AND tool = ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO " + TABLE
                         + " (query, tool, model, vector, updated_at) VALUES (?, ?, ?, ?, ?)");
                 PreparedStatement cutoff = c.prepareStatement("SELECT updated_at FROM " + TABLE
                         + " ORDER BY updated_at DESC LIMIT 1 OFFSET ?");
                 PreparedStatement trim = c.prepareStatement("DELETE FROM " + TABLE + " WHERE updated_at <= ?")) {
                long stamp = System.currentTimeMillis();
                try (ResultSet rs = latest.executeQuery()) {
                    // strictly increasing, so the bound never cuts between two pairs written in the same millisecond
                    if (rs.next()) {
                        stamp = Math.max(stamp, rs.getLong(1) + 1);
                    }
                }
                del.setString(1, query);
                del.setString(2, pair.tool());
                del.executeUpdate();
                ins.setString(1, query);
                ins.setString(2, pair.tool());
                ins.setString(3, pair.vector() == null ? null : model);
                ins.setString(4, pair.vector() == null ? null : VectorStore.encode(pair.vector()));
                ins.setLong(5, stamp);
                ins.executeUpdate();
                cutoff.setInt(1, max);
                try (ResultSet rs = cutoff.executeQuery()) {
                    if (rs.next()) {
                        trim.setLong(1, rs.getLong(1));
                        trim.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
