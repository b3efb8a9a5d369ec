package io.syntropic137.eventstore.sqlite;

import io.syntropic137.eventstore.support.StoreLimits;
import io.syntropic137.eventstore.support.Upcasters;

import java.nio.file.Path;
import java.util.Objects;

/**
 * @param databaseFile  the one WAL database file (created with its directory when missing)
 * @param readers       pooled read connections; the writer has its own
 * @param fullSync      fsync the WAL at every commit (survives power loss); off keeps every commit that
 *                      returned across a process crash but may lose the last ones on power loss
 */
public record SqliteEventStoreConfig(Path databaseFile, int readers, boolean fullSync, StoreLimits limits,
                                     Upcasters upcasters) {
    public SqliteEventStoreConfig {
        Objects.requireNonNull(databaseFile, "databaseFile");
        if (readers < 1) {
            throw new IllegalArgumentException("readers must be >= 1, was " + readers);
        }
        limits = limits == null ? StoreLimits.DEFAULTS : limits;
        upcasters = upcasters == null ? Upcasters.none() : upcasters;
    }

    public static SqliteEventStoreConfig of(Path databaseFile) {
        return new SqliteEventStoreConfig(databaseFile, 4, true, null, null);
    }

    public SqliteEventStoreConfig withUpcasters(Upcasters newUpcasters) {
        return new SqliteEventStoreConfig(databaseFile, readers, fullSync, limits, newUpcasters);
    }

    public SqliteEventStoreConfig withFullSync(boolean sync) {
        return new SqliteEventStoreConfig(databaseFile, readers, sync, limits, upcasters);
    }
}
