package io.syntropic137.eventstore;

import java.util.Set;

/** Which events a global read or subscription delivers: all, a stream prefix, a set of event types, or both. */
public record EventFilter(String streamPrefix, Set<String> types) {
    public static final EventFilter ALL = new EventFilter(null, Set.of());

    public EventFilter {
        types = types == null ? Set.of() : Set.copyOf(types);
        if (streamPrefix != null && streamPrefix.isEmpty()) {
            streamPrefix = null;
        }
    }

    public static EventFilter streamPrefix(String prefix) {
        return new EventFilter(prefix, Set.of());
    }

    public static EventFilter types(String... types) {
        return new EventFilter(null, Set.of(types));
    }

    public boolean isAll() {
        return streamPrefix == null && types.isEmpty();
    }

    public boolean matches(String streamId, String type) {
        return (streamPrefix == null || streamId.startsWith(streamPrefix)) && (types.isEmpty() || types.contains(type));
    }
}
