package io.syntropic137.observability.postgres;

import io.syntropic137.observability.IngestProcess;
import io.syntropic137.observability.TelemetryStore;
import io.syntropic137.observability.TelemetryStoreContract;
import io.syntropic137.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresTelemetryStoreTest extends TelemetryStoreContract {
    private static PostgresTestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = PostgresTestDatabase.create("syn_telemetry");
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Override
    protected TelemetryStore openStore() {
        return PostgresTelemetryStore.open(PostgresTelemetryConfig.of(database.jdbcUrl(), database.user(), database.password()));
    }

    @Override
    protected ProcessBuilder ingestProcess(String session) {
        return childJvm(IngestProcess.class, "postgres", database.jdbcUrl(), database.user(), database.password(), session);
    }
}
