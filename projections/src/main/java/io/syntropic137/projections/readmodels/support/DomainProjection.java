package io.syntropic137.projections.readmodels.support;

import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.eventstore.RecordedEvent;
import io.syntropic137.projections.Projection;
import io.syntropic137.projections.ProjectionTables;
import io.syntropic137.projections.ReadModelDatabase;
import io.syntropic137.eventstore.EventFilter;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A projection of domain events: each page is decoded once and folded by a {@link Fold} that holds the rows
 * the page touches, then written once. Applying a page at once or event by event gives the same tables, which
 * the rebuild tests check (a rebuild reads different page boundaries than the live runner did).
 */
public abstract class DomainProjection implements Projection {
    private final EventCodec codec;
    private final String name;
    private final int version;
    private final EventFilter filter;
    private final List<RowTable<?, ?>> tables;
    /** Per generation built from empty tables by one runner: what it knows of each table without asking. */
    private final Map<ProjectionTables, Map<String, TableMemory>> memory = new ConcurrentHashMap<>();
    /** Beyond this many remembered keys a generation goes back to looking rows up (bounded memory). */
    private static final int MAX_REMEMBERED_KEYS = 2_000_000;
    private static final ThreadLocal<Map<String, TableMemory>> BATCH_MEMORY = new ThreadLocal<>();

    /** Everything a projection declares besides its fold: its name, version, the events it reads, its tables. */
    protected DomainProjection(EventCodec codec, String name, int version, EventFilter filter, List<RowTable<?, ?>> tables) {
        this.codec = codec;
        this.name = name;
        this.version = version;
        this.filter = filter;
        this.tables = List.copyOf(tables);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int version() {
        return version;
    }

    @Override
    public final EventFilter filter() {
        return filter;
    }

    @Override
    public final List<String> tables() {
        return tables.stream().map(RowTable::logicalName).toList();
    }

    @Override
    public final void createTables(ProjectionTables projectionTables, Connection connection, ReadModelDatabase.Dialect dialect)
            throws SQLException {
        for (RowTable<?, ?> table : tables) {
            table.create(projectionTables, connection, dialect);
        }
    }

    /** The in-memory state of one page: it applies events to rows and writes them at the end. */
    public interface Fold {
        void apply(DomainEvent event, RecordedEvent recorded) throws SQLException;

        void flush() throws SQLException;
    }

    protected abstract Fold begin(ProjectionTables tables, Connection connection) throws SQLException;

    @Override
    public final void apply(RecordedEvent event, ProjectionTables tables, Connection connection) throws SQLException {
        applyBatch(List.of(event), tables, connection);
    }

    @Override
    public final void startedEmpty(ProjectionTables tables) {
        memory.put(tables, new ConcurrentHashMap<>());
    }

    @Override
    public final void forget(ProjectionTables tables) {
        memory.remove(tables);
    }

    /**
     * The rows kept from committed batches may hold the rolled-back batch's changes, so the generation goes back
     * to looking rows up and upserting them: slower, but right whatever made the batch fail (even a row that
     * should not have existed, which a retry relying on the written keys would copy into a conflict again).
     */
    @Override
    public final void rolledBack(ProjectionTables tables) {
        memory.remove(tables);
    }

    @Override
    public final void applyBatch(List<RecordedEvent> events, ProjectionTables tables, Connection connection) throws SQLException {
        prepare(events).apply(tables, connection);
    }

    /** Decodes the page outside the transaction; folding and writing happen in it. */
    @Override
    public final Batch prepare(List<RecordedEvent> events) {
        List<DomainEvent> decoded = new ArrayList<>(events.size());
        for (RecordedEvent recorded : events) {
            decoded.add(codec.decode(recorded));
        }
        return (tables, connection) -> {
            Map<String, TableMemory> known = memory.get(tables);
            // handed to the batch's Rows through the thread, so the folds need not pass it along
            BATCH_MEMORY.set(known);
            try {
                Fold fold = begin(tables, connection);
                for (int i = 0; i < events.size(); i++) {
                    fold.apply(decoded.get(i), events.get(i));
                }
                fold.flush();
            } finally {
                BATCH_MEMORY.remove();
            }
            if (known != null && known.values().stream().mapToInt(t -> t.written.size()).sum() > MAX_REMEMBERED_KEYS) {
                memory.remove(tables);
            }
        };
    }

    /**
     * What the current batch's generation knows of {@code table} without asking the database, or null when
     * nothing (then each row is looked up): see {@link TableMemory}.
     */
    static TableMemory memory(String table) {
        Map<String, TableMemory> known = BATCH_MEMORY.get();
        return known == null ? null : known.computeIfAbsent(table, t -> new TableMemory());
    }
}
