package io.syntropic137.observability;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Time as both databases keep it: microseconds since the epoch. */
public final class Micros {
    public static long of(Instant time) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, time);
    }

    public static Instant toInstant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    public static Instant truncate(Instant time) {
        return time.truncatedTo(ChronoUnit.MICROS);
    }

    private Micros() {
    }
}
