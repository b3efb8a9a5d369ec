package io.syntropic137.eventstore;

import java.time.Instant;

/** Metadata of a stored event: its causation plus the time the store recorded it. */
public record EventMetadata(String correlationId, String causationId, String actor, Instant recordedAt) {
    public static EventMetadata of(Causation causation, Instant recordedAt) {
        return new EventMetadata(causation.correlationId(), causation.causationId(), causation.actor(), recordedAt);
    }
}
