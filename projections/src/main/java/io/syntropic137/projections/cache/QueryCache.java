package io.syntropic137.projections.cache;

import java.util.function.Supplier;

/**
 * Caches query results (as JSON text) per projection. Every committed batch of a projection invalidates that
 * projection's entries before its progress is announced, so a read-your-writes query never sees a stale entry.
 */
public interface QueryCache extends AutoCloseable {

    /** The cached value of {@code key} in {@code projection}, or {@code loader}'s (then cached). */
    String get(String projection, String key, Supplier<String> loader);

    /** Drops every entry of {@code projection}, here and on every other node sharing the cache. */
    void invalidate(String projection);

    /** Empty when healthy; otherwise what is degraded (reads then bypass the cache, never serve stale data). */
    java.util.Optional<String> degraded();

    @Override
    void close();
}
