package io.syntropic137.projections.readmodels;

import io.syntropic137.eventstore.postgres.PostgresEventStore;
import io.syntropic137.eventstore.postgres.PostgresEventStoreConfig;
import io.syntropic137.projections.postgres.PostgresReadModelDatabase;
import io.syntropic137.testing.PostgresTestDatabase;

/**
 * The read models on a PostgreSQL database whose default collation is a locale's (ICU English), as many servers
 * are set up: the results must not depend on it.
 */
class PostgresLocaleReadModelsTest extends ReadModelsContract {
    private PostgresTestDatabase pg;

    @Override
    protected void openStorage() {
        pg = PostgresTestDatabase.create("syn_readmodels_icu", "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
        store = PostgresEventStore.open(PostgresEventStoreConfig.of(pg.jdbcUrl(), pg.user(), pg.password()).withPoolSize(4));
        database = new PostgresReadModelDatabase(pg.jdbcUrl(), pg.user(), pg.password(), 4);
    }

    @Override
    protected void dropStorage() {
        pg.close();
    }
}
