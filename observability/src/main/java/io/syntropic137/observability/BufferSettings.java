package io.syntropic137.observability;

import java.time.Duration;

/**
 * @param capacity        events held at most (queued plus being written); beyond it HTTP gets 429 and in-process
 *                        callers wait
 * @param batchSize       events written per transaction at most; a flush starts at once when this many are queued
 * @param linger          how long a flush waits for a batch to fill before writing what it has
 * @param maxRetryBackoff longest pause between attempts when the database fails (the batch is retried until it is
 *                        stored or the buffer is closed)
 * @param closeTimeout    how long close() keeps trying to store what is queued
 * @param flushers        threads writing batches side by side (each on its own connection); more than one lets
 *                        PostgreSQL use several cores for COPY, while SQLite writes one batch at a time anyway
 */
public record BufferSettings(int capacity, int batchSize, Duration linger, Duration maxRetryBackoff, Duration closeTimeout,
                             int flushers) {
    public BufferSettings {
        if (batchSize < 1 || capacity < batchSize) {
            throw new IllegalArgumentException("need 1 <= batchSize <= capacity, got batchSize " + batchSize + ", capacity " + capacity);
        }
        if (flushers < 1) {
            throw new IllegalArgumentException("need at least one flusher, got " + flushers);
        }
    }

    public BufferSettings(int capacity, int batchSize, Duration linger, Duration maxRetryBackoff, Duration closeTimeout) {
        this(capacity, batchSize, linger, maxRetryBackoff, closeTimeout, 1);
    }

    public static BufferSettings defaults() {
        return new BufferSettings(100_000, 5_000, Duration.ofMillis(5), Duration.ofSeconds(5), Duration.ofSeconds(30), 1);
    }

    public BufferSettings withCapacity(int newCapacity, int newBatchSize) {
        return new BufferSettings(newCapacity, newBatchSize, linger, maxRetryBackoff, closeTimeout, flushers);
    }

    public BufferSettings withFlushers(int count) {
        return new BufferSettings(capacity, batchSize, linger, maxRetryBackoff, closeTimeout, count);
    }
}
