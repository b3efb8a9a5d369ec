package io.syntropic137.server.engine;

import io.syntropic137.testing.PostgresTestDatabase;

import java.net.URI;
import java.util.Map;

class PostgresEngineOverHttpTest extends EngineOverHttpContract {
    private PostgresTestDatabase database;

    @Override
    protected Map<String, String> backendSettings() {
        database = PostgresTestDatabase.create("engine_http");
        String auth = database.password() == null ? database.user() : database.user() + ":" + database.password();
        return Map.of("SYN_DATABASE_URL", "postgresql://" + auth + "@"
                + URI.create(database.jdbcUrl().substring(5)).getAuthority() + "/" + database.name());
    }

    @Override
    protected void closeBackend() {
        database.close();
    }
}
