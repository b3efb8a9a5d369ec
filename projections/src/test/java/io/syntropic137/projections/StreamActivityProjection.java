package io.syntropic137.projections;

import io.syntropic137.eventstore.EventFilter;
import io.syntropic137.eventstore.RecordedEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A test read model whose counters are NOT idempotent: applying an event twice shows up as a wrong count,
 * so any double application by the runtime is caught.
 */
class StreamActivityProjection implements Projection {
    private final String name;
    private final int version;
    private final String streamPrefix;
    volatile Predicate<RecordedEvent> failOn = e -> false;
    volatile long delayMillisPerEvent;
    final AtomicInteger applied = new AtomicInteger();
    /** Batches applied (each in its own transaction with the checkpoint). */
    final AtomicInteger batches = new AtomicInteger();

    StreamActivityProjection(String name, int version, String streamPrefix) {
        this.name = name;
        this.version = version;
        this.streamPrefix = streamPrefix;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int version() {
        return version;
    }

    @Override
    public EventFilter filter() {
        return EventFilter.streamPrefix(streamPrefix);
    }

    @Override
    public List<String> tables() {
        return List.of(name + "_streams", name + "_types");
    }

    @Override
    public void createTables(ProjectionTables tables, Connection c, ReadModelDatabase.Dialect dialect) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + tables.of(name + "_streams")
                    + " (stream_id TEXT PRIMARY KEY, events BIGINT NOT NULL, last_type TEXT NOT NULL, last_position BIGINT NOT NULL)");
            s.execute("CREATE TABLE " + tables.of(name + "_types") + " (type TEXT PRIMARY KEY, events BIGINT NOT NULL)");
        }
    }

    @Override
    public void applyBatch(List<RecordedEvent> events, ProjectionTables tables, Connection c) throws SQLException {
        batches.incrementAndGet();
        Projection.super.applyBatch(events, tables, c);
    }

    @Override
    public void apply(RecordedEvent event, ProjectionTables tables, Connection c) throws SQLException {
        if (failOn.test(event)) {
            throw new IllegalStateException("cannot handle " + event.type() + " at " + event.position());
        }
        if (delayMillisPerEvent > 0) {
            try {
                Thread.sleep(delayMillisPerEvent);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted", e);
            }
        }
        String lastType = version >= 2 ? event.type().toUpperCase(java.util.Locale.ROOT) : event.type();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + tables.of(name + "_streams")
                + " (stream_id, events, last_type, last_position) VALUES (?, 1, ?, ?) ON CONFLICT (stream_id) DO UPDATE SET "
                + "events = " + tables.of(name + "_streams") + ".events + 1, last_type = excluded.last_type, last_position = excluded.last_position")) {
            s.setString(1, event.streamId());
            s.setString(2, lastType);
            s.setLong(3, event.position());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + tables.of(name + "_types")
                + " (type, events) VALUES (?, 1) ON CONFLICT (type) DO UPDATE SET events = " + tables.of(name + "_types") + ".events + 1")) {
            s.setString(1, event.type());
            s.executeUpdate();
        }
        applied.incrementAndGet();
    }
}
