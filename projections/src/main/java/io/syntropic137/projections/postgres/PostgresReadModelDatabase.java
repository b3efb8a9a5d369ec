package io.syntropic137.projections.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.syntropic137.projections.ReadModelDatabase;

import java.sql.Connection;
import java.sql.SQLException;

/** Read models on PostgreSQL, in the same database as the events (one backup holds everything). */
public final class PostgresReadModelDatabase implements ReadModelDatabase {
    private final HikariDataSource pool;

    public PostgresReadModelDatabase(String jdbcUrl, String user, String password, int poolSize) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("readmodels");
        hikari.setJdbcUrl(jdbcUrl);
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(poolSize);
        hikari.setMinimumIdle(1);
        // A batch of upserts goes as multi-row INSERTs (one statement per 128 rows instead of one per row): the
        // server parses, plans and executes each statement, which was most of its work during a catch-up.
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        // Read-model commits do not wait for their WAL flush. A server crash may then lose the last few
        // committed batches, but rows and checkpoint are in the same transaction, so they are lost together and
        // re-applied from the event log (the same trade as SQLite's synchronous=NORMAL for the read models);
        // the events themselves are committed by the event store's own connections, synchronously.
        hikari.addDataSourceProperty("options", "-c synchronous_commit=off");
        pool = new HikariDataSource(hikari);
    }

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRES;
    }

    @Override
    public <T> T write(SqlWork<T> work) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    @Override
    public <T> T read(SqlWork<T> work) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
