package io.syntropic137.projections.readmodels.support;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Rows known to be new go into a PostgreSQL table with {@code COPY ... FROM STDIN} instead of batched upserts:
 * the server then neither parses and plans multi-row INSERTs nor checks for conflicts, and the client neither
 * binds each value as a parameter. Most of a build from empty tables is such rows.
 */
final class PostgresCopy {
    /**
     * Fewer new rows than this go with the upserts: COPY waits for the server's go-ahead before sending, one more
     * round trip than a batch, which a live batch of a few rows would pay for nothing.
     */
    static final int MIN_ROWS = 16;

    private PostgresCopy() {
    }

    /** The PostgreSQL connection behind {@code connection} (a pool's proxy), or null on another database. */
    static PGConnection of(Connection connection) throws SQLException {
        return connection.isWrapperFor(PGConnection.class) ? connection.unwrap(PGConnection.class) : null;
    }

    /** Sends {@code lines} (COPY text, one row per line) with {@code sql} in the connection's transaction. */
    static long copy(PGConnection connection, String sql, CharSequence lines) throws SQLException {
        byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
        CopyIn in = connection.getCopyAPI().copyIn(sql);
        try {
            in.writeToCopy(bytes, 0, bytes.length);
            return in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy(); // a failure half-way: the transaction is rolled back by the caller
            }
        }
    }
}
