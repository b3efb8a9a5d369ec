package io.syntropic137.observability;

/** The telemetry database failed or could not be reached. */
public final class TelemetryStoreException extends RuntimeException {
    public TelemetryStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public TelemetryStoreException(String message) {
        super(message);
    }
}
