package io.syntropic137.engine;

import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.sqlite.SqliteEventStore;
import io.syntropic137.eventstore.sqlite.SqliteEventStoreConfig;

import java.nio.file.Path;

class SqliteEngineTest extends EngineContract {
    @Override
    protected EventStore openStore(Path dir) {
        return SqliteEventStore.open(SqliteEventStoreConfig.of(dir.resolve("events.db")));
    }

    @Override
    protected void closeStore() {
        store.close();
    }
}
