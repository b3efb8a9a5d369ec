package io.syntropic137.application;

import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.postgres.PostgresEventStore;
import io.syntropic137.eventstore.postgres.PostgresEventStoreConfig;
import io.syntropic137.testing.PostgresTestDatabase;

class PostgresCommandHandlingTest extends CommandHandlingContract {

    private PostgresTestDatabase database;

    @Override
    protected EventStore openStore() {
        database = PostgresTestDatabase.create("app_commands");
        return PostgresEventStore.open(PostgresEventStoreConfig.of(database.jdbcUrl(), database.user(), database.password()));
    }

    @Override
    protected void closeStore() {
        store.close();
        database.close();
    }
}
