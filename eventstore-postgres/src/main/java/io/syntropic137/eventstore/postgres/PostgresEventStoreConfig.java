package io.syntropic137.eventstore.postgres;

import io.syntropic137.eventstore.support.StoreLimits;
import io.syntropic137.eventstore.support.Upcasters;

import java.util.Objects;

/**
 * How to reach PostgreSQL and how to behave there.
 *
 * @param jdbcUrl      e.g. {@code jdbc:postgresql://127.0.0.1:5432/syntropic137}
 * @param poolSize     connections for readers plus the one group-commit writer
 * @param beforeCommit called by the writer inside each batch transaction, after its rows are inserted and
 *                     before commit; for tests that need a slow or failing writer. Production passes none.
 */
public record PostgresEventStoreConfig(String jdbcUrl, String user, String password, int poolSize,
                                       StoreLimits limits, Upcasters upcasters, BeforeCommit beforeCommit) {

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
    }

    public static PostgresEventStoreConfig of(String jdbcUrl, String user, String password) {
        return new PostgresEventStoreConfig(jdbcUrl, user, password, 10, null, null, null);
    }

    public PostgresEventStoreConfig withUpcasters(Upcasters newUpcasters) {
        return new PostgresEventStoreConfig(jdbcUrl, user, password, poolSize, limits, newUpcasters, beforeCommit);
    }

    public PostgresEventStoreConfig withBeforeCommit(BeforeCommit hook) {
        return new PostgresEventStoreConfig(jdbcUrl, user, password, poolSize, limits, upcasters, hook);
    }

    public PostgresEventStoreConfig withPoolSize(int size) {
        return new PostgresEventStoreConfig(jdbcUrl, user, password, size, limits, upcasters, beforeCommit);
    }
}
