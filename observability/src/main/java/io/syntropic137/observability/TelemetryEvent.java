package io.syntropic137.observability;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One validated telemetry event. Instances come only from {@link TelemetryValidator}, which derives the id from
 * the content (so the same event sent twice has the same id and is stored once), truncates the time to
 * microseconds (what both databases keep) and writes {@code data} as canonical JSON.
 *
 * @param dataJson a JSON object, canonical: keys sorted, no insignificant whitespace
 */
public record TelemetryEvent(UUID id, Instant time, String type, boolean knownType, String executionId,
                             String phaseId, String sessionId, String toolUseId, String dataJson) {
    public TelemetryEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dataJson, "dataJson");
    }

    public boolean is(EventType eventType) {
        return type.equals(eventType.wireName());
    }
}
