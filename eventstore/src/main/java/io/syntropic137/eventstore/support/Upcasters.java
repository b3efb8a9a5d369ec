package io.syntropic137.eventstore.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syntropic137.eventstore.EventStoreException;
import io.syntropic137.eventstore.RecordedEvent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Maps (event type, schema version N) to a transformation that yields version N+1, applied on read until no
 * further step is registered. Stored events are never rewritten; old shapes are upgraded each time they are read.
 */
public final class Upcasters {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Key(String type, int fromVersion) {
    }

    private final Map<Key, UnaryOperator<ObjectNode>> steps = new ConcurrentHashMap<>();
    private final Map<String, Boolean> typesWithSteps = new ConcurrentHashMap<>();

    public static Upcasters none() {
        return new Upcasters();
    }

    /** Registers the step that turns {@code type} data of {@code fromVersion} into {@code fromVersion + 1}. */
    public Upcasters register(String type, int fromVersion, UnaryOperator<ObjectNode> step) {
        if (steps.putIfAbsent(new Key(type, fromVersion), step) != null) {
            throw new IllegalStateException("an upcaster for " + type + " v" + fromVersion + " is already registered");
        }
        typesWithSteps.put(type, Boolean.TRUE);
        return this;
    }

    public RecordedEvent upcast(RecordedEvent event) {
        if (!typesWithSteps.containsKey(event.type())) {
            return event;
        }
        UnaryOperator<ObjectNode> step = steps.get(new Key(event.type(), event.schemaVersion()));
        if (step == null) {
            return event;
        }
        try {
            ObjectNode data = (ObjectNode) JSON.readTree(event.data());
            int version = event.schemaVersion();
            while (step != null) {
                data = step.apply(data);
                version++;
                step = steps.get(new Key(event.type(), version));
            }
            return event.withData(version, JSON.writeValueAsString(data));
        } catch (JsonProcessingException | ClassCastException e) {
            throw new EventStoreException("cannot upcast " + event.type() + " v" + event.schemaVersion()
                    + " at position " + event.position() + ": " + e.getMessage(), e);
        }
    }
}
