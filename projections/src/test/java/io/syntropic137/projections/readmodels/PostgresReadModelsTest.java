package io.syntropic137.projections.readmodels;

import io.syntropic137.eventstore.postgres.PostgresEventStore;
import io.syntropic137.eventstore.postgres.PostgresEventStoreConfig;
import io.syntropic137.projections.postgres.PostgresReadModelDatabase;
import io.syntropic137.testing.PostgresTestDatabase;

class PostgresReadModelsTest extends ReadModelsContract {
    private PostgresTestDatabase pg;

    @Override
    protected void openStorage() {
        pg = PostgresTestDatabase.create("syn_readmodels");
        store = PostgresEventStore.open(PostgresEventStoreConfig.of(pg.jdbcUrl(), pg.user(), pg.password()).withPoolSize(4));
        database = new PostgresReadModelDatabase(pg.jdbcUrl(), pg.user(), pg.password(), 4);
    }

    @Override
    protected void dropStorage() {
        pg.close();
    }
}
