package io.syntropic137.eventstore.support;

import io.syntropic137.eventstore.EventFilter;
import io.syntropic137.eventstore.EventPage;
import io.syntropic137.eventstore.RecordedEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The read queries both SQL backends share (same table shape), and the one place that knows how a filtered
 * global page is bounded. A backend supplies how to run a query and how its SQL says "stream id starts with"
 * and "type is one of".
 */
public final class EventQueries {
    public static final String COLUMNS =
            "position, stream_id, stream_version, event_id, type, schema_version, data, correlation_id, causation_id, actor, recorded_at";
    public static final String STREAM_FORWARD =
            "SELECT " + COLUMNS + " FROM events WHERE stream_id = ? AND stream_version >= ? ORDER BY stream_version LIMIT ?";
    public static final String STREAM_BACKWARD =
            "SELECT " + COLUMNS + " FROM events WHERE stream_id = ? AND stream_version <= ? ORDER BY stream_version DESC LIMIT ?";
    public static final String STREAM_VERSION = "SELECT coalesce(max(stream_version), 0) FROM events WHERE stream_id = ?";
    public static final String HEAD = "SELECT coalesce(max(position), 0) FROM events";

    /** Runs a query returning events. */
    @FunctionalInterface
    public interface Query {
        List<RecordedEvent> run(String sql, Object... args);
    }

    /** How a backend's SQL expresses the filter's predicates; each appends its SQL and its arguments. */
    public interface FilterSql {
        void streamPrefix(String prefix, StringBuilder sql, List<Object> args);

        void typeIn(java.util.Set<String> types, StringBuilder sql, List<Object> args);
    }

    /**
     * A page of events after {@code afterPosition}. A filtered read is bounded by the head read first:
     * everything at or below it is committed (positions follow commit order), so the next page may start at
     * the head even when the filter dropped every row in between, and nothing is scanned twice.
     */
    public static EventPage readPage(long afterPosition, int limit, EventFilter filter, LongSupplier head, Query query,
                                     FilterSql filterSql) {
        return readPage(afterPosition, limit, filter, head, query, filterSql, COLUMNS);
    }

    /** The same, selecting {@code columns} (a backend whose table has its own shape names what it reads). */
    public static EventPage readPage(long afterPosition, int limit, EventFilter filter, LongSupplier head, Query query,
                                     FilterSql filterSql, String columns) {
        if (filter.isAll()) {
            List<RecordedEvent> events = query.run("SELECT " + columns + " FROM events WHERE position > ? ORDER BY position LIMIT ?",
                    afterPosition, limit);
            return new EventPage(events, events.isEmpty() ? afterPosition : events.getLast().position());
        }
        long bound = head.getAsLong();
        if (bound <= afterPosition) {
            return new EventPage(List.of(), afterPosition);
        }
        StringBuilder sql = new StringBuilder("SELECT " + columns + " FROM events WHERE position > ? AND position <= ?");
        List<Object> args = new ArrayList<>(List.of(afterPosition, bound));
        if (filter.streamPrefix() != null) {
            sql.append(" AND ");
            filterSql.streamPrefix(filter.streamPrefix(), sql, args);
        }
        if (!filter.types().isEmpty()) {
            sql.append(" AND ");
            filterSql.typeIn(filter.types(), sql, args);
        }
        sql.append(" ORDER BY position LIMIT ?");
        args.add(limit);
        List<RecordedEvent> events = query.run(sql.toString(), args.toArray());
        return new EventPage(events, events.size() < limit ? bound : events.getLast().position());
    }

    private EventQueries() {
    }
}
