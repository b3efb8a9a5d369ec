package io.syntropic137.application;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Aggregates as they were after this node's last successful append, so the next command on the same aggregate
 * skips reading the store. Never trusted blindly: appends still carry the exact expected version (a stale entry
 * turns into a conflict, then a catch-up), and a refusal is only given after catching up with the store.
 *
 * <p>Concurrent (no lock shared by all aggregates): hundreds of executions send commands at once, and one monitor
 * around a map made every command of every execution wait for each other.
 */
final class AggregateCache {
    private final Cache<String, LoadedAggregate<?, ?>> entries;

    AggregateCache(int capacity) {
        this.entries = Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run).build();
    }

    @SuppressWarnings("unchecked")
    <S, E extends io.syntropic137.domain.shared.DomainEvent> LoadedAggregate<S, E> get(String streamId) {
        return (LoadedAggregate<S, E>) entries.getIfPresent(streamId); // the stream id's prefix fixes the aggregate type
    }

    /** Keeps the newer of what is cached and {@code loaded}. */
    void remember(LoadedAggregate<?, ?> loaded) {
        entries.asMap().merge(loaded.streamId(), loaded,
                (current, candidate) -> current.version() < candidate.version() ? candidate : current);
    }

    void forget(String streamId) {
        entries.invalidate(streamId);
    }
}
