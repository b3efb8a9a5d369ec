package io.syntropic137.bench.eventstore;

import java.time.Instant;

final class Clock {
    private Clock() {
    }

    /** Wall-clock epoch microseconds, what the stores record as recorded-at. */
    static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
