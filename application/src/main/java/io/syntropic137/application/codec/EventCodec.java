package io.syntropic137.application.codec;

import io.syntropic137.application.codec.EventTypeRegistry.EventType;
import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.eventstore.RecordedEvent;

/** Turns domain events into stored form (type name, schema version, JSON) and back. */
public final class EventCodec {

    /** What the store needs to know about one event. */
    public record Encoded(String type, int schemaVersion, String json) {
    }

    private final EventTypeRegistry registry;
    private final JsonCodec json;

    public EventCodec(EventTypeRegistry registry, JsonCodec json) {
        this.registry = registry;
        this.json = json;
    }

    public static EventCodec standard() {
        return new EventCodec(DomainEventTypes.registry(), new JsonCodec());
    }

    public Encoded encode(DomainEvent event) {
        EventType type = registry.forClass(event.getClass()).orElseThrow(() -> new IllegalStateException(
                event.getClass().getName() + " has no registered event type; add it to DomainEventTypes"));
        return new Encoded(type.name(), type.schemaVersion(), json.write(event));
    }

    /**
     * Reads a stored event. The store has already upcast it; a version other than the registered one means
     * an upcaster is missing, which is a deployment bug, not bad input.
     */
    public DomainEvent decode(RecordedEvent recorded) {
        EventType type = registry.forName(recorded.type()).orElseThrow(() -> new IllegalStateException(
                "stored event " + recorded.eventId() + " has unknown type '" + recorded.type() + "'"));
        if (recorded.schemaVersion() != type.schemaVersion()) {
            throw new IllegalStateException("stored event " + recorded.eventId() + " (" + recorded.type() + ") has schema version "
                    + recorded.schemaVersion() + " but this build reads version " + type.schemaVersion()
                    + "; register an upcaster");
        }
        return json.read(recorded.data(), type.javaType());
    }

    public EventTypeRegistry registry() {
        return registry;
    }

    public JsonCodec json() {
        return json;
    }
}
