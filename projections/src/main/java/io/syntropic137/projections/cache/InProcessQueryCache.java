package io.syntropic137.projections.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The embedded default: Caffeine, bounded by entry count. Invalidation bumps the projection's epoch, which is
 * part of every key, so all its entries become unreachable at once without a scan (the bound evicts them).
 */
public final class InProcessQueryCache implements QueryCache {
    private final Cache<String, String> entries;
    private final Map<String, AtomicLong> epochs = new ConcurrentHashMap<>();

    public InProcessQueryCache(long maximumEntries) {
        this.entries = Caffeine.newBuilder().maximumSize(maximumEntries).build();
    }

    @Override
    public String get(String projection, String key, Supplier<String> loader) {
        // read the epoch before loading: a load racing with an invalidation is stored under the old epoch
        String cacheKey = projection + '\u0000' + epoch(projection).get() + '\u0000' + key;
        return entries.get(cacheKey, k -> loader.get());
    }

    @Override
    public void invalidate(String projection) {
        epoch(projection).incrementAndGet();
    }

    private AtomicLong epoch(String projection) {
        return epochs.computeIfAbsent(projection, p -> new AtomicLong());
    }

    @Override
    public Optional<String> degraded() {
        return Optional.empty();
    }

    @Override
    public void close() {
        entries.invalidateAll();
    }
}
