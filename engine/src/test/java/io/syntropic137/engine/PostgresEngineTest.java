package io.syntropic137.engine;

import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.postgres.PostgresEventStore;
import io.syntropic137.eventstore.postgres.PostgresEventStoreConfig;
import io.syntropic137.testing.PostgresTestDatabase;

import java.nio.file.Path;

class PostgresEngineTest extends EngineContract {
    private PostgresTestDatabase database;

    @Override
    protected EventStore openStore(Path dir) {
        database = PostgresTestDatabase.create("engine");
        return PostgresEventStore.open(PostgresEventStoreConfig.of(database.jdbcUrl(), database.user(), database.password()));
    }

    @Override
    protected void closeStore() {
        store.close();
        database.close();
    }
}
