package io.syntropic137.eventstore.sqlite;

import org.sqlite.SQLiteConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The readers' statements, compiled once per pooled SQLite connection and reused by whoever borrows it next.
 * sqlite-jdbc has no statement cache: every prepare compiles the SQL again and fetches every result column's name
 * through JNI, which the engine paid on each aggregate load (about a tenth of its allocation). A borrowed connection
 * is used by one thread at a time, so are its statements. Statements belong to the physical connection (not to the
 * pool's wrapper, which closes what was prepared through it when it is given back); a connection the pool retires
 * takes its statements with it, and its entry here goes with the connection.
 */
final class ReaderStatements {
    /** Per connection; filtered reads build their SQL from the filter's shape, so the set of texts is open-ended. */
    static final int MAX_PER_CONNECTION = 64;

    private final Map<Connection, Map<String, PreparedStatement>> byConnection =
            Collections.synchronizedMap(new WeakHashMap<>());

    /** A statement for {@code sql} on the physical connection behind {@code borrowed}; not to be closed by the caller. */
    PreparedStatement prepare(Connection borrowed, String sql) throws SQLException {
        Connection physical = borrowed.unwrap(SQLiteConnection.class);
        Map<String, PreparedStatement> statements = byConnection.computeIfAbsent(physical, c -> new LeastRecentlyUsed());
        PreparedStatement statement = statements.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = physical.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    /** Closes the statement used longest ago once a connection holds too many (none of them is in use meanwhile). */
    private static final class LeastRecentlyUsed extends LinkedHashMap<String, PreparedStatement> {
        LeastRecentlyUsed() {
            super(16, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= MAX_PER_CONNECTION) {
                return false;
            }
            try {
                eldest.getValue().close();
            } catch (SQLException e) {
                throw new IllegalStateException("closing a cached SQLite statement failed", e);
            }
            return true;
        }
    }
}
