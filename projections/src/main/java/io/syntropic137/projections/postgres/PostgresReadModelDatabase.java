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
