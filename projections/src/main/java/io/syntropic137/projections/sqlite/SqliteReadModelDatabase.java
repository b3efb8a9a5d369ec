package io.syntropic137.projections.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.syntropic137.projections.ReadModelDatabase;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Read models in their own SQLite file (apart from the events, so projection writes never queue behind
 * appends). One writer connection shared by all projections under a lock; pooled read-only connections.
 */
public final class SqliteReadModelDatabase implements ReadModelDatabase {
    private final Connection writer;
    /**
     * Fair: a runner that just committed would otherwise take the file again before a waiting one wakes, so a
     * rebuild from position 0 could starve the live projections for as long as it runs.
     */
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final HikariDataSource readers;

    public SqliteReadModelDatabase(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            writer = source(file, false).getConnection();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory for " + file, e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the read-model database " + file + ": " + e.getMessage(), e);
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("readmodels-" + file.getFileName());
        hikari.setDataSource(source(file, true));
        hikari.setMaximumPoolSize(4);
        hikari.setMinimumIdle(1);
        hikari.setReadOnly(true);
        readers = new HikariDataSource(hikari);
    }

    private static SQLiteDataSource source(Path file, boolean readOnly) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL); // rebuildable from the event store
        config.setBusyTimeout(10_000);
        config.setReadOnly(readOnly);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return source;
    }

    @Override
    public Dialect dialect() {
        return Dialect.SQLITE;
    }

    @Override
    public <T> T write(SqlWork<T> work) throws SQLException {
        writeLock.lock();
        try (Statement statement = writer.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                T result = work.run(writer);
                statement.execute("COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    statement.execute("ROLLBACK");
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public <T> T read(SqlWork<T> work) throws SQLException {
        try (Connection connection = readers.getConnection()) {
            return work.run(connection);
        }
    }

    @Override
    public void close() {
        readers.close();
        try {
            writer.close();
        } catch (SQLException e) {
            throw new IllegalStateException("closing the read-model database failed: " + e.getMessage(), e);
        }
    }
}
