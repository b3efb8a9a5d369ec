package io.syntropic137.eventstore;

import java.util.UUID;

/**
 * An event to append. {@code data} is a JSON object; the store keeps it byte for byte. The event id makes
 * appends idempotent: appending the same ids again returns the original result.
 */
public record NewEvent(UUID eventId, String type, int schemaVersion, String data, Causation causation) {
    public NewEvent {
        if (causation == null) {
            causation = Causation.NONE;
        }
    }

    public static NewEvent of(String type, String data) {
        return new NewEvent(UUID.randomUUID(), type, 1, data, Causation.NONE);
    }
}
