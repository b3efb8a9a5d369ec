package io.syntropic137.server.auth;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per client: each request takes one unit, units come back at the configured rate up to the burst.
 * A client that finds its bucket empty is told how many seconds until a unit is back.
 */
public final class RateLimiter {
    /** Above this many clients, buckets that have refilled completely are dropped (they hold no information). */
    private static final int SWEEP_ABOVE = 10_000;

    private final AuthSettings.RateLimit limit;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(AuthSettings.RateLimit limit) {
        this(limit, System::nanoTime);
    }

    RateLimiter(AuthSettings.RateLimit limit, LongSupplier nanoTime) {
        this.limit = limit;
        this.nanoTime = nanoTime;
    }

    /** Empty when the request may go on; otherwise the whole seconds to wait (at least 1) before trying again. */
    public OptionalLong acquire(String client) {
        if (!limit.limited()) {
            return OptionalLong.empty();
        }
        if (buckets.size() > SWEEP_ABOVE) {
            long now = nanoTime.getAsLong();
            buckets.values().removeIf(b -> b.isFull(now));
        }
        return buckets.computeIfAbsent(client, c -> new Bucket(limit.burst(), nanoTime.getAsLong())).take(nanoTime.getAsLong());
    }

    private final class Bucket {
        private double units;
        private long refilledAt;

        Bucket(double units, long now) {
            this.units = units;
            this.refilledAt = now;
        }

        synchronized OptionalLong take(long now) {
            refill(now);
            if (units >= 1) {
                units -= 1;
                return OptionalLong.empty();
            }
            double seconds = (1 - units) / limit.perSecond();
            return OptionalLong.of(Math.max(1, (long) Math.ceil(seconds)));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return units >= limit.burst();
        }

        private void refill(long now) {
            units = Math.min(limit.burst(), units + (now - refilledAt) / 1e9 * limit.perSecond());
            refilledAt = now;
        }
    }
}
