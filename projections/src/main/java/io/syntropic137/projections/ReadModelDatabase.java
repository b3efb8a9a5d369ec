package io.syntropic137.projections;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where read models live. A projection's rows and its checkpoint are written in one {@link #write} transaction,
 * which is what makes a crash at any moment neither lose nor double-apply an event.
 */
public interface ReadModelDatabase extends AutoCloseable {

    enum Dialect { SQLITE, POSTGRES }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    Dialect dialect();

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    <T> T write(SqlWork<T> work) throws SQLException;

    /** Runs read-only {@code work}; never blocked by a writer. */
    <T> T read(SqlWork<T> work) throws SQLException;

    @Override
    void close();
}
