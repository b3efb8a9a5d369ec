package io.syntropic137.application;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for events and correlations that are neither secrets nor derived from an idempotency key: UUID version 7
 * (RFC 9562), a millisecond timestamp followed by 74 random bits.
 *
 * <p>Why not {@link UUID#randomUUID()}: it draws from one shared {@code SecureRandom} (a lock and a read of the
 * kernel's generator per id), and its ids land at random places in the store's unique index on event ids, so
 * every append dirtied a different index page. Time-ordered ids are appended at the index's end. Nobody may
 * guess an id to gain anything (event ids are not credentials), so the unpredictability of a CSPRNG buys nothing.
 */
final class TimeOrderedIds {

    static UUID next() {
        return of(System.currentTimeMillis(), ThreadLocalRandom.current());
    }

    static UUID of(long epochMillis, java.util.random.RandomGenerator random) {
        long msb = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (random.nextInt() & 0x0FFFL);
        long lsb = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    private TimeOrderedIds() {
    }
}
