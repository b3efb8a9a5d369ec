package io.syntropic137.application;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Aggregates as they were after this node's last successful append, so the next command on the same aggregate
 * skips reading the store. Never trusted blindly: appends still carry the exact expected version (a stale entry
 * turns into a conflict, then a catch-up), and a refusal is only given after catching up with the store.
 */
final class AggregateCache {
    private final Map<String, LoadedAggregate<?, ?>> entries;

    AggregateCache(int capacity) {
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LoadedAggregate<?, ?>> eldest) {
                return size() > capacity;
            }
        };
    }

    @SuppressWarnings("unchecked")
    synchronized <S, E extends io.syntropic137.domain.shared.DomainEvent> LoadedAggregate<S, E> get(String streamId) {
        return (LoadedAggregate<S, E>) entries.get(streamId); // the stream id's prefix fixes the aggregate type
    }

    /** Keeps the newer of what is cached and {@code loaded}. */
    synchronized void remember(LoadedAggregate<?, ?> loaded) {
        LoadedAggregate<?, ?> current = entries.get(loaded.streamId());
        if (current == null || current.version() < loaded.version()) {
            entries.put(loaded.streamId(), loaded);
        }
    }

    synchronized void forget(String streamId) {
        entries.remove(streamId);
    }
}
