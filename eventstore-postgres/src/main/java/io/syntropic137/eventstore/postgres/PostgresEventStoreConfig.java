package io.syntropic137.eventstore.postgres;

import io.syntropic137.eventstore.support.StoreLimits;
import io.syntropic137.eventstore.support.Upcasters;

import java.util.Objects;

/**
 * How to reach PostgreSQL and how to behave there.
 *
 * @param jdbcUrl      e.g. {@code jdbc:postgresql://127.0.0.1:5432/syntropic137}
 * @param poolSize     connections for readers plus the one group-commit writer
 * @param writerThreads group-commit writer threads; with two, one prepares and sends its batch while the other
 *                     commits (they take turns on the ordering lock)
 * @param beforeCommit called by the writer inside each batch transaction, after its rows are inserted and
 *                     before commit; for tests that need a slow or failing writer. Production passes none.
 */
public record PostgresEventStoreConfig(String jdbcUrl, String user, String password, int poolSize,
                                       StoreLimits limits, Upcasters upcasters, BeforeCommit beforeCommit,
                                       int writerThreads) {

    /** Hook into the writer's transaction just before commit. */
    @FunctionalInterface
    public interface BeforeCommit {
        void run(int rowsInBatch) throws Exception;

        BeforeCommit NONE = rows -> {
        };
    }

    public PostgresEventStoreConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (poolSize < 2) {
            throw new IllegalArgumentException("poolSize must be >= 2 (one writer, at least one reader), was " + poolSize);
        }
        limits = limits == null ? StoreLimits.DEFAULTS : limits;
        upcasters = upcasters == null ? Upcasters.none() : upcasters;
        beforeCommit = beforeCommit == null ? BeforeCommit.NONE : beforeCommit;
        if (writerThreads < 1 || writerThreads >= poolSize) {
            throw new IllegalArgumentException("writerThreads must be between 1 and poolSize - 1, was " + writerThreads);
        }
    }

    public static PostgresEventStoreConfig of(String jdbcUrl, String user, String password) {
        return new PostgresEventStoreConfig(jdbcUrl, user, password, 10, null, null, null, 1);
    }

    public PostgresEventStoreConfig withUpcasters(Upcasters newUpcasters) {
        return new PostgresEventStoreConfig(jdbcUrl, user, password, poolSize, limits, newUpcasters, beforeCommit, writerThreads);
    }

    public PostgresEventStoreConfig withBeforeCommit(BeforeCommit hook) {
        return new PostgresEventStoreConfig(jdbcUrl, user, password, poolSize, limits, upcasters, hook, writerThreads);
    }

    public PostgresEventStoreConfig withWriterThreads(int threads) {
        return new PostgresEventStoreConfig(jdbcUrl, user, password, poolSize, limits, upcasters, beforeCommit, threads);
    }

    public PostgresEventStoreConfig withPoolSize(int size) {
        return new PostgresEventStoreConfig(jdbcUrl, user, password, size, limits, upcasters, beforeCommit,
                Math.min(writerThreads, size - 1));
    }
}
