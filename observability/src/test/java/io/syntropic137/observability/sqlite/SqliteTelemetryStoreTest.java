package io.syntropic137.observability.sqlite;

import io.syntropic137.observability.IngestProcess;
import io.syntropic137.observability.TelemetryStore;
import io.syntropic137.observability.TelemetryStoreContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteTelemetryStoreTest extends TelemetryStoreContract {
    @TempDir
    static Path directory;

    @Override
    protected TelemetryStore openStore() {
        return SqliteTelemetryStore.open(directory.resolve("telemetry.db"));
    }

    @Override
    protected ProcessBuilder ingestProcess(String session) {
        return childJvm(IngestProcess.class, "sqlite", directory.resolve("telemetry.db").toString(), session);
    }
}
