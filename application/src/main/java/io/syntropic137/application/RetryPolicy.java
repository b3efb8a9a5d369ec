package io.syntropic137.application;

/**
 * How often a command is decided again after losing a race for its aggregate, and how long to wait between
 * tries (a random share of {@code maxBackoffMicros * attempt}, so racing writers spread out).
 */
public record RetryPolicy(int maxAttempts, long maxBackoffMicros) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(8, 2_000);

    public RetryPolicy {
        if (maxAttempts < 1 || maxBackoffMicros < 0) {
            throw new IllegalArgumentException("maxAttempts must be >= 1 and maxBackoffMicros >= 0");
        }
    }
}
