package io.syntropic137.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.syntropic137.projections.cache.QueryCache;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The query cache with its hits and misses counted per projection. A read is a miss exactly when the cache asked
 * for the loader, whichever backend it is (a degraded Redis cache bypassed counts as a miss too).
 */
public final class MeteredQueryCache implements QueryCache {
    private final QueryCache cache;
    private final Meter.MeterProvider<Counter> gets;
    private final String backend;

    /** @param backend the tag naming the backend: {@code caffeine} or {@code redis} */
    public MeteredQueryCache(QueryCache cache, String backend, MeterRegistry registry) {
        this.cache = cache;
        this.backend = backend;
        this.gets = Counter.builder("syn.query.cache.gets")
                .description("Query cache reads by backend, projection and result (hit, miss)").withRegistry(registry);
    }

    @Override
    public String get(String projection, String key, Supplier<String> loader) {
        boolean[] loaded = new boolean[1];
        String value = cache.get(projection, key, () -> {
            loaded[0] = true;
            return loader.get();
        });
        gets.withTags(Tags.of("backend", backend, "projection", projection, "result", loaded[0] ? "miss" : "hit")).increment();
        return value;
    }

    @Override
    public void invalidate(String projection) {
        cache.invalidate(projection);
    }

    @Override
    public Optional<String> degraded() {
        return cache.degraded();
    }

    @Override
    public void close() {
        cache.close();
    }
}
