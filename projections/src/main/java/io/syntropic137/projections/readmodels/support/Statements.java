package io.syntropic137.projections.readmodels.support;

import org.sqlite.SQLiteConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The prepared statements of a batch's reads and writes. SQLite compiles the SQL on every
 * {@code prepareStatement} (an upsert of 26 columns with its conflict clause: a tenth of a catch-up's projection
 * CPU, inside the one write lock), so on SQLite's writer connection they are kept per SQL text and reused. Pooled
 * connections (PostgreSQL, whose driver keeps its own server-side statements) prepare and close them per use.
 */
final class Statements {
    /** Per raw SQLite connection; used under that database's write lock, one thread at a time. */
    private static final Map<Connection, Map<String, PreparedStatement>> KEPT = new IdentityHashMap<>();

    private Statements() {
    }

    static PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        if (!(connection instanceof SQLiteConnection)) {
            return connection.prepareStatement(sql);
        }
        Map<String, PreparedStatement> kept = kept(connection);
        PreparedStatement statement = kept.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = connection.prepareStatement(sql);
            kept.put(sql, statement);
        }
        return statement;
    }

    /** Done with a statement for this batch: closed unless it is kept. */
    static void release(Connection connection, PreparedStatement statement) throws SQLException {
        if (!(connection instanceof SQLiteConnection)) {
            statement.close();
        }
    }

    /** A statement failed: the connection's kept statements are closed and prepared afresh next time. */
    static void discard(Connection connection) {
        Map<String, PreparedStatement> kept;
        synchronized (KEPT) {
            kept = KEPT.remove(connection);
        }
        if (kept != null) {
            for (PreparedStatement statement : kept.values()) {
                try {
                    statement.close();
                } catch (SQLException e) {
                    // closing is all that was wanted
                }
            }
        }
    }

    private static Map<String, PreparedStatement> kept(Connection connection) throws SQLException {
        synchronized (KEPT) {
            Map<String, PreparedStatement> kept = KEPT.get(connection);
            if (kept == null) {
                // a closed database's connection no longer needs its statements
                KEPT.keySet().removeIf(Statements::isClosed);
                kept = new HashMap<>();
                KEPT.put(connection, kept);
            }
            return kept;
        }
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
