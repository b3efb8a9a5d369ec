package io.syntropic137.server.auth;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(new AuthSettings.RateLimit(2, 4), now::get);

    @Test
    void aBurstPassesThenTheRateRefillsIt() {
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.acquire("a")).isEmpty();
        }
        assertThat(limiter.acquire("a")).isEqualTo(OptionalLong.of(1));
        assertThat(limiter.acquire("b")).as("another client has its own bucket").isEmpty();
        now.addAndGet(500_000_000L); // half a second at 2/s: one unit back
        assertThat(limiter.acquire("a")).isEmpty();
        assertThat(limiter.acquire("a")).isPresent();
        now.addAndGet(60_000_000_000L); // a long pause refills only up to the burst
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.acquire("a")).isEmpty();
        }
        assertThat(limiter.acquire("a")).isPresent();
    }

    @Test
    void aSlowRateAsksForTheWholeWait() {
        RateLimiter slow = new RateLimiter(new AuthSettings.RateLimit(0.2, 1), now::get);
        assertThat(slow.acquire("a")).isEmpty();
        assertThat(slow.acquire("a")).isEqualTo(OptionalLong.of(5));
    }

    @Test
    void noLimitNeverRefuses() {
        RateLimiter none = new RateLimiter(AuthSettings.RateLimit.NONE, now::get);
        for (int i = 0; i < 10_000; i++) {
            assertThat(none.acquire("a")).isEmpty();
        }
    }

    @Test
    void loopbackIsRecognisedWithoutAskingDns() {
        assertThat(AuthSettings.isLoopback("127.0.0.1")).isTrue();
        assertThat(AuthSettings.isLoopback("127.1.2.3")).isTrue();
        assertThat(AuthSettings.isLoopback("::1")).isTrue();
        assertThat(AuthSettings.isLoopback("localhost")).isTrue();
        assertThat(AuthSettings.isLoopback("0.0.0.0")).isFalse();
        assertThat(AuthSettings.isLoopback("192.168.1.5")).isFalse();
        assertThat(AuthSettings.isLoopback("myhost")).isFalse();
    }
}
