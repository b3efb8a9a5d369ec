package io.syntropic137.server.engine;

import java.util.Map;

class SqliteCrashRecoveryTest extends CrashRecoveryContract {
    @Override
    protected Map<String, String> backendSettings() {
        return Map.of();
    }
}
