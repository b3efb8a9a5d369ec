package io.syntropic137.eventstore;

/** An event store failure that is not the caller's fault: I/O, a lost connection, a closed store. */
public class EventStoreException extends RuntimeException {
    public EventStoreException(String message) {
        super(message);
    }

    public EventStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
