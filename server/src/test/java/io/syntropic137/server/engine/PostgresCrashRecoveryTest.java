package io.syntropic137.server.engine;

import io.syntropic137.testing.PostgresTestDatabase;

import java.net.URI;
import java.util.Map;

class PostgresCrashRecoveryTest extends CrashRecoveryContract {
    private PostgresTestDatabase database;
    private Map<String, String> settings;

    @Override
    protected Map<String, String> backendSettings() {
        if (settings == null) {
            database = PostgresTestDatabase.create("engine_crash");
            String auth = database.password() == null ? database.user() : database.user() + ":" + database.password();
            settings = Map.of("SYN_DATABASE_URL", "postgresql://" + auth + "@"
                    + URI.create(database.jdbcUrl().substring(5)).getAuthority() + "/" + database.name());
        }
        return settings;
    }

    @Override
    protected void closeBackend() {
        if (database != null) {
            database.close();
        }
    }
}
