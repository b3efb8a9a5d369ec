package io.syntropic137.server.metrics;

import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.syntropic137.projections.cache.InProcessQueryCache;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class MeteredQueryCacheTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private double gets(String projection, String result) {
        return RequiredSearch.in(registry).name("syn.query.cache.gets")
                .tags("backend", "caffeine", "projection", projection, "result", result).counter().count();
    }

    @Test
    void aReadIsAMissExactlyWhenTheCacheAskedForTheLoader() {
        AtomicInteger loads = new AtomicInteger();
        try (MeteredQueryCache cache = new MeteredQueryCache(new InProcessQueryCache(100), "caffeine", registry)) {
            assertThat(cache.get("workflows", "list", () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
            assertThat(cache.get("workflows", "list", () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
            assertThat(cache.get("workflows", "list", () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
            cache.invalidate("workflows");
            assertThat(cache.get("workflows", "list", () -> "v" + loads.incrementAndGet())).isEqualTo("v2");
            assertThat(cache.get("executions", "list", () -> "e" + loads.incrementAndGet())).isEqualTo("e3");
        }
        assertThat(gets("workflows", "miss")).isEqualTo(2);
        assertThat(gets("workflows", "hit")).isEqualTo(2);
        assertThat(gets("executions", "miss")).isEqualTo(1);
        assertThat(loads.get()).isEqualTo(3);
    }
}
