package io.syntropic137.eventstore.postgres;

import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.contract.EventStoreContract;
import io.syntropic137.eventstore.support.Upcasters;
import io.syntropic137.testing.PostgresTestDatabase;

/** The shared contract, unchanged, against the real PostgreSQL server in a throwaway database. */
class PostgresEventStoreContractTest extends EventStoreContract {
    private PostgresTestDatabase database;

    @Override
    protected EventStore openStore(Upcasters upcasters) {
        database = PostgresTestDatabase.create("syn_es_contract");
        return PostgresEventStore.open(config().withUpcasters(upcasters));
    }

    @Override
    protected EventStore openSecondStore() {
        return PostgresEventStore.open(config());
    }

    private PostgresEventStoreConfig config() {
        return PostgresEventStoreConfig.of(database.jdbcUrl(), database.user(), database.password()).withPoolSize(4);
    }

    @Override
    protected ProcessBuilder appenderProcess(String streamPrefix) {
        return childJvm(PostgresAppenderProcess.class, database.jdbcUrl(), database.user(),
                database.password() == null ? "" : database.password(), streamPrefix);
    }

    @Override
    protected void dropStorage() {
        if (database != null) {
            database.close();
        }
    }
}
