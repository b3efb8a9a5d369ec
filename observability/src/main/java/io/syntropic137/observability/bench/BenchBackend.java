package io.syntropic137.observability.bench;

import io.syntropic137.observability.TelemetryEvent;
import io.syntropic137.observability.TelemetryStore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the benchmark needs from a backend: our store, a way to empty it, the raw baseline, and bulk filling. */
interface BenchBackend extends AutoCloseable {
    String name();

    TelemetryStore openStore();

    /** Empties the telemetry table (keeping its schema and partitions). */
    void reset() throws Exception;

    /** Writes the rows the plainest fast way the database offers, chunk rows per transaction; returns seconds. */
    double baseline(List<TelemetryEvent> events, int chunk) throws Exception;

    /** Adds synthetic rows inside the database until the table holds {@code total} rows. */
    void fillTo(long total, int executions, Instant start, Duration span) throws Exception;

    long count() throws Exception;

    /** The table's size on disk after a side wrote it, for the round's line: more pages means more I/O. */
    default String footprint() throws Exception {
        return "";
    }

    /** Adds the backend's own settings to the JSON line. */
    default void describe(java.util.Map<String, Object> json) {
    }

    @Override
    void close() throws Exception;
}
