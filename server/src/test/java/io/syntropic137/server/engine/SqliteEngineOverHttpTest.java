package io.syntropic137.server.engine;

import java.util.Map;

class SqliteEngineOverHttpTest extends EngineOverHttpContract {
    @Override
    protected Map<String, String> backendSettings() {
        return Map.of();
    }
}
