package io.syntropic137.observability;

import java.time.Instant;
import java.util.List;

/**
 * The storage port. Adapters: PostgreSQL (time-partitioned, COPY) and SQLite (one table, batched transactions).
 * Writes are idempotent by event id; every method may throw {@link TelemetryStoreException} on I/O failure.
 */
public interface TelemetryStore extends AutoCloseable {

    /**
     * Stores the batch durably in one transaction; events already stored are skipped.
     *
     * @return how many events were new
     */
    int write(List<TelemetryEvent> batch);

    /** The tool events (started, completed, failed, blocked) of one session, oldest first. */
    List<TelemetryEvent> toolEvents(String sessionId);

    /** Token usage and session summaries in scope, grouped by the dimension; the cost model combines them. */
    List<UsageLine> usageLines(UsageScope scope, Dimension dimension);

    /** Newest first, filtered, one page after the cursor. */
    RecentPage recent(RecentQuery query);

    long count();

    /** Removes every event older than the cutoff (PostgreSQL: whole partitions entirely before it). */
    RetentionResult dropOlderThan(Instant cutoff);

    String backend();

    /** Housekeeping ahead of the given day (PostgreSQL: create the coming days' partitions). */
    default void prepareFor(java.time.LocalDate today) {
    }

    @Override
    void close();
}
