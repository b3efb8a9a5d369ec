package io.syntropic137.projections;

import io.syntropic137.projections.cache.InProcessQueryCache;
import io.syntropic137.projections.cache.QueryCache;
import io.syntropic137.projections.cache.RedisQueryCache;
import io.syntropic137.testing.RedisTestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class QueryCacheTest {

    private static void eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static void cachesAndInvalidates(QueryCache cache) {
        AtomicInteger loads = new AtomicInteger();
        assertThat(cache.get("executions", "page-1", () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
        assertThat(cache.get("executions", "page-1", () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
        assertThat(cache.get("workflows", "page-1", () -> "w")).isEqualTo("w");
        cache.invalidate("executions");
        assertThat(cache.get("executions", "page-1", () -> "v" + loads.incrementAndGet())).isEqualTo("v2");
        assertThat(cache.get("workflows", "page-1", () -> "changed")).isEqualTo("w"); // other projections untouched
    }

    @Test
    void inProcessCacheServesUntilItsProjectionIsInvalidated() {
        try (QueryCache cache = new InProcessQueryCache(1_000)) {
            cachesAndInvalidates(cache);
        }
    }

    @Test
    void redisCacheServesUntilItsProjectionIsInvalidated() {
        try (QueryCache cache = new RedisQueryCache(RedisTestServer.sharedUrl(), "t" + UUID.randomUUID(), Duration.ofMinutes(1))) {
            cachesAndInvalidates(cache);
        }
    }

    @Test
    void anInvalidationOnOneNodeReachesTheOthers() throws Exception {
        String namespace = "t" + UUID.randomUUID();
        try (QueryCache nodeA = new RedisQueryCache(RedisTestServer.sharedUrl(), namespace, Duration.ofMinutes(1));
             QueryCache nodeB = new RedisQueryCache(RedisTestServer.sharedUrl(), namespace, Duration.ofMinutes(1))) {
            assertThat(nodeA.get("executions", "detail-1", () -> "old")).isEqualTo("old");
            assertThat(nodeB.get("executions", "detail-1", () -> "never loaded")).isEqualTo("old"); // shared
            nodeB.invalidate("executions");
            eventually(() -> nodeA.get("executions", "detail-1", () -> "new").equals("new"));
        }
    }

    @Test
    void aRedisOutageDegradesToDirectReadsAndRecoversWithoutStaleEntries() throws Exception {
        try (RedisTestServer redis = RedisTestServer.startPrivate();
             QueryCache cache = new RedisQueryCache(redis.url(), "outage", Duration.ofMinutes(1))) {
            assertThat(cache.get("executions", "k", () -> "before")).isEqualTo("before");
            redis.stop();
            assertThat(cache.get("executions", "k", () -> "direct")).isEqualTo("direct");
            assertThat(cache.degraded()).hasValueSatisfying(p -> assertThat(p).contains("redis cache unavailable"));
            cache.invalidate("executions"); // missed by Redis while it is down
            assertThat(cache.get("executions", "k", () -> "still direct")).isEqualTo("still direct");

            redis.start(); // empty again, like a restarted cache without persistence
            eventually(() -> cache.degraded().isEmpty());
            assertThat(cache.get("executions", "k", () -> "after")).isEqualTo("after");
        }
    }
}
