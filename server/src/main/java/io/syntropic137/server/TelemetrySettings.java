package io.syntropic137.server;

import io.syntropic137.observability.BufferSettings;
import io.syntropic137.observability.PriceTable;
import io.syntropic137.observability.TelemetryPipeline;
import io.syntropic137.observability.TelemetryStore;
import io.syntropic137.observability.postgres.PostgresTelemetryConfig;
import io.syntropic137.observability.postgres.PostgresTelemetryStore;
import io.syntropic137.observability.sqlite.SqliteTelemetryStore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Telemetry settings, read from the environment: {@code SYN_TELEMETRY_RETENTION_DAYS} (default 90),
 * {@code SYN_PRICE_FILE} (a JSON price table overriding the defaults), {@code SYN_TELEMETRY_BUFFER} (events
 * held at most, default 100000). Telemetry lives where the event store lives: the same PostgreSQL database, or
 * its own SQLite file beside the event store's (so the two writers never wait for each other's file lock).
 */
record TelemetrySettings(Duration retention, Path priceFile, int bufferCapacity, BufferSettings bufferOverride) {

    static TelemetrySettings defaults() {
        return new TelemetrySettings(TelemetryPipeline.DEFAULT_RETENTION, null, BufferSettings.defaults().capacity(), null);
    }

    static TelemetrySettings fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        TelemetrySettings defaults = defaults();
        Duration retention = defaults.retention();
        String days = env.get("SYN_TELEMETRY_RETENTION_DAYS");
        if (days != null) {
            try {
                retention = Duration.ofDays(Integer.parseInt(days.strip()));
                if (retention.toDays() < 1) {
                    problems.add("SYN_TELEMETRY_RETENTION_DAYS=" + days + " must be at least 1");
                }
            } catch (NumberFormatException e) {
                problems.add("SYN_TELEMETRY_RETENTION_DAYS=" + days + " is not a whole number of days");
            }
        }
        int capacity = defaults.bufferCapacity();
        String buffer = env.get("SYN_TELEMETRY_BUFFER");
        if (buffer != null) {
            try {
                capacity = Integer.parseInt(buffer.strip());
                if (capacity < BufferSettings.defaults().batchSize()) {
                    problems.add("SYN_TELEMETRY_BUFFER=" + buffer + " must be at least " + BufferSettings.defaults().batchSize());
                }
            } catch (NumberFormatException e) {
                problems.add("SYN_TELEMETRY_BUFFER=" + buffer + " is not a number of events");
            }
        }
        String prices = env.get("SYN_PRICE_FILE");
        if (!problems.isEmpty()) {
            throw new ServerConfig.InvalidConfigException(problems);
        }
        return new TelemetrySettings(retention, prices == null || prices.isBlank() ? null : Path.of(prices), capacity, null);
    }

    /** Exact buffer settings instead of the ones derived from the environment (tests of overload use tiny ones). */
    TelemetrySettings withBuffer(BufferSettings buffer) {
        return new TelemetrySettings(retention, priceFile, bufferCapacity, buffer);
    }

    TelemetryPipeline open(ServerConfig config) {
        PriceTable prices = prices();
        TelemetryStore store = config.postgres()
                .<TelemetryStore>map(pg -> PostgresTelemetryStore.open(PostgresTelemetryConfig.of(pg.jdbcUrl(), pg.user(), pg.password())))
                .orElseGet(() -> SqliteTelemetryStore.open(config.dataDirectory().resolve("telemetry.db")));
        BufferSettings buffer = BufferSettings.defaults();
        buffer = buffer.withCapacity(bufferCapacity, buffer.batchSize());
        // two COPY streams keep two PostgreSQL cores busy; SQLite has one writer per file whatever we do
        buffer = buffer.withFlushers(config.postgres().isPresent() ? 2 : 1);
        if (bufferOverride != null) {
            buffer = bufferOverride;
        }
        return new TelemetryPipeline(store, buffer, prices, retention, Clock.systemUTC());
    }

    private PriceTable prices() {
        if (priceFile == null) {
            return PriceTable.defaults();
        }
        try {
            return PriceTable.defaultsWith(priceFile);
        } catch (IOException | IllegalArgumentException e) {
            throw new ServerConfig.InvalidConfigException(List.of("SYN_PRICE_FILE=" + priceFile + ": " + e.getMessage()));
        }
    }
}
