package io.syntropic137.eventstore;

import java.util.UUID;

/**
 * A stored event: its place in its stream ({@code streamVersion}, from 1) and in the global commit order
 * ({@code position}, increasing with commit order, never reused once seen).
 */
public record RecordedEvent(UUID eventId, String streamId, long streamVersion, long position, String type,
                            int schemaVersion, String data, EventMetadata metadata) {

    public RecordedEvent withData(int newSchemaVersion, String newData) {
        return new RecordedEvent(eventId, streamId, streamVersion, position, type, newSchemaVersion, newData, metadata);
    }
}
