package io.syntropic137.observability.postgres;

import java.util.Objects;

/**
 * @param partitionsAhead daily partitions kept ready beyond today, so writes rarely wait for DDL
 */
public record PostgresTelemetryConfig(String jdbcUrl, String user, String password, int poolSize, int partitionsAhead) {
    public PostgresTelemetryConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (poolSize < 2) {
            throw new IllegalArgumentException("poolSize must be >= 2 (the writer and readers), was " + poolSize);
        }
        if (partitionsAhead < 0) {
            throw new IllegalArgumentException("partitionsAhead must be >= 0, was " + partitionsAhead);
        }
    }

    public static PostgresTelemetryConfig of(String jdbcUrl, String user, String password) {
        return new PostgresTelemetryConfig(jdbcUrl, user, password, 6, 3);
    }
}
