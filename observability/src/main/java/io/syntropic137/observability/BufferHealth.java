package io.syntropic137.observability;

import java.time.Instant;

/**
 * The telemetry buffer's state for health checks.
 *
 * @param held                events taken and not yet committed
 * @param capacity            events it holds at most (beyond, HTTP gets 429 and in-process producers wait)
 * @param stored              events committed since start
 * @param failedAttempts      write attempts that failed since start (each was retried)
 * @param consecutiveFailures failed attempts since the last successful write; above 0 the store is failing now
 * @param lastError           the last write failure, or null when none happened
 * @param lastErrorAt         when it happened, or null
 * @param lastFlushAt         the last successful write, or null before the first
 * @param refusedFull         offers refused because the buffer was full (never taken, so nothing was lost)
 * @param dropped             accepted events never stored: only possible when the store still failed when the close
 *                            timeout ran out at shutdown; anything else is a bug
 */
public record BufferHealth(int held, int capacity, long stored, long failedAttempts, long consecutiveFailures,
                           String lastError, Instant lastErrorAt, Instant lastFlushAt, long refusedFull, long dropped) {

    public boolean storeFailing() {
        return consecutiveFailures > 0;
    }

    public double fill() {
        return capacity == 0 ? 0 : (double) held / capacity;
    }
}
