package io.syntropic137.projections;

import io.syntropic137.eventstore.EventFilter;
import io.syntropic137.eventstore.RecordedEvent;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A read model built from events. Implementations are pure data transformations into their own tables:
 * no side effects (a rebuild replays every event through {@link #apply}), and idempotent upserts where they can.
 */
public interface Projection {

    /** Stable name, also the key of its checkpoint. */
    String name();

    /** Bump to rebuild from position 0 into new tables; the old ones serve queries until the swap. */
    int version();

    /** The events this projection reads; others are skipped without a transaction. */
    EventFilter filter();

    /** Logical names of the tables {@link #createTables} creates, so a retired generation can be dropped. */
    List<String> tables();

    void createTables(ProjectionTables tables, Connection connection, ReadModelDatabase.Dialect dialect) throws SQLException;

    void apply(RecordedEvent event, ProjectionTables tables, Connection connection) throws SQLException;

    /** A page made ready to apply: what needs no transaction is done, the rest happens in {@link #apply}. */
    @FunctionalInterface
    interface Batch {
        void apply(ProjectionTables tables, Connection connection) throws SQLException;
    }

    /**
     * Does the work of a page that needs no transaction (decoding) before the runner opens one, so runners overlap
     * it with each other's writes: on SQLite every projection shares one write lock, and decoding inside it left
     * one of the two cores idle. The default defers everything to {@link #applyBatch}.
     */
    default Batch prepare(List<RecordedEvent> events) {
        return (tables, connection) -> applyBatch(events, tables, connection);
    }

    /**
     * Called by a runner whose tables were just created (empty) and which starts at position 0: until
     * {@link #forget} only that runner writes them, so a projection may remember the rows it wrote and skip
     * looking up any other row (it cannot exist). Building from zero then costs no lookup of a row not yet there.
     */
    default void startedEmpty(ProjectionTables tables) {
    }

    /** What {@link #startedEmpty} allowed no longer holds: another node wrote these tables, or they are retired. */
    default void forget(ProjectionTables tables) {
    }

    /**
     * A batch applied to these tables was rolled back (or may have been: its commit failed). Whatever the
     * projection kept in memory from committed batches and changed in that batch no longer matches the tables.
     */
    default void rolledBack(ProjectionTables tables) {
    }

    /**
     * Applies one page of events in the runner's transaction. Overriding it lets a projection fold a page in
     * memory and write each touched row once, instead of once per event; the result must equal applying the
     * events one by one.
     */
    default void applyBatch(List<RecordedEvent> events, ProjectionTables tables, Connection connection) throws SQLException {
        for (RecordedEvent event : events) {
            apply(event, tables, connection);
        }
    }
}
