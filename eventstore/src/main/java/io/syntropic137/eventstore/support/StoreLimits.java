package io.syntropic137.eventstore.support;

/** Input limits every backend enforces. */
public record StoreLimits(int maxEventBytes, int maxEventsPerAppend) {
    public static final int DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;
    public static final StoreLimits DEFAULTS = new StoreLimits(DEFAULT_MAX_EVENT_BYTES, 10_000);

    public StoreLimits {
        if (maxEventBytes < 64) {
            throw new IllegalArgumentException("maxEventBytes must be >= 64, was " + maxEventBytes);
        }
        if (maxEventsPerAppend < 1) {
            throw new IllegalArgumentException("maxEventsPerAppend must be >= 1, was " + maxEventsPerAppend);
        }
    }
}
