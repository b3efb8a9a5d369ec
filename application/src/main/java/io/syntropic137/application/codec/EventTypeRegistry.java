package io.syntropic137.application.codec;

import io.syntropic137.domain.shared.DomainEvent;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The stored name and schema version of every event class. Names are written out by hand (not taken from
 * class names) so that renaming a Java class can never change what is already in the store.
 */
public final class EventTypeRegistry {

    /** One registered event type. */
    public record EventType(Class<? extends DomainEvent> javaType, String name, int schemaVersion) {
    }

    private final Map<Class<?>, EventType> byClass;
    private final Map<String, EventType> byName;

    private EventTypeRegistry(Map<Class<?>, EventType> byClass, Map<String, EventType> byName) {
        this.byClass = byClass;
        this.byName = byName;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<EventType> forClass(Class<?> javaType) {
        return Optional.ofNullable(byClass.get(javaType));
    }

    public Optional<EventType> forName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<EventType> all() {
        return Collections.unmodifiableCollection(byClass.values());
    }

    public static final class Builder {
        private final Map<Class<?>, EventType> byClass = new LinkedHashMap<>();
        private final Map<String, EventType> byName = new LinkedHashMap<>();

        public Builder add(Class<? extends DomainEvent> javaType, String name, int schemaVersion) {
            if (schemaVersion < 1) {
                throw new IllegalArgumentException(name + ": schema version must be >= 1");
            }
            EventType type = new EventType(javaType, name, schemaVersion);
            if (byClass.putIfAbsent(javaType, type) != null) {
                throw new IllegalArgumentException(javaType.getName() + " is registered twice");
            }
            if (byName.putIfAbsent(name, type) != null) {
                throw new IllegalArgumentException("event type name '" + name + "' is used twice");
            }
            return this;
        }

        public EventTypeRegistry build() {
            return new EventTypeRegistry(Map.copyOf(byClass), Map.copyOf(byName));
        }
    }
}
