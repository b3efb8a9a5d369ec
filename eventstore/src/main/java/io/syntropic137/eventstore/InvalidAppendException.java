package io.syntropic137.eventstore;

/** The caller sent something the store will not write. Nothing was written. */
public final class InvalidAppendException extends EventStoreException {

    /** Stable reason codes, so an HTTP adapter can map them to problem types without parsing messages. */
    public enum Reason {
        STREAM_ID, EXPECTED_VERSION, EMPTY_APPEND, EVENT_TYPE, SCHEMA_VERSION, INVALID_JSON, EVENT_TOO_LARGE,
        DUPLICATE_EVENT_ID, EVENT_ID_CONFLICT, TOO_MANY_EVENTS
    }

    private final Reason reason;

    public InvalidAppendException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
