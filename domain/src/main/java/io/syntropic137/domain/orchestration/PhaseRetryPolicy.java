package io.syntropic137.domain.orchestration;

/**
 * How often a failed phase is run again. Attempt {@code n} (n ≥ 2) waits
 * {@code min(initialBackoffMillis × multiplier^(n-2), maxBackoffMillis)} before it starts.
 *
 * @param maxAttempts total attempts including the first; 1 means no retry
 */
public record PhaseRetryPolicy(int maxAttempts, long initialBackoffMillis, double multiplier, long maxBackoffMillis) {

    public static final PhaseRetryPolicy NONE = new PhaseRetryPolicy(1, 0, 1.0, 0);

    public PhaseRetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        if (initialBackoffMillis < 0 || maxBackoffMillis < 0 || multiplier < 1.0) {
            throw new IllegalArgumentException("backoff must be >= 0 and multiplier >= 1");
        }
    }

    /** The wait before {@code attempt} (1-based); 0 for the first attempt. */
    public long backoffBefore(int attempt) {
        if (attempt <= 1) {
            return 0;
        }
        double wait = initialBackoffMillis * Math.pow(multiplier, attempt - 2);
        return (long) Math.min(wait, maxBackoffMillis == 0 ? wait : maxBackoffMillis);
    }
}
