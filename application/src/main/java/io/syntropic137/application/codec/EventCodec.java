package io.syntropic137.application.codec;

import io.syntropic137.application.codec.EventTypeRegistry.EventType;
import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.eventstore.RecordedEvent;

import java.util.HashMap;
import java.util.Map;

/** Turns domain events into stored form (type name, schema version, JSON) and back. */
public final class EventCodec {

    /** What the store needs to know about one event. */
    public record Encoded(String type, int schemaVersion, String json) {
    }

    private final EventTypeRegistry registry;
    private final JsonCodec json;
    /** Per stored type name, the Jackson-free reader of its JSON; absent when the type has components it cannot read. */
    private final Map<String, RecordJsonReader> fastReaders = new HashMap<>();

    public EventCodec(EventTypeRegistry registry, JsonCodec json) {
        this.registry = registry;
        this.json = json;
        for (EventType type : registry.all()) {
            RecordJsonReader reader = RecordJsonReader.forRecord(type.javaType());
            if (reader != null) {
                fastReaders.put(type.name(), reader);
            }
        }
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
        RecordJsonReader fast = fastReaders.get(type.name());
        if (fast != null) {
            Object event = fast.read(recorded.data());
            if (event != null) {
                return (DomainEvent) event;
            }
        }
        // not in the shape the codec writes (or a type the fast reader does not cover): Jackson decides
        return json.read(recorded.data(), type.javaType());
    }

    /** Whether events of {@code typeName} are read without Jackson when in the codec's own shape (for tests). */
    boolean readsWithoutJackson(String typeName) {
        return fastReaders.containsKey(typeName);
    }

    public EventTypeRegistry registry() {
        return registry;
    }

    public JsonCodec json() {
        return json;
    }
}
